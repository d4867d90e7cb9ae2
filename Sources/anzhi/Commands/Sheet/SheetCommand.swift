import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi sheet …`: spreadsheet tools that know cells, sheets, dates and encodings, nothing of prisons.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Look into workbooks (XLSX, .xls, HTML tables, XML Spreadsheet 2003) and convert to and from CSV.",
        discussion: ExitStatus.help, subcommands: [SheetList.self, SheetToCSVCommand.self, SheetFromCSVCommand.self]
    )
}
