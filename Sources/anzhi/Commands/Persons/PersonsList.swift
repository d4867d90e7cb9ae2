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
            abstract: L("help.persons.list.abstract"),
            discussion: HelpText.discussion(
                "help.persons.list.discussion",
                ["statuses": PersonStatus.allCases.map(\.rawValue).joined(separator: ", ")]))
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp(L("help.persons.list.name"))) var name: String?
        @Option(help: ArgumentHelp(L("help.persons.list.township"))) var township: String?
        @Option(help: ArgumentHelp(L("help.persons.list.status"))) var status: PersonStatus?
        @Option(name: .customLong("released-from"), help: ArgumentHelp(L("help.persons.list.released-from")))
        var releasedFrom: String?
        @Option(name: .customLong("released-to"), help: ArgumentHelp(L("help.persons.list.released-to")))
        var releasedTo: String?
        @Flag(help: ArgumentHelp(L("help.persons.list.json"))) var json = false

        func date(_ text: String?, _ option: String) throws -> CivilDate? {
            guard let text else { return nil }
            guard let d = DateText.parse(text) else {
                throw ValidationError(L("usage.persons.date", "option", option, "text", text))
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
