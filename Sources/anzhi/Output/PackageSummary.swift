import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet

/// What importing a package did, for a person; returns the exit status it implies.
enum PackageSummary {
    static func print(_ r: PackageImportReport, verbose: Bool, limit: Int) -> Int32 {
        if let e = r.enrolled {
            Console.out(
                L(
                    "package.enrolled", "file", r.file, "name", e.office.name, "code", e.office.code, "level",
                    e.office.level.label, "fingerprint", OfficeCommand.fingerprint(e)))
            return 0
        }
        if r.alreadyImported {
            Console.out(L("package.already", "file", r.file, "sequence", r.sequence, "sender", r.sender))
            return 0
        }
        Console.out(L("package.from", "file", r.file, "sequence", r.sequence, "sender", r.sender))
        if !r.missing.isEmpty {
            Console.err(
                "\(r.file): \(Diagnostic.Severity.warning.word): [package-gap] "
                    + L(
                        "package.gap", "missing", r.missing.map(String.init).joined(separator: ", "), "sender", r.sender
                    ))
        }
        if r.directoryAdded > 0 { Console.out("  " + L("package.directory", "count", r.directoryAdded)) }
        for code in r.directoryRefused {
            Console.err(
                "\(r.file): \(Diagnostic.Severity.warning.word): [directory-conflict] "
                    + L("package.directory-conflict", "code", code))
        }
        var status: Int32 = 0
        if let people = r.people {
            Summary.print(people, verbose: verbose, limit: limit)
            if r.historyAdded > 0 {
                Console.out("  " + L("package.history", "count", r.historyAdded, "sender", r.sender))
            }
            status = people.counts.rejected > 0 ? 1 : 0
        }
        if let results = r.results {
            Summary.print(results, verbose: verbose, limit: limit)
            if results.counts.rejected > 0 { status = 1 }
            // What the office answered, person by person: the prison acts on failures and on receipts.
            for p in r.answered {
                var parts = ["  #\(p.id)", p.value("name") ?? "", p.value("verification") ?? "待核实"]
                if p.value("verification") == "核实失败" {
                    parts.append(L("package.reason", "reason", p.value("verificationNote") ?? "—"))
                    if let w = p.value("possibleWhereabouts") { parts.append(L("package.whereabouts", "place", w)) }
                }
                if let by = p.value("pickupBy") {
                    parts.append(
                        L(
                            "package.receipt", "time", p.value("pickupTime") ?? "—", "place",
                            p.value("pickupPlace") ?? "—",
                            "by", by))
                }
                Console.out(parts.joined(separator: "\t"))
            }
        }
        if r.notices > 0 { Console.out("  " + L("package.notices", "count", r.notices)) }
        for period in r.reports {
            Console.out("  " + L("package.report", "period", period, "sender", r.sender))
        }
        for d in r.decisions {
            Console.out(
                "  "
                    + L(
                        "package.decision", "period", d.period, "sender", r.sender, "decision",
                        d.approved ? L("review.approved") : L("review.state.rejected", "reason", d.reason ?? "")))
        }
        if r.messages > 0 { Console.out("  " + L("package.messages", "count", r.messages)) }
        return status
    }
}
