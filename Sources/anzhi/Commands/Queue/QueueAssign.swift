import AnzhiCore
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension QueueCommand {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign", abstract: L("help.queue.assign.abstract"),
            discussion: HelpText.discussion("help.queue.assign.discussion"))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.queue.assign.person"))) var person: String
        @Argument(help: ArgumentHelp(L("help.queue.assign.township"))) var township: String

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
