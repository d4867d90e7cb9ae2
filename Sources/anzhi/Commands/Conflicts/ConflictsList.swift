import AnzhiCore
import AnzhiStore
import ArgumentParser

extension ConflictsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: L("help.conflicts.list.abstract"),
            discussion: HelpText.discussion("help.conflicts.list.discussion"))
        @OptionGroup var store: StoreOptions
        @Flag(help: ArgumentHelp(L("help.conflicts.list.all"))) var all = false

        func run() throws {
            try Exit.run {
                let conflicts = try store.open().conflicts(all: all)
                for c in conflicts { Console.out(ConflictsCommand.line(c)) }
                if conflicts.isEmpty { Console.err(L(all ? "conflicts.none" : "conflicts.none-open")) }
                return 0
            }
        }
    }
}
