import ArgumentParser

/// `anzhi office add|list|show`: the offices this office knows, and the enrolment of its direct subordinates.
struct OfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office", abstract: L("help.office.abstract"),
        discussion: HelpText.discussion("help.office.discussion"),
        subcommands: [Add.self, List.self, Show.self])
}
