import ArgumentParser
import Foundation
import Spreadsheet

struct SheetFromCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-csv",
        abstract: L("help.sheet.from-csv.abstract"),
        discussion: HelpText.discussion("help.sheet.from-csv.discussion"))

    @Argument(help: ArgumentHelp(L("help.sheet.from-csv.file"))) var file: String
    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.sheet.from-csv.output"))) var output: String
    @Option(help: ArgumentHelp(L("help.sheet.from-csv.encoding")))
    var encoding: CSVEncodingChoice = .auto
    @Option(
        name: .customLong("text-columns"),
        help: ArgumentHelp(L("help.sheet.from-csv.text-columns")))
    var textColumns: String?
    @Option(name: .customLong("sheet-name"), help: ArgumentHelp(L("help.sheet.from-csv.sheet-name"))) var sheetName =
        "Sheet1"
    @Option(name: .customLong("compression-level"), help: ArgumentHelp(L("help.sheet.from-csv.compression-level")))
    var compressionLevel = 1

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
