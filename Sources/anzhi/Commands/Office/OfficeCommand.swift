import ArgumentParser

/// `anzhi office add|list|show|set`: the offices this office knows, the enrolment of its direct subordinates,
/// and the names and numbers this office prints on its forms.
struct OfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office",
        abstract: "The offices this office knows; enrol a direct subordinate; set what its forms print.",
        discussion: ExitStatus.help, subcommands: [Add.self, List.self, Show.self, Set.self])
}
