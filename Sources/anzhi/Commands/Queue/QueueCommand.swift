import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi queue`: people whose 户籍 stops above township level, waiting for this office to assign them.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "The assignment queue: people whose 户籍 code stops above township level.",
        discussion: ExitStatus.help, subcommands: [List.self, Assign.self])
}
