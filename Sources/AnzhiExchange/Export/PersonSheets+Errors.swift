import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

/// The texts of an errors file that a clerk reads, so that a message catalogue can supply them in another
/// language. The column headers are not among them: 错误说明 and the origin columns must stay as they are for
/// the corrected file to import.
public struct ErrorsFileText: Sendable {
    /// The sheet of rejected person rows.
    public var rowsSheet = "错误行"
    /// The sheet of rejected visit rows.
    public var visitsSheet = "走访错误行"
    /// The sheet that says how to correct and re-import the file.
    public var instructionsSheet = "说明"
    /// The lines of the instructions sheet, one per row.
    public var instructions = [
        "1. 按“错误说明”列修改标红的单元格；",
        "2. 不要修改列名和源文件、源工作表、源行号列；",
        "3. 保存后用 anzhi import 本文件 重新导入，已改正的行会从待改正记录中移除。",
    ]

    /// The Chinese texts.
    public init() {}
}

extension PersonSheets {
    /// The fill of a cell that an error of its row is about (Excel's "light red").
    static let offendingFill = "FFFFC7CE"

    /// Writes rejected rows as an errors file in the import template's layout, so that once corrected it imports as
    /// it is: person rows under the template's headers (values of alias headers moved to their field, columns that
    /// are no field after them), visit rows on their own sheet under the visit headers; then 源文件, 源工作表, 源行号
    /// (where each row came from: the corrected row that imports removes it from the store) and 错误说明.
    ///
    /// In XLSX the cells the errors are about are filled red, rows are as tall as their wrapped text, and the
    /// sheets print landscape on A4, one page wide, the header on every page; a sheet `text.instructionsSheet`
    /// says how to correct the file. In CSV (no styles) the person rows go to `path` and visit rows, if any, to
    /// `NAME-2.csv`.
    /// - Returns: the files written.
    @discardableResult
    public static func writeErrors(
        _ rejected: [RejectedInput], to path: String, text: ErrorsFileText = ErrorsFileText()
    ) throws -> [String] {
        let visits = rejected.filter(ErrorsTable.isVisitRow)
        let persons = ErrorsTable.persons(rejected.filter { !ErrorsTable.isVisitRow($0) })
        let visitTable = visits.isEmpty ? nil : ErrorsTable.visits(visits)
        if path.lowercased().hasSuffix(".csv") {
            var written: [String] = []
            for (i, table) in ([persons] + (visitTable.map { [$0] } ?? [])).enumerated() {
                let file = i == 0 ? path : "\(path.dropLast(4))-\(i + 1).csv"
                let csv = try CSVWriter(path: file, dialect: .excel)
                try csv.writeRecord(table.headers)
                for row in table.rows { try csv.writeRecord(row) }
                try csv.close()
                written.append(file)
            }
            return written
        }
        let xlsx = try XLSXWriter(path: path)
        let styles = Styles(xlsx)
        try write(persons, sheet: text.rowsSheet, to: xlsx, styles: styles)
        if let visitTable { try write(visitTable, sheet: text.visitsSheet, to: xlsx, styles: styles) }
        try xlsx.startSheet(
            text.instructionsSheet, options: SheetOptions(columnWidths: [1: 90], autoWidth: false, landscape: true))
        for line in text.instructions {
            try xlsx.writeRow(
                [XLSXCell(.text(line), style: styles.wrap)],
                height: rowHeight(lines: SheetOptions.wrappedLines(line, width: 90)))
        }
        try xlsx.close()
        return [path]
    }

    /// The height of a row of wrapped 11-point text: 15 points a line.
    static func rowHeight(lines: Int) -> Double { Double(max(lines, 1)) * 15 }

    private static func write(_ table: ErrorsTable, sheet: String, to xlsx: XLSXWriter, styles: Styles) throws {
        let widths = table.columnWidths()
        var columnStyles: [Int: StyleID] = [:]
        for c in table.textColumns { columnStyles[c + 1] = styles.text }
        try xlsx.startSheet(
            sheet,
            options: SheetOptions(
                columnWidths: Dictionary(uniqueKeysWithValues: widths.enumerated().map { ($0 + 1, $1) }),
                columnStyles: columnStyles, autoWidth: false, freezeRows: 1, landscape: true, fitToWidth: true,
                repeatRows: 1...1))
        let last = table.headers.count - 1
        try xlsx.writeRow(
            table.headers.enumerated().map {
                XLSXCell(.text($1), style: $0 == last ? styles.errorHeader : styles.header)
            },
            height: rowHeight(lines: table.lines(of: table.headers, widths: widths)))
        for (r, row) in table.rows.enumerated() {
            let cells = row.enumerated().map { c, value -> XLSXCell in
                let style: StyleID
                if c == last {
                    style = styles.error
                } else if table.red[r].contains(c) {
                    style = table.textColumns.contains(c) ? styles.offendingText : styles.offending
                } else {
                    style = table.textColumns.contains(c) ? styles.wrapText : styles.wrap
                }
                return XLSXCell(value.isEmpty ? .empty : .text(value), style: style)
            }
            try xlsx.writeRow(cells, height: rowHeight(lines: table.lines(of: row, widths: widths)))
        }
    }
}

