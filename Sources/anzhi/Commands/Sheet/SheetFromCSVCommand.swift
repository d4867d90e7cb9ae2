import ArgumentParser
import Foundation
import Spreadsheet

struct SheetFromCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-csv",
        abstract: "Write a CSV file as a one-sheet workbook with a bold, frozen header row.",
        discussion: """
            A field becomes a number only when it is a plain decimal with at most 15 significant digits and no \
            leading zero, and a date only when it is YYYY-MM-DD; everything else stays text, so ID numbers, \
            phone numbers and codes keep every digit.

            """ + ExitStatus.help)

    @Argument(help: "The CSV file.") var file: String
    @Option(name: .shortAndLong, help: "The XLSX file to write.") var output: String
    @Option(help: "The encoding of the CSV: auto (UTF-8 if valid, else GB18030), utf-8 or gb18030.")
    var encoding: CSVEncodingChoice = .auto
    @Option(
        name: .customLong("text-columns"),
        help: "Columns to keep as text whatever they hold: 1-based numbers, letters or header names, comma-separated.")
    var textColumns: String?
    @Option(name: .customLong("sheet-name"), help: "The name of the sheet.") var sheetName = "Sheet1"
    @Option(name: .customLong("compression-level"), help: "Deflate level 1–9.") var compressionLevel = 1

    func validate() throws {
        try OutputPath.check(output, accepted: ["xlsx"], inputs: [file])
    }

    func run() throws {
        try Exit.run {
            var columns: Set<Int> = []
            if let textColumns {
                let header = try CSVReader(path: file, encoding: encoding).next()?.fields ?? []
                columns = try ColumnList.parse(textColumns, header: header)
            }
            let csv = try CSVReader(path: file, encoding: encoding)
            if csv.encodingWasDetected {
                Console.err(
                    "\(file): \(Diagnostic.Severity.note.word): "
                        + L("sheet.detected-encoding", "encoding", csv.encoding.rawValue))
            }
            let report = try CSVToSheet.convert(
                csv, outputPath: output, textColumns: columns, sheetName: sheetName,
                options: XLSXWriter.Options(compressionLevel: compressionLevel))
            for w in report.warnings { Console.err("\(file): \(Diagnostic.Severity.warning.word): \(w)") }
            return report.warnings.isEmpty ? 0 : 1
        }
    }
}
