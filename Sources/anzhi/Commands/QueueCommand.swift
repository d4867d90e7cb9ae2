import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi queue`: people whose 户籍 stops above township level, waiting for this office to assign them.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "The assignment queue: people whose 户籍 code stops above township level.",
        subcommands: [List.self, Assign.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List queued people with a proposed township matched from the 户籍 address.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let regions = try store.reference().regions
                let people = try db.queuedPeople()
                for p in people {
                    let code = p.value("hukouRegion") ?? ""
                    let proposal = regions.proposeChild(of: RegionCode.significant(code), address: p.value("hukouAddress") ?? "")
                    let who = p.keyIsFallback ? (p.value("name") ?? "?") : "\(p.value("name") ?? "?") \(IDNumber.mask(p.key))"
                    Console.out([who, code, p.value("hukouAddress") ?? "", proposal.map { "建议：\($0.code) \($0.name)" } ?? "建议：—"]
                        .joined(separator: "\t"))
                }
                if people.isEmpty { Console.err("the assignment queue is empty") }
                return 0
            }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign", abstract: "Assign a queued person to a township.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The person's 公民身份号码.") var id: String
        @Argument(help: "The 9-digit township code (see `anzhi queue list` for a proposal).") var township: String

        func run() throws {
            try Exit.run {
                guard case .success(let number) = IDNumber.parse(id, today: Today.date()) else {
                    throw ValidationError("'\(IDNumber.mask(id))' is not a valid 公民身份号码")
                }
                let reference = try store.reference()
                try store.open().assign(key: number.value, to: township, regions: reference.regions)
                Console.out("\(number) assigned to \(township) \(reference.regions.name(township) ?? "")")
                return 0
            }
        }
    }
}
