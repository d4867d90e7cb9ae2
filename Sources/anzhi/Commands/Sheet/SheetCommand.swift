import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi sheet …`: spreadsheet tools that know cells, sheets, dates and encodings, nothing of prisons.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: L("help.sheet.abstract"),
        discussion: HelpText.discussion("help.sheet.discussion"),
        subcommands: [SheetList.self, SheetToCSVCommand.self, SheetFromCSVCommand.self]
    )
}
