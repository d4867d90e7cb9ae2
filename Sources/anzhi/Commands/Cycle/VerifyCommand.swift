import AnzhiCore
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi verify`: the 司法所's 核实 result for one person (domain §4–§5).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: L("help.verify.abstract"),
        discussion: HelpText.discussion("help.verify.discussion"))
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp(L("help.common.person"))) var person: String
    @Flag(help: ArgumentHelp(L("help.verify.ok"))) var ok = false
    @Flag(help: ArgumentHelp(L("help.verify.fail"))) var fail = false
    @Option(help: ArgumentHelp(L("help.verify.reason"))) var reason: String?
    @Option(help: ArgumentHelp(L("help.verify.whereabouts"))) var whereabouts: String?
    @Option(help: ArgumentHelp(L("help.verify.advice"))) var advice: String?

    func validate() throws {
        guard ok != fail else { throw ValidationError(L("usage.verify.ok-or-fail")) }
        if fail, (reason ?? "").trimmingSpaces().isEmpty {
            throw ValidationError(L("usage.verify.fail-needs-reason"))
        }
        if ok, reason != nil || whereabouts != nil {
            throw ValidationError(L("usage.verify.reason-with-fail"))
        }
    }

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let p = try PersonArgument.find(person, in: db, inCustody: true)
            var values: [(field: String, value: String?)] = [("verification", ok ? "核实成功" : "核实失败")]
            if fail {
                values += [("verificationNote", reason), ("possibleWhereabouts", whereabouts)]
            } else {
                values += [("verificationNote", nil), ("possibleWhereabouts", nil)]
            }
            if let advice { values.append(("officeAdvice", advice)) }
            let changed = try db.setOfficeFields(personID: p.id, values, source: "anzhi verify")
            Console.out(
                "\(p.handle) \(p.value("name") ?? "") \(ok ? "核实成功" : "核实失败")"
                    + L(changed == 0 ? "cycle.unchanged" : "cycle.goes-with-outbox"))
            return 0
        }
    }
}

/// `anzhi receipt`: the 回执 answering a pre-release notice.
struct ReceiptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: L("help.receipt.abstract"),
        discussion: HelpText.discussion("help.receipt.discussion"))
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp(L("help.common.person"))) var person: String
    @Option(name: .customLong("pickup-time"), help: ArgumentHelp(L("help.receipt.pickup-time"))) var time: String
    @Option(name: .customLong("pickup-place"), help: ArgumentHelp(L("help.receipt.pickup-place"))) var place: String
    @Option(name: .customLong("pickup-by"), help: ArgumentHelp(L("help.receipt.pickup-by"))) var by: String

    func validate() throws {
        for (name, v) in [("--pickup-time", time), ("--pickup-place", place), ("--pickup-by", by)]
        where v.trimmingSpaces().isEmpty {
            throw ValidationError(L("usage.receipt.empty", "option", name))
        }
    }

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let p = try PersonArgument.find(person, in: db, inCustody: true)
            guard try db.prereleaseNotices()[p.key] != nil else {
                throw CommandError(
                    codeName: "no-prerelease-notice",
                    message: L("cycle.no-notice", "person", p.handle))
            }
            let changed = try db.setOfficeFields(
                personID: p.id, [("pickupTime", time), ("pickupPlace", place), ("pickupBy", by)],
                source: "anzhi receipt")
            Console.out(
                L(
                    "cycle.receipt", "person", p.handle, "name", p.value("name") ?? "", "time", time, "place", place,
                    "by",
                    by) + L(changed == 0 ? "cycle.unchanged" : "cycle.goes-with-outbox"))
            return 0
        }
    }
}
