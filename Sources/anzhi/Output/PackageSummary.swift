import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation

/// What importing a package did, for a person; returns the exit status it implies.
enum PackageSummary {
    static func print(_ r: PackageImportReport, verbose: Bool, limit: Int) -> Int32 {
        if let e = r.enrolled {
            Console.out(
                "\(r.file): enrolled \(e.office.name) (\(e.office.code), \(e.office.level.label)), key fingerprint \(OfficeCommand.fingerprint(e))"
            )
            return 0
        }
        if r.alreadyImported {
            Console.out("\(r.file): package \(r.sequence) from \(r.sender) was imported before; nothing to do")
            return 0
        }
        Console.out("\(r.file): package \(r.sequence) from \(r.sender)")
        if !r.missing.isEmpty {
            Console.err(
                "\(r.file): warning: [package-gap] packages \(r.missing.map(String.init).joined(separator: ", ")) from \(r.sender) have not been imported; ask for them"
            )
        }
        if r.directoryAdded > 0 { Console.out("  \(r.directoryAdded) offices learnt from the directory") }
        for code in r.directoryRefused {
            Console.err(
                "\(r.file): warning: [directory-conflict] office \(code) is already known with other keys; its entry was not taken"
            )
        }
        var status: Int32 = 0
        if let people = r.people {
            Summary.print(people, verbose: verbose, limit: limit)
            if r.historyAdded > 0 {
                Console.out("  \(r.historyAdded) changes of the people's history at \(r.sender) added")
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
                    parts.append("原因：\(p.value("verificationNote") ?? "—")")
                    if let w = p.value("possibleWhereabouts") { parts.append("可能去向：\(w)") }
                }
                if let by = p.value("pickupBy") {
                    parts.append(
                        "回执：\(p.value("pickupTime") ?? "—") 在 \(p.value("pickupPlace") ?? "—") 由 \(by) 接回")
                }
                Console.out(parts.joined(separator: "\t"))
            }
        }
        if r.notices > 0 { Console.out("  \(r.notices) pre-release notices (预释放名单) received; see anzhi due") }
        for period in r.reports {
            Console.out("  report \(period) submitted by \(r.sender); see anzhi review list --period \(period)")
        }
        for d in r.decisions {
            Console.out(
                "  report \(d.period): \(d.approved ? "已通过 (approved)" : "已退回 (rejected)：\(d.reason ?? "")") by \(r.sender)"
            )
        }
        if r.messages > 0 { Console.out("  \(r.messages) messages received; see anzhi messages") }
        return status
    }
}
