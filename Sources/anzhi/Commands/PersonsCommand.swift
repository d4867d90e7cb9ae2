import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi persons list|show|export`: find people, look at one, write the register.
struct PersonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persons", abstract: "Look at the register: find people, show one, export all.",
        discussion: ExitStatus.help, subcommands: [List.self, Show.self, Export.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Find people (分类查询): masked ID numbers with the handles other commands take.",
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
            guard let d = DateText.parse(text) else { throw ValidationError("\(option) expects a date such as 2026-01-01, found '\(text)'") }
            return d
        }

        func validate() throws {
            _ = try date(releasedFrom, "--released-from")
            _ = try date(releasedTo, "--released-to")
        }

        func run() throws {
            try Exit.run {
                let today = Today.date()
                let filter = PersonFilter(name: name, hukouRegion: township, status: status,
                                          releasedFrom: try date(releasedFrom, "--released-from"),
                                          releasedTo: try date(releasedTo, "--released-to"))
                let people = try store.open().people(matching: filter, on: today)
                if json {
                    let rows = people.map { p in
                        PersonLine(handle: p.handle, name: p.value("name"), id: p.maskedKey, hukouRegion: p.value("hukouRegion"),
                                   releaseDate: p.value("releaseDate"), statuses: p.statuses(on: today).map(\.rawValue))
                    }
                    Console.out(try JSONOutput.string(rows))
                } else {
                    for p in people {
                        Console.out([p.handle, p.value("name") ?? "?", p.maskedKey, p.value("hukouRegion") ?? "",
                                     p.value("releaseDate") ?? "", p.statuses(on: today).map(\.rawValue).joined(separator: ",")]
                            .joined(separator: "\t"))
                    }
                    Console.err("\(people.count) people")
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

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write the register in the template layout (XLSX or CSV), full ID numbers included.",
            discussion: "Example: anzhi persons export -o 名册.xlsx\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX or CSV file to write.") var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["xlsx", "csv"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                let n = try PersonSheets.writeRegister(try store.open(), to: output)
                Console.out("wrote \(n) people to \(output)")
                return 0
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show one person with the history of every change.",
            discussion: "Example: anzhi persons show '#17'\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The person: a handle such as #17, the 公民身份号码, or 姓名|出生日期|服刑场所|罪犯编号.")
        var person: String

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let reference = try PersonReference(parsing: person, today: Today.date())
                guard let p = try db.person(reference) else {
                    Console.err("no person \(reference) in the register")
                    return 1
                }
                Console.out("\(p.handle)")
                for (i, field) in PersonFields.all.enumerated() {
                    if let v = p.values[i] { Console.out("\(field.header)\t\(v)") }
                }
                for (h, v) in p.extra { Console.out("\(h)\t\(v)\t(unknown column, kept)") }
                if p.inQueue { Console.out("状态\t在本级待分配队列 (assignment queue)") }
                Console.out("\n变更记录 (history)")
                for h in try db.history(of: p.id) {
                    let source = [h.sourceFile, h.sourceSheet, h.sourceRow.map(String.init)].compactMap { $0 }.joined(separator: ":")
                    let header = PersonFields.index[h.field].map { PersonFields.all[$0].header } ?? h.field
                    Console.out("\(h.changedAt)\t\(header)\t\(h.oldValue ?? "—") → \(h.newValue ?? "—")\t\(source)")
                }
                let open = try db.conflicts(personID: p.id)
                if !open.isEmpty {
                    Console.out("\n待处理冲突 (open conflicts)")
                    for c in open { Console.out(ConflictsCommand.line(c)) }
                }
                return 0
            }
        }
    }
}

/// `anzhi template persons`: the blank import template.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "Write blank import templates.",
                                                    discussion: ExitStatus.help, subcommands: [Persons.self])

    struct Persons: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "persons", abstract: "The person import template (XLSX).",
            discussion: "Example: anzhi template persons -o 导入模板.xlsx\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX file to write.") var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["xlsx"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                try PersonSheets.writeTemplate(to: output, reference: try store.reference())
                Console.out("wrote \(output)")
                return 0
            }
        }
    }
}
