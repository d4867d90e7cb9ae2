import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi rejected list|export`: the rows imports refused, kept until the person is imported correctly.
struct RejectedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejected", abstract: L("help.rejected.abstract"),
        discussion: HelpText.discussion("help.rejected.discussion"), subcommands: [List.self, Export.self])
}