/// Rejected rows laid out as one sheet of an errors file: the layout's headers, the columns that are no field
/// after them, then the origin and explanation columns; and, per row, the (0-based) columns to fill red.
struct ErrorsTable {
    var headers: [String]
    var rows: [[String]] = []
    var red: [Set<Int>] = []
    /// Columns kept as text when typed into (ID numbers, region codes, inmate numbers).
    var textColumns: Set<Int> = []

    /// The columns an errors file adds to a row, in order: written anew, so those a row of an errors file carries
    /// are dropped.
    private static let addedColumns = [
        PersonSheets.originFileColumn, PersonSheets.originSheetColumn, PersonSheets.originRowColumn,
        PersonSheets.errorColumn,
    ]
    private static let added = Set(addedColumns)

    /// Whether a rejected row came from a visits sheet (judged by its headers, as the import judges a sheet).
    static func isVisitRow(_ row: RejectedInput) -> Bool {
        let matcher = HeaderMatcher()
        return row.headers.filter { matcher.match($0) != nil }.count < 3 && HeaderMatcher.isVisitHeader(row.headers)
    }

    /// Person rows in the template layout (PersonFields order), headers read as the import reads them.
    static func persons(_ rows: [RejectedInput]) -> ErrorsTable {
        let matcher = HeaderMatcher()
        return ErrorsTable(rows, layout: PersonFields.all.map(\.header)) { matcher.match($0)?.field }
    }

    /// Visit rows in the visits sheet's layout.
    static func visits(_ rows: [RejectedInput]) -> ErrorsTable {
        let fields = PersonFields.visitHeaders.map(\.field)
        return ErrorsTable(rows, layout: PersonFields.visitHeaders.map(\.header)) {
            HeaderMatcher.visitField($0).flatMap(fields.firstIndex)
        }
    }

    /// Lays `rejected` out under `layout`; `position` tells which layout column a header names, if any.
    private init(_ rejected: [RejectedInput], layout: [String], position: (String) -> Int?) {
        // Columns that are no field, by header and occurrence (a sheet may have two columns called 备注).
        var extras: [String] = []
        var placed: [(values: [String], extra: [String: String], red: [String])] = []
        for r in rejected {
            var values = [String](repeating: "", count: layout.count)
            var filled: Set<Int> = []
            var extra: [String: String] = [:]
            var seen: [String: Int] = [:]
            for (j, header) in r.headers.enumerated() {
                let name = header.trimmingCharacters(in: .whitespaces)
                guard !ErrorsTable.added.contains(HeaderMatcher.normalize(name)) else { continue }
                let cell = j < r.cells.count ? r.cells[j] : ""
                if let i = position(name), filled.insert(i).inserted {
                    values[i] = cell
                    continue
                }
                guard !name.isEmpty || !cell.isEmpty else { continue }
                seen[name, default: 0] += 1
                let key = seen[name]! == 1 ? name : "\(name)\u{1}\(seen[name]!)"
                if !extras.contains(key) { extras.append(key) }
                extra[key] = cell
            }
            placed.append((values, extra, r.errorColumns))
        }
        headers = layout + extras.map { String($0.prefix { $0 != "\u{1}" }) } + ErrorsTable.addedColumns
        for (c, h) in headers.enumerated() where PersonSheets.isTextHeader(h) { textColumns.insert(c) }
        for (r, p) in zip(rejected, placed) {
            rows.append(
                p.values + extras.map { p.extra[$0] ?? "" } + [
                    r.location.file, r.location.sheet ?? "", r.location.row.map(String.init) ?? "", r.explanation,
                ])
            // An error names its column by template header (or by a header that is no field, for older rows or
            // unknown columns): found in the layout, through the import's reading of headers, or among the extras.
            red.append(
                Set(
                    p.red.compactMap { name in
                        layout.firstIndex(of: name) ?? position(name)
                            ?? extras.firstIndex(of: name).map { layout.count + $0 }
                    }))
        }
    }

    /// Column widths in character units: as wide as the header or the widest value, within bounds (the
    /// explanation gets more room); longer text wraps.
    func columnWidths() -> [Double] {
        headers.indices.map { c in
            let content = rows.map { SheetOptions.displayWidth($0[c]) }.max() ?? 0
            let wanted = max(SheetOptions.displayWidth(headers[c]), content) + 2
            return c == headers.count - 1 ? min(max(wanted, 30), 60) : min(max(wanted, 8), 30)
        }
    }

    /// The lines the tallest cell of `row` wraps to at `widths`.
    func lines(of row: [String], widths: [Double]) -> Int {
        zip(row, widths).map { $0.isEmpty ? 1 : SheetOptions.wrappedLines($0, width: $1) }.max() ?? 1
    }
}
