import ArgumentParser
import Spreadsheet

/// `anzhi office add|list|show|set`: the offices this office knows, the enrolment of its direct subordinates,
/// and the names and numbers this office prints on its forms.
struct OfficeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office", abstract: L("help.office.abstract"),
        discussion: HelpText.discussion("help.office.discussion"),
        subcommands: [Add.self, List.self, Show.self, Set.self])

    /// Where a directory entry came from, in the chosen language (the stored word when the catalogue has none).
    static func source(_ stored: String) -> String {
        Messages.current.template("office.source." + stored) == nil ? stored : L("office.source." + stored)
    }
}
