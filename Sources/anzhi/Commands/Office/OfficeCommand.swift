import ArgumentParser

/// `anzhi office add|list|show`: the offices this office knows, and the enrolment of its direct subordinates.
struct OfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office", abstract: "The offices this office knows; enrol a direct subordinate.",
        discussion: ExitStatus.help, subcommands: [Add.self, List.self, Show.self])
}
