/// Excel's grid limits (Microsoft "Excel specifications and limits").
public enum SheetLimits {
    /// Rows per sheet.
    public static let maxRows = 1_048_576
    /// Columns per sheet (XFD).
    public static let maxColumns = 16_384
    /// Characters (UTF-16 code units) per cell.
    public static let maxCellCharacters = 32_767
    /// Characters in a sheet name.
    public static let maxSheetNameLength = 31
}

/// An A1-style cell reference with 1-based row and column.
public struct CellReference: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `B7` or `$B$7`; nil when the text is not a reference (the grid limit is not checked here).
    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        guard let parsed = CellReference.parse(&bytes), bytes.isEmpty else { return nil }
        self = parsed
    }

    /// The column letters for a 1-based column: 1 → A, 27 → AA, 16384 → XFD (integer arithmetic only).
    public static func columnName(_ column: Int) -> String {
        var n = column
        var letters: [UInt8] = []
        while n > 0 {
            let rem = (n - 1) % 26
            letters.append(UInt8(65 + rem))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// `B7`.
    public var description: String { CellReference.columnName(column) + String(row) }

    /// Whether the reference lies inside A1:XFD1048576.
    public var isInsideGrid: Bool {
        (1...SheetLimits.maxRows).contains(row) && (1...SheetLimits.maxColumns).contains(column)
    }

    public static func < (a: CellReference, b: CellReference) -> Bool {
        (a.row, a.column) < (b.row, b.column)
    }

    /// Parses a reference from the front of `bytes`, consuming it. Accepts `$` markers.
    static func parse(_ bytes: inout ArraySlice<UInt8>) -> CellReference? {
        if bytes.first == UInt8(ascii: "$") { bytes.removeFirst() }
        var column = 0
        var letters = 0
        while let b = bytes.first, let v = letterValue(b) {
            column = column * 26 + v
            letters += 1
            bytes.removeFirst()
            if letters > 7 { return nil }
        }
        if bytes.first == UInt8(ascii: "$") { bytes.removeFirst() }
        var row = 0
        var digits = 0
        while let b = bytes.first, b >= 48, b <= 57 {
            row = row * 10 + Int(b - 48)
            digits += 1
            bytes.removeFirst()
            if digits > 9 { return nil }
        }
        guard letters > 0, digits > 0 else { return nil }
        return CellReference(row: row, column: column)
    }

    @inline(__always)
    static func letterValue(_ b: UInt8) -> Int? {
        if b >= 65, b <= 90 { return Int(b - 64) }
        if b >= 97, b <= 122 { return Int(b - 96) }
        return nil
    }
}

/// A rectangular range such as `B2:C3`, inclusive of both corners.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    public var first: CellReference
    public var last: CellReference

    public init(first: CellReference, last: CellReference) {
        self.first = CellReference(row: min(first.row, last.row), column: min(first.column, last.column))
        self.last = CellReference(row: max(first.row, last.row), column: max(first.column, last.column))
    }

    /// Parses `B2:C3` or a single `B2`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let a = CellReference(String(parts[0])),
            let b = parts.count == 2 ? CellReference(String(parts[1])) : a
        else { return nil }
        self.init(first: a, last: b)
    }

    /// `B2:C3`, or `B2` for a single cell.
    public var description: String {
        first == last ? first.description : "\(first):\(last)"
    }

    public func contains(_ ref: CellReference) -> Bool {
        (first.row...last.row).contains(ref.row) && (first.column...last.column).contains(ref.column)
    }

    public func overlaps(_ other: CellRange) -> Bool {
        first.row <= other.last.row && other.first.row <= last.row
            && first.column <= other.last.column && other.first.column <= last.column
    }
}
