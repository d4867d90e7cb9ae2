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
        guard let people = r.people else { return 0 }
        Summary.print(people, verbose: verbose, limit: limit)
        if r.historyAdded > 0 {
            Console.out("  \(r.historyAdded) changes of the people's history at \(r.sender) added")
        }
        return people.counts.rejected > 0 ? 1 : 0
    }
}
