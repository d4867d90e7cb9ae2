import Foundation

/// Gathers the cells of one row as the legacy readers meet them, in the compact form `SheetRow` holds (`RawCell`s
/// and a UTF-8 arena), so that every reader hands the converters and the importer the same rows.
struct RowBuilder {
    private(set) var number = 0
    private var cells: [RawCell] = []
    private var text: [UInt8] = []
    private var unordered = false

    var isEmpty: Bool { cells.isEmpty }
    var count: Int { cells.count }
    /// Bytes of text the row holds (the arena's offsets are 32-bit).
    var textCount: Int { text.count }

    /// Starts a new row (1-based number), dropping whatever the last one held.
    mutating func start(row: Int) {
        number = row
        cells.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        unordered = false
    }

    @inline(__always)
    private mutating func append(_ cell: RawCell) {
        if let last = cells.last, last.column >= cell.column { unordered = true }
        cells.append(cell)
    }

    /// A number; integral values of at most 15 digits also keep their digits in the arena (the CSV fast path).
    mutating func addNumber(column: Int, _ value: Double, format: NumberFormatKind) {
        let start = Int32(text.count)
        var plain = false
        if format == .plain, value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            var v = Int64(value)
            if v < 0 {
                text.append(UInt8(ascii: "-"))
                v = -v
            }
            let digitsStart = text.count
            repeat {
                text.append(UInt8(ascii: "0") + UInt8(v % 10))
                v /= 10
            } while v > 0
            text[digitsStart...].reverse()
            plain = true
        }
        append(
            RawCell(
                column: Int32(column), kind: .number, formatKind: format, plainInteger: plain, start: start,
                end: Int32(text.count), number: value))
    }

    /// Text already in UTF-8.
    mutating func addText<C: Collection>(column: Int, _ bytes: C) where C.Element == UInt8 {
        let start = Int32(text.count)
        text.append(contentsOf: bytes)
        append(
            RawCell(
                column: Int32(column), kind: .text, formatKind: .plain, plainInteger: false, start: start,
                end: Int32(text.count), number: 0))
    }

    /// A reference into the workbook's shared-string table.
    mutating func addShared(column: Int, index: Int) {
        let at = Int32(text.count)
        append(
            RawCell(
                column: Int32(column), kind: .sharedString, formatKind: .plain, plainInteger: false, start: at, end: at,
                number: Double(index)))
    }

    mutating func addBoolean(column: Int, _ value: Bool) {
        let at = Int32(text.count)
        append(
            RawCell(
                column: Int32(column), kind: .boolean, formatKind: .plain, plainInteger: false, start: at, end: at,
                number: value ? 1 : 0))
    }

    /// An error value such as `#DIV/0!`.
    mutating func addError(column: Int, _ code: String) {
        let start = Int32(text.count)
        text.append(contentsOf: code.utf8)
        append(
            RawCell(
                column: Int32(column), kind: .error, formatKind: .plain, plainInteger: false, start: start,
                end: Int32(text.count), number: 0))
    }

    /// A formula whose file holds no result.
    mutating func addUncachedFormula(column: Int) {
        let at = Int32(text.count)
        append(
            RawCell(
                column: Int32(column), kind: .uncachedFormula, formatKind: .plain, plainInteger: false, start: at,
                end: at, number: 0))
    }

    /// The row, cells sorted by column (a later cell of the same column wins), or nil when it holds none.
    func build(sharedStrings: SharedStrings, dateSystem: DateSystem) -> SheetRow? {
        guard !cells.isEmpty else { return nil }
        var sorted = cells
        if unordered {
            var byColumn: [Int32: RawCell] = [:]
            for c in cells { byColumn[c.column] = c }
            sorted = byColumn.keys.sorted().map { byColumn[$0]! }
        }
        return SheetRow(number: number, raw: sorted, text: text, sharedStrings: sharedStrings, dateSystem: dateSystem)
    }
}

/// A sheet read whole when the workbook is opened (HTML tables and XML Spreadsheet 2003, whose sheets cannot be
/// found without parsing the document): its rows in order and its merged ranges.
struct MaterializedSheet {
    var rows: [SheetRow] = []
    var mergedRanges: [CellRange] = []
}

extension MaterializedSheet {
    /// The row reader of `sheet` among a materialized workbook's sheets (by position).
    static func rows(of sheet: SheetInfo, in sheets: [MaterializedSheet], displayName: String) throws
        -> SheetRowReader
    {
        let index = sheet.position - 1
        guard sheets.indices.contains(index) else {
            throw SpreadsheetError(
                .invalidArgument, key: "error.invalid-argument.no-sheet-position", ["position": "\(sheet.position)"],
                location: InputLocation(file: displayName))
        }
        let location = InputLocation(file: displayName, sheet: sheet.name)
        return SheetRowReader(source: MaterializedRowSource(sheets[index]), location: location)
    }
}

/// Hands out the rows of a materialized sheet.
final class MaterializedRowSource: SheetRowSource {
    private let sheet: MaterializedSheet
    private var index = 0
    let warnings: [Diagnostic]

    init(_ sheet: MaterializedSheet, warnings: [Diagnostic] = []) {
        self.sheet = sheet
        self.warnings = warnings
    }

    func nextRow() throws -> SheetRow? {
        guard index < sheet.rows.count else { return nil }
        defer { index += 1 }
        return sheet.rows[index]
    }

    var mergedRanges: [CellRange] { sheet.mergedRanges }
}

/// Limits for the readers that hold a whole document's cells (HTML tables, XML Spreadsheet 2003).
enum LegacyLimits {
    /// The largest HTML or XML Spreadsheet 2003 file read (bytes).
    static let maxDocumentBytes = 128 << 20
    /// The most cells such a document may hold (each costs about 24 bytes plus its text).
    static let maxCells = 4_000_000
}
