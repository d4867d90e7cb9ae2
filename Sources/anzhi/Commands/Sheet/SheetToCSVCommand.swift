import ArgumentParser
import Foundation
import Spreadsheet

struct SheetToCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-csv",
        abstract: L("help.sheet.to-csv.abstract"),
        discussion: HelpText.discussion("help.sheet.to-csv.discussion"))

    @Argument(help: ArgumentHelp(L("help.sheet.to-csv.file")))
    var file: String
    @Option(help: ArgumentHelp(L("help.sheet.to-csv.sheet"))) var sheet: String?
    @Option(name: .customLong("sheet-index"), help: ArgumentHelp(L("help.sheet.to-csv.sheet-index"))) var sheetIndex:
        Int?
    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.sheet.to-csv.output"))) var output: String?
    @Flag(
        name: .customLong("bom"),
        help: ArgumentHelp(L("help.sheet.to-csv.bom")))
    var excelDialect = false

    func validate() throws {
        if sheet != nil && sheetIndex != nil { throw ValidationError(L("usage.sheet.sheet-or-index")) }
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
