import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi queue`: people whose 户籍 stops above township level, waiting for this office to assign them.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: L("help.queue.abstract"),
        discussion: HelpText.discussion("help.queue.discussion"), subcommands: [List.self, Assign.self])
}
