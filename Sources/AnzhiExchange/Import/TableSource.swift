import AnzhiCore
import Foundation
import Spreadsheet

/// One table of a batch file: a worksheet of a workbook (XLSX, .xls, HTML, XML 2003), or a whole CSV file, read row by row as cells.
struct TableRow: Sendable {
    /// 1-based row (XLSX) or line (CSV).
    let number: Int
    /// Cells by 1-based column; CSV fields arrive as text.
    let cells: RowCells
}

/// Reads the tables of a batch: every visible worksheet of a workbook (any kind `WorkbookReader` opens), or the
/// CSV file.
final class TableSource {
    enum Kind { case xlsx, csv }
    let kind: Kind
    let displayName: String
    private var workbook: (any Workbook)?
    private let path: String
    let encoding: CSVEncodingChoice
    private(set) var csvEncoding: TextEncoding?
    /// Warnings of the workbook reader (a repaired .xls structure), complete once every table was read.
    private(set) var warnings: [Diagnostic] = []

    /// What the bytes were read as (nil for CSV).
    var workbookKind: WorkbookKind? { workbook?.kind }

    /// An XLSX workbook held in memory (a decrypted package part).
    init(xlsx bytes: [UInt8], displayName: String) throws {
        path = displayName
        self.displayName = displayName
        encoding = .auto
        kind = .xlsx
        workbook = try XLSXReader(bytes: bytes, displayName: displayName)
    }

    init(path: String, displayName: String, encoding: CSVEncodingChoice) throws {
        self.path = path
        self.displayName = displayName
        self.encoding = encoding
        switch try FileSniffer.sniff(path: path) {
        case .text:
            kind = .csv
        case .zip, .legacyXLS, .encryptedWorkbook, .html, .spreadsheetML2003, .empty, .unknown:
            kind = .xlsx
            let opened = try WorkbookReader.open(path: path, displayName: displayName)  // explains unreadable files
            workbook = opened
            warnings = opened.warnings
        }
    }

    /// Removes the `'` that a CSV writer's formula guard (ours among them, OWASP ASVS 1.2.10) puts before text
    /// starting with `= + - @`, tab or CR, so an exported register or errors file imports unchanged.
    static func unguard(_ s: String) -> String {
        guard s.hasPrefix("'"), let second = s.dropFirst().first, "=+-@\t\r".contains(second) else { return s }
        return String(s.dropFirst())
    }

    /// The tables to read: visible worksheets (by name), or the one named when `only` is given (hidden or
    /// not), or one unnamed table for CSV.
    /// - Throws: `SpreadsheetError` when `only` names no worksheet.
    func tables(only: String?) throws -> [String?] {
        guard let workbook else { return [nil] }
        if let only { return [try workbook.sheet(named: only).name] }
        return workbook.sheets.filter { $0.visibility == .visible }.map(\.name)
    }

    /// Worksheets skipped because they are hidden (the template's own 代码表 of drop-down lists aside).
    var hiddenSheets: [String] {
        workbook?.sheets.filter { $0.visibility != .visible && $0.name != PersonSheets.listSheetName }.map(\.name) ?? []
    }

    /// Streams the rows of a table.
    func rows(of table: String?) throws -> AnyIterator<Result<TableRow, any Error>> {
        if let workbook, let table {
            let reader = try workbook.rows(of: try workbook.sheet(named: table))
            return AnyIterator { [self] in
                do {
                    guard let row = try reader.next() else {
                        warnings += reader.warnings
                        return nil
                    }
                    let decoded = row.cells
                    let width = decoded.last(where: { !$0.value.isEmpty })?.column ?? 0
                    var cells = [CellValue](repeating: .empty, count: width)
                    for cell in decoded where cell.column <= width {
                        // The same formula guard is removed from XLSX text as from CSV: a guarded value pasted from a
                        // CSV export reads back the same whichever format carries it.
                        if case .text(let t) = cell.value, t.hasPrefix("'") {
                            cells[cell.column - 1] = .text(TableSource.unguard(t))
                        } else {
                            cells[cell.column - 1] = cell.value
                        }
                    }
                    return .success(TableRow(number: row.number, cells: RowCells(cells)))
                } catch {
                    return .failure(error)
                }
            }
        }
        let csv = try CSVReader(path: path, displayName: displayName, encoding: encoding)
        csvEncoding = csv.encoding
        return AnyIterator {
            do {
                guard let record = try csv.next() else { return nil }
                var cells: [CellValue] = []
                cells.reserveCapacity(record.count)
                for i in 0..<record.count {
                    let s = TableSource.unguard(record[i])
                    cells.append(s.isEmpty ? .empty : .text(s))
                }
                return .success(TableRow(number: record.line, cells: RowCells(cells)))
            } catch {
                return .failure(error)
            }
        }
    }
}
