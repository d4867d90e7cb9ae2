import AnzhiCore
import Foundation
import Spreadsheet

/// One table of a batch file: a worksheet of an XLSX workbook, or a whole CSV file, read row by row as cells.
struct TableRow: Sendable {
    /// 1-based row (XLSX) or line (CSV).
    let number: Int
    /// Cells by 1-based column; CSV fields arrive as text.
    let cells: RowCells
}

/// Reads the tables of a batch: every visible worksheet of an XLSX file, or the CSV file.
final class TableSource {
    enum Kind { case xlsx, csv }
    let kind: Kind
    let displayName: String
    private var workbook: XLSXReader?
    private let path: String
    let encoding: CSVEncodingChoice
    private(set) var csvEncoding: TextEncoding?

    init(path: String, displayName: String, encoding: CSVEncodingChoice) throws {
        self.path = path
        self.displayName = displayName
        self.encoding = encoding
        switch try FileSniffer.sniff(path: path) {
        case .text:
            kind = .csv
        case .zip, .legacyXLS, .encryptedWorkbook, .html, .spreadsheetML2003, .empty, .unknown:
            kind = .xlsx
            workbook = try XLSXReader(path: path, displayName: displayName)  // explains non-XLSX files
        }
    }

    /// Removes the `'` that a CSV writer's formula guard (ours among them, OWASP ASVS 1.2.10) puts before text
    /// starting with `= + - @`, tab or CR, so an exported register or errors file imports unchanged.
    static func unguard(_ s: String) -> String {
        guard s.hasPrefix("'"), let second = s.dropFirst().first, "=+-@\t\r".contains(second) else { return s }
        return String(s.dropFirst())
    }

    /// The tables to read: visible worksheets (by name), or one unnamed table for CSV.
    var tables: [String?] {
        guard let workbook else { return [nil] }
        return workbook.sheets.filter { $0.visibility == .visible }.map(\.name)
    }

    /// Streams the rows of a table.
    func rows(of table: String?) throws -> AnyIterator<Result<TableRow, any Error>> {
        if let workbook, let table {
            let reader = try workbook.rows(of: try workbook.sheet(named: table))
            return AnyIterator {
                do {
                    guard let row = try reader.next() else { return nil }
                    let decoded = row.cells
                    let width = decoded.last(where: { !$0.value.isEmpty })?.column ?? 0
                    var cells = [CellValue](repeating: .empty, count: width)
                    for cell in decoded where cell.column <= width { cells[cell.column - 1] = cell.value }
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

/// Matches the header row of a batch to fields: canonical headers, aliases and an office's own mapping.
struct HeaderMatcher {
    /// An office's own headers: their text → a canonical header.
    var mapping: [String: String] = [:]

    /// Normalises header text: spaces and line breaks removed, full-width brackets made half-width.
    static func normalize(_ s: String) -> String {
        var out = ""
        for ch in s where !ch.isWhitespace {
            switch ch {
            case "（": out.append("(")
            case "）": out.append(")")
            case "*", "＊": continue   // "required" markers in templates
            default: out.append(ch)
            }
        }
        return out
    }

    enum Match { case canonical(Int), alias(Int), mapped(Int) }

    private static let canonical: [String: Int] = Dictionary(uniqueKeysWithValues:
        PersonFields.all.enumerated().map { (normalize($1.header), $0) })
    private static let aliases: [String: Int] = {
        var m: [String: Int] = [:]
        for (i, f) in PersonFields.all.enumerated() { for a in f.aliases { m[normalize(a)] = i } }
        return m
    }()

    func match(_ header: String) -> Match? {
        let h = HeaderMatcher.normalize(header)
        if let target = mapping[h], let i = HeaderMatcher.canonical[HeaderMatcher.normalize(target)] ?? HeaderMatcher.aliases[HeaderMatcher.normalize(target)] {
            return .mapped(i)
        }
        if let i = HeaderMatcher.canonical[h] { return .canonical(i) }
        if let i = HeaderMatcher.aliases[h] { return .alias(i) }
        return nil
    }

    /// Loads `--mapping FILE`: a CSV (or text) of `their header,canonical header` lines.
    static func load(_ path: String) throws -> HeaderMatcher {
        let reader = try CSVReader(path: path, encoding: .auto)
        var m: [String: String] = [:]
        while let r = try reader.next() {
            if r.count >= 2 { m[normalize(r[0])] = r[1] }
        }
        return HeaderMatcher(mapping: m)
    }

    /// Which visits-sheet field a header names (domain §4), if any.
    static func visitField(_ header: String) -> String? {
        let h = normalize(header)
        for v in PersonFields.visitHeaders where normalize(v.header) == h || v.aliases.map(normalize).contains(h) {
            return v.field
        }
        return nil
    }
}
