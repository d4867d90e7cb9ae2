import AnzhiCore
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension QueueCommand {
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
                let p = try PersonArgument.find(person, in: db)
                try db.assign(key: p.key, to: township, regions: regions)
                Console.out(
                    L(
                        "queue.assigned", "person", p.handle, "name", p.value("name") ?? "", "code", township,
                        "township",
                        regions.name(township) ?? ""))
                return 0
            }
        }
    }
}
