import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi queue`: people whose 户籍 stops above township level, waiting for this office to assign them.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "The assignment queue: people whose 户籍 code stops above township level.",
        discussion: ExitStatus.help, subcommands: [List.self, Assign.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List queued people with a proposed township matched from the 户籍 address.",
            discussion: "Columns: handle, name, masked ID, 户籍 code, 户籍 address, proposal.\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let regions = try store.reference().regions
                let people = try db.queuedPeople()
                for p in people {
                    let code = p.value("hukouRegion") ?? ""
                    let proposal = regions.proposeChild(of: RegionCode.significant(code), address: p.value("hukouAddress") ?? "")
                    Console.out([p.handle, p.value("name") ?? "?", p.maskedKey, code, p.value("hukouAddress") ?? "",
                                 proposal.map { "建议：\($0.code) \($0.name)" } ?? "建议：—"].joined(separator: "\t"))
                }
                if people.isEmpty { Console.err("the assignment queue is empty") }
                return 0
            }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign", abstract: "Assign a queued person to a township.",
            discussion: "Example: anzhi queue assign '#17' 370102001\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The person: a handle such as #17 (from `anzhi queue list`) or the 公民身份号码.") var person: String
        @Argument(help: "The 9-digit township code (see `anzhi queue list` for a proposal).") var township: String

        func run() throws {
            try Exit.run {
                let regions = try store.reference().regions
                let db = try store.open()
                let reference = try PersonReference(parsing: person, today: Today.date())
                guard let p = try db.person(reference) else {
                    throw StoreError(.notFound, "no person \(reference) in the register")
                }
                try db.assign(key: p.key, to: township, regions: regions)
                Console.out("\(p.handle) \(p.value("name") ?? "") assigned to \(township) \(regions.name(township) ?? "")")
                return 0
            }
        }
    }
}
