import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi rejected list|export`: the rows imports refused, kept until the person is imported correctly.
struct RejectedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejected", abstract: "The rejected-rows store: rows refused by imports, to fix and re-import.",
        discussion: ExitStatus.help, subcommands: [List.self, Export.self])
}
