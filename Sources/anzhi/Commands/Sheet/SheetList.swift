import ArgumentParser
import Foundation
import Spreadsheet

struct SheetList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the worksheet names of a workbook, one a line.",
        discussion: """
            The kind of file read (XLSX, .xls, HTML table, XML Spreadsheet 2003; decided by its bytes, not its \
            name) is said on standard error, as a note.

            """ + ExitStatus.help)

    @Argument(help: "The workbook: XLSX, .xls (Excel 97–2003 or 5.0/95), an HTML table or XML Spreadsheet 2003.")
    var file: String
    @Flag(help: "Also print each sheet's visibility (visible, hidden, veryHidden).") var visibility = false

    func run() throws {
        try Exit.run {
            let reader = try WorkbookReader.open(path: file)
            Console.err(
                "\(file): \(Diagnostic.Severity.note.word): "
                    + L("sheet.read-as", "kind", "\(reader.kind)", "name", reader.kind.name))
            for d in reader.warnings { Console.err(d.description) }
            for sheet in reader.sheets {
                Console.out(visibility ? "\(sheet.name)\t\(sheet.visibility.rawValue)" : sheet.name)
            }
            return 0
        }
    }
}
