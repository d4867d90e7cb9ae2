import ArgumentParser
import Foundation
import Spreadsheet

struct SheetToCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-csv",
        abstract: "Write one worksheet as CSV (UTF-8, LF, RFC 4180; standard output by default).",
        discussion: ExitStatus.help)

    @Argument(help: "The workbook: XLSX, .xls (Excel 97–2003 or 5.0/95), an HTML table or XML Spreadsheet 2003.")
    var file: String
    @Option(help: "The worksheet to write, by name.") var sheet: String?
    @Option(name: .customLong("sheet-index"), help: "The worksheet to write, by 1-based position.") var sheetIndex: Int?
    @Option(name: .shortAndLong, help: "The CSV file to write (default: standard output).") var output: String?
    @Flag(
        name: .customLong("bom"),
        help: "Start the output with a UTF-8 byte-order mark and use CRLF (for Excel on Windows).")
    var excelDialect = false

    func validate() throws {
        if sheet != nil && sheetIndex != nil { throw ValidationError("give --sheet or --sheet-index, not both") }
        if let output { try OutputPath.check(output, accepted: ["csv", "txt"], inputs: [file]) }
    }

    func run() throws {
        try Exit.run {
            let reader = try WorkbookReader.open(path: file)
            let target =
                try sheet.map { try reader.sheet(named: $0) }
                ?? sheetIndex.map { try reader.sheet(at: $0) } ?? reader.defaultSheet()
            var dialect = CSVDialect.plain
            if excelDialect {
                dialect.byteOrderMark = true
                dialect.lineEnding = .crlf
            }
            let report = try SheetToCSV.convert(reader, sheet: target, outputPath: output, dialect: dialect)
            for d in report.diagnostics { Console.err(d.description) }
            return report.diagnostics.contains { $0.severity != .note } ? 1 : 0
        }
    }
}
