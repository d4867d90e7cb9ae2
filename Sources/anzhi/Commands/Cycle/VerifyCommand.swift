import AnzhiCore
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi verify`: the 司法所's 核实 result for one person (domain §4–§5).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Record the 核实 result for a person: --ok, or --fail with the reason.",
        discussion: """
            The result goes to the prison that holds the person with the next `anzhi outbox`. A failure needs the \
            reason (未核实原因); where the person may be (可能去向) helps the prison correct the record. The prison's \
            corrected record comes back as 待核实, as many rounds as it takes; every round stays in the history. \
            Results for many people come in bulk from the office's ledger (columns 核实结果, 未核实原因, 可能去向, \
            司法所帮教建议): anzhi import --source office 台账.xlsx.
            Examples:
              anzhi verify '#17' --ok --advice 家属配合，建议落实帮教小组
              anzhi verify '#18' --fail --reason 查无此人 --whereabouts 可能在济南市槐荫区务工

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The person: a handle such as #17 or the 公民身份号码.") var person: String
    @Flag(help: "The record is verified (核实成功).") var ok = false
    @Flag(help: "The record could not be verified (核实失败); give --reason.") var fail = false
    @Option(help: "Why it could not be verified (未核实原因).") var reason: String?
    @Option(help: "Where the person may be (可能去向).") var whereabouts: String?
    @Option(help: "The office's help-education advice (司法所帮教建议).") var advice: String?

    func validate() throws {
        guard ok != fail else { throw ValidationError("give exactly one of --ok and --fail") }
        if fail, (reason ?? "").trimmingSpaces().isEmpty {
            throw ValidationError("--fail needs --reason: the prison must know why the record could not be verified")
        }
        if ok, reason != nil || whereabouts != nil {
            throw ValidationError("--reason and --whereabouts go with --fail")
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
        abstract: "Record the 回执 for a person with a pre-release notice: who collects them, when and where.",
        discussion: """
            The receipt goes to the prison with the next `anzhi outbox`. `anzhi due` lists the notices still waiting.
            Example: anzhi receipt '#17' --pickup-time "2027-01-15 09:00" --pickup-place 济南监狱大门 --pickup-by 张父

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The person: a handle such as #17 or the 公民身份号码.") var person: String
    @Option(name: .customLong("pickup-time"), help: "When the person is collected (接回时间).") var time: String
    @Option(name: .customLong("pickup-place"), help: "Where (接回地点).") var place: String
    @Option(name: .customLong("pickup-by"), help: "Who collects the person (接回人).") var by: String

    func validate() throws {
        for (name, v) in [("--pickup-time", time), ("--pickup-place", place), ("--pickup-by", by)]
        where v.trimmingSpaces().isEmpty {
            throw ValidationError("\(name) may not be empty")
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
