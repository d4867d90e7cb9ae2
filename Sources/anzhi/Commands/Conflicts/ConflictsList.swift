import AnzhiCore
import AnzhiStore
import ArgumentParser

extension ConflictsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List open conflicts: number, person handle, field, stored → proposed, source.",
            discussion: "Example: anzhi conflicts list\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Flag(help: "Also list resolved conflicts.") var all = false

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
