import ArgumentParser
import Foundation
import Spreadsheet

struct SheetList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the worksheet names of a workbook, one a line.",
        discussion: ExitStatus.help)

    @Argument(help: "The XLSX file.") var file: String
    @Flag(help: "Also print each sheet's visibility (visible, hidden, veryHidden).") var visibility = false

    func run() throws {
        try Exit.run {
            let reader = try XLSXReader(path: file)
            for sheet in reader.sheets {
                Console.out(visibility ? "\(sheet.name)\t\(sheet.visibility.rawValue)" : sheet.name)
            }
            return 0
        }
    }
}
