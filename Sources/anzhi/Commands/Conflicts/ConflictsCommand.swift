import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi conflicts list|resolve`: values from the side that does not own a field, differing from what is stored.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: L("help.conflicts.abstract"),
        discussion: HelpText.discussion("help.conflicts.discussion"), subcommands: [List.self, Resolve.self])

    static func line(_ c: ConflictEntry) -> String {
        let header = PersonFields.index[c.field].map { PersonFields.all[$0].header } ?? c.field
        let key = PersonKey.isFallback(c.personKey) ? "" : " " + PersonKey.display(c.personKey)
        let source = [c.sourceFile, c.sourceSheet, c.sourceRow.map(String.init)].compactMap { $0 }.joined(
            separator: ":")
        return
            "#\(c.id)\t#\(c.personID) \(c.personName ?? "?")\(key)\t\(header)\t'\(c.currentValue ?? "")' → '\(c.proposedValue)'\t"
            + L("conflicts.origin", "side", L("side." + c.proposedBy), "source", source)
            + (c.resolution.map { "\t" + L("conflicts.resolution." + $0) } ?? "")
    }
}
