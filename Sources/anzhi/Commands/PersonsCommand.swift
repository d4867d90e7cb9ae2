import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser

/// `anzhi template persons`, `anzhi persons export|show`, `anzhi conflicts list|resolve`.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template", abstract: "Write blank import templates.",
                                                    subcommands: [Persons.self])

    struct Persons: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "persons", abstract: "The person import template (XLSX).")
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX file to write.") var output: String

        func run() throws {
            try Exit.run {
                try PersonSheets.writeTemplate(to: output, reference: try store.reference())
                Console.out("wrote \(output)")
                return 0
            }
        }
    }
}

struct PersonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "persons", abstract: "Look at the register.",
                                                    subcommands: [Export.self, Show.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write the register in the template layout (XLSX or CSV), full ID numbers included.")
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX or CSV file to write.") var output: String

        func run() throws {
            try Exit.run {
                let n = try PersonSheets.writeRegister(try store.open(), to: output)
                Console.out("wrote \(n) people to \(output)")
                return 0
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one person with the history of every change.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's 公民身份号码 (15 or 18 digits), or for someone without one 姓名|出生日期|服刑场所|罪犯编号.")
        var id: String

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let key: String
                if id.contains("|") {
                    key = id.hasPrefix("~") ? id : "~" + id   // the fallback key of a person without an ID number
                } else {
                    guard case .success(let number) = IDNumber.parse(id, today: Today.date()) else {
                        throw ValidationError("'\(IDNumber.mask(id))' is not a valid 公民身份号码")
                    }
                    key = number.value
                }
                guard let p = try db.person(key: key) else {
                    Console.err("no person with \(key.hasPrefix("~") ? "key \(key)" : "公民身份号码 \(IDNumber.mask(key))") in the register")
                    return 1
                }
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

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conflicts", abstract: "Values from the side that does not own a field.",
                                                    subcommands: [List.self, Resolve.self])

    static func line(_ c: ConflictEntry) -> String {
        let header = PersonFields.index[c.field].map { PersonFields.all[$0].header } ?? c.field
        let who = c.personKey.hasPrefix("~") ? (c.personName ?? "?") : "\(c.personName ?? "?") \(IDNumber.mask(c.personKey))"
        let source = [c.sourceFile, c.sourceSheet, c.sourceRow.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "#\(c.id)\t\(who)\t\(header)\t'\(c.currentValue ?? "")' → '\(c.proposedValue)'\t(\(c.proposedBy), \(source))\(c.resolution.map { "\t\($0)" } ?? "")"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List open conflicts.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "Also list resolved conflicts.") var all = false

        func run() throws {
            try Exit.run {
                let conflicts = try store.open().conflicts(all: all)
                for c in conflicts { Console.out(ConflictsCommand.line(c)) }
                if conflicts.isEmpty { Console.err("no \(all ? "" : "open ")conflicts") }
                return 0
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Accept or reject a proposed value.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The conflict number (from `anzhi conflicts list`).") var id: Int64
        @Flag(help: "Apply the proposed value.") var accept = false
        @Flag(help: "Keep the current value.") var reject = false
        @Flag(help: "Accept even though the value changed since the conflict was raised.") var force = false

        func validate() throws {
            if accept == reject { throw ValidationError("give exactly one of --accept and --reject") }
        }

        func run() throws {
            try Exit.run {
                try store.open().resolveConflict(id, accept: accept, force: force)
                Console.out("conflict #\(id) \(accept ? "accepted" : "rejected")")
                return 0
            }
        }
    }
}
