import Foundation
public import Spreadsheet

/// One figure of part 1 of the form (工作机构、工作人员及经费): a row, an item and a whole number.
public struct Part1Entry: Sendable, Hashable {
    public let row: String
    public let item: String
    public let value: Int
}

/// Part 1 of the form, entered by hand: checked against the definition's rows and items, from `ROW.ITEM=VALUE`
/// assignments or from a small sheet (rows in column A, items in a header row).
public enum Part1Figures {
    /// Checks a row and item against the layout, and a value for a whole number ≥ 0.
    /// - Throws: `ReportError(.figures)` naming what is wrong.
    public static func entry(
        row: String, item: String, value: String, definition d: ReportDefinition,
        at location: InputLocation? = nil
    ) throws -> Part1Entry {
        guard d.part1Rows.contains(row) else {
            throw ReportError(
                .figures, key: "error.figures.row",
                ["row": "\(row)", "rows": "\(d.part1Rows.joined(separator: ", "))"], location: location)
        }
        guard d.part1Items.contains(item) else {
            throw ReportError(
                .figures, key: "error.figures.item",
                ["item": "\(item)", "items": "\(d.part1Items.joined(separator: ", "))"], location: location)
        }
        guard let n = Int(value), n >= 0 else {
            throw ReportError(
                .figures, key: "error.figures.value", ["row": "\(row)", "item": "\(item)", "value": "\(value)"],
                location: location)
        }
        return Part1Entry(row: row, item: item, value: n)
    }

    /// Reads `ROW.ITEM=VALUE`.
    public static func entry(assignment a: String, definition d: ReportDefinition) throws -> Part1Entry {
        let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
        let key = parts.first?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
        guard parts.count == 2, key.count == 2 else {
            throw ReportError(.figures, key: "error.figures.assignment", ["found": "\(a)"])
        }
        return try entry(row: key[0], item: key[1], value: parts[1], definition: d)
    }

    /// Reads the figures from a sheet (XLSX or CSV): the header row is the first that names an item; each later
    /// row whose first cell names a row gives its figures. Empty cells are skipped.
    /// - Throws: `ReportError(.figures)` with the cell's location; `SpreadsheetError` for an unreadable file.
    public static func read(file: String, definition d: ReportDefinition) throws -> [Part1Entry] {
        var grid: [(line: Int, cells: [String])] = []
        if file.lowercased().hasSuffix(".csv") {
            let csv = try CSVReader(path: file)
            while let r = try csv.next() { grid.append((r.line, r.fields)) }
        } else {
            let x = try WorkbookReader.open(path: file)
            let rows = try x.rows(of: try x.defaultSheet())
            while let r = try rows.next() {
                let width = r.cells.last?.column ?? 0
                grid.append((r.number, (0..<width).map { CellText.string(r[$0 + 1]) }))
            }
        }
        guard let headerIndex = grid.firstIndex(where: { row in row.cells.contains { d.part1Items.contains($0) } })
        else {
            throw ReportError(
                .figures, key: "error.figures.header", ["items": "\(d.part1Items.joined(separator: ", "))"],
                location: InputLocation(file: file))
        }
        let header = grid[headerIndex].cells
        var entries: [Part1Entry] = []
        for (line, row) in grid[(headerIndex + 1)...] where !row.isEmpty && d.part1Rows.contains(row[0]) {
            for (i, item) in header.enumerated()
            where i > 0 && i < row.count && d.part1Items.contains(item) && !row[i].isEmpty {
                entries.append(
                    try entry(
                        row: row[0], item: item, value: row[i], definition: d,
                        at: InputLocation(file: file, row: line, column: i + 1, columnName: item)))
            }
        }
        return entries
    }
}
