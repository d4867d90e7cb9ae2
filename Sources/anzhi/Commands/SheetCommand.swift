public import ArgumentParser
import Foundation
public import Spreadsheet

/// `anzhi sheet …`: spreadsheet tools that know cells, sheets, dates and encodings, nothing of prisons.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Look into XLSX workbooks and convert between XLSX and CSV.",
        discussion: ExitStatus.help, subcommands: [SheetList.self, SheetToCSVCommand.self, SheetFromCSVCommand.self]
    )
}

struct SheetList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Print the worksheet names of a workbook, one a line.", discussion: ExitStatus.help)

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

struct SheetToCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-csv",
        abstract: "Write one worksheet as CSV (UTF-8, LF, RFC 4180; standard output by default).", discussion: ExitStatus.help)

    @Argument(help: "The XLSX file.") var file: String
    @Option(help: "The worksheet to write, by name.") var sheet: String?
    @Option(name: .customLong("sheet-index"), help: "The worksheet to write, by 1-based position.") var sheetIndex: Int?
    @Option(name: .shortAndLong, help: "The CSV file to write (default: standard output).") var output: String?
    @Flag(name: .customLong("bom"), help: "Start the output with a UTF-8 byte-order mark and use CRLF (for Excel on Windows).")
    var excelDialect = false

    func validate() throws {
        if sheet != nil && sheetIndex != nil { throw ValidationError("give --sheet or --sheet-index, not both") }
        if let output { try OutputPath.check(output, accepted: ["csv", "txt"], inputs: [file]) }
    }

    func run() throws {
        try Exit.run {
            let reader = try XLSXReader(path: file)
            let target = try sheet.map { try reader.sheet(named: $0) }
                ?? sheetIndex.map { try reader.sheet(at: $0) } ?? reader.defaultSheet()
            var dialect = CSVDialect.plain
            if excelDialect {
                dialect.byteOrderMark = true
                dialect.lineEnding = .crlf
            }
            let report = try SheetToCSV.convert(reader, sheet: target, outputPath: output, dialect: dialect)
            for d in report.diagnostics { Console.err(d.description) }
            return report.diagnostics.isEmpty ? 0 : 1
        }
    }
}

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
    @Option(name: .customLong("text-columns"),
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
                Console.err("\(file): note: read as \(csv.encoding.rawValue) (detected)")
            }
            let report = try CSVToSheet.convert(csv, outputPath: output, textColumns: columns, sheetName: sheetName,
                                                options: XLSXWriter.Options(compressionLevel: compressionLevel))
            for w in report.warnings { Console.err("\(file): warning: \(w)") }
            return report.warnings.isEmpty ? 0 : 1
        }
    }
}

extension CSVEncodingChoice: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// Parses `--text-columns` lists: `1,3`, `A,C` or header names.
enum ColumnList {
    static func parse(_ list: String, header: [String]) throws -> Set<Int> {
        var result: Set<Int> = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if let n = Int(item), n >= 1 {
                result.insert(n)
            } else if let i = header.firstIndex(of: item) {
                result.insert(i + 1)
            } else if item.allSatisfy({ $0.isASCII && $0.isLetter }), let ref = CellReference(item.uppercased() + "1") {
                result.insert(ref.column)
            } else {
                throw ValidationError("--text-columns: '\(item)' is neither a column number, a column letter nor a header")
            }
        }
        return result
    }
}
