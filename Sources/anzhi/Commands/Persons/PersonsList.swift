import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension PersonsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Find people (分类查询): masked ID numbers with the handles other commands take.",
            discussion: """
                Statuses: \(PersonStatus.allCases.map(\.rawValue).joined(separator: ", ")) (on today's date, or \
                $ANZHI_TODAY).
                Example: anzhi persons list --status 在册 --township 370102001 --released-from 2026-01-01

                """ + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(help: "Part of the name (or 曾用名).") var name: String?
        @Option(help: "The 户籍 region code or its start (a township, a county).") var township: String?
        @Option(help: "Only people in this status.") var status: PersonStatus?
        @Option(name: .customLong("released-from"), help: "Released on or after this date.") var releasedFrom: String?
        @Option(name: .customLong("released-to"), help: "Released on or before this date.") var releasedTo: String?
        @Flag(help: "Print JSON on standard output (masked ID numbers).") var json = false

        func date(_ text: String?, _ option: String) throws -> CivilDate? {
            guard let text else { return nil }
            guard let d = DateText.parse(text) else {
                throw ValidationError("\(option) expects a date such as 2026-01-01, found '\(text)'")
            }
            return d
        }

        func validate() throws {
            _ = try date(releasedFrom, "--released-from")
            _ = try date(releasedTo, "--released-to")
        }

        func run() throws {
            try Exit.run {
                let today = Today.date()
                let filter = PersonFilter(
                    name: name, hukouRegion: township, status: status,
                    releasedFrom: try date(releasedFrom, "--released-from"),
                    releasedTo: try date(releasedTo, "--released-to"))
                let people = try store.open().people(matching: filter, on: today)
                if json {
                    let rows = people.map { p in
                        PersonLine(
                            handle: p.handle, name: p.value("name"), id: p.maskedKey,
                            hukouRegion: p.value("hukouRegion"),
                            releaseDate: p.value("releaseDate"), statuses: p.statuses(on: today).map(\.rawValue))
                    }
                    Console.out(try JSONOutput.string(rows))
                } else {
                    for p in people {
                        Console.out(
                            [
                                p.handle, p.value("name") ?? "?", p.maskedKey, p.value("hukouRegion") ?? "",
                                p.value("releaseDate") ?? "",
                                p.statuses(on: today).map(\.rawValue).joined(separator: ","),
                            ]
                            .joined(separator: "\t"))
                    }
                    Console.err(L("persons.count", "count", people.count))
                }
                return 0
            }
        }

        struct PersonLine: Encodable {
            let handle: String
            let name: String?
            let id: String
            let hukouRegion: String?
            let releaseDate: String?
            let statuses: [String]
        }
    }
}
