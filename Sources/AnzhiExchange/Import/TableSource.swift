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
        workbook?.sheets.filter { $0.visibility != .visible && $0.name != "代码表" }.map(\.name) ?? []
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
    /// - Throws: `ImportError` naming the line when a target is not a field's header or alias (with the list of
    ///   headers), so a typo is not silently ignored.
    static func load(_ path: String) throws -> HeaderMatcher {
        let reader = try CSVReader(path: path, encoding: .auto)
        var m: [String: String] = [:]
        var line = 0
        while let r = try reader.next() {
            line += 1
            guard r.count >= 2, !normalize(r[0]).isEmpty else { continue }
            let target = normalize(r[1])
            guard canonical[target] != nil || aliases[target] != nil else {
                throw ImportError("\(path):\(line): the mapping names '\(r[1])', which is not a field; fields: \(PersonFields.all.map(\.header).joined(separator: "、"))")
            }
            m[normalize(r[0])] = r[1]
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
