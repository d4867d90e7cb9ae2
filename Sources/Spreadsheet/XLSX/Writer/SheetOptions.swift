/// How a worksheet is laid out: widths, frozen panes, print set-up, visibility.
public struct SheetOptions: Sendable {
    /// Fixed widths (in Excel's character units) by 1-based column; other columns are sized from their
    /// first 1,000 rows when `autoWidth` is on, counting CJK characters as two units.
    public var columnWidths: [Int: Double] = [:]
    /// Default styles by 1-based column: what a person typing into an empty cell gets (text for ID columns,
    /// dates for date columns).
    public var columnStyles: [Int: StyleID] = [:]
    public var autoWidth = true
    /// Rows and columns kept in view while scrolling (1 freezes the header row).
    public var freezeRows = 0
    public var freezeColumns = 0
    public var visibility: SheetVisibility = .visible
    /// Print across the long side of the page.
    public var landscape = false
    /// Scale the print to one page wide (as many pages tall as needed).
    public var fitToWidth = false
    /// Rows repeated at the top of every printed page (1-based, inclusive).
    public var repeatRows: ClosedRange<Int>?
    /// Columns repeated at the left of every printed page (1-based, inclusive): the row labels of a table wider
    /// than a page.
    public var repeatColumns: ClosedRange<Int>?

    /// The width of text in Excel's character units, CJK and other wide characters counting two
    /// (what the writer uses to size columns).
    public static func displayWidth(_ s: String) -> Double {
        var copy = s
        return copy.withUTF8 { SheetState.displayWidth($0) }
    }

    public init(
        columnWidths: [Int: Double] = [:], columnStyles: [Int: StyleID] = [:], autoWidth: Bool = true,
        freezeRows: Int = 0, freezeColumns: Int = 0, visibility: SheetVisibility = .visible,
        landscape: Bool = false, fitToWidth: Bool = false, repeatRows: ClosedRange<Int>? = nil,
        repeatColumns: ClosedRange<Int>? = nil
    ) {
        self.columnWidths = columnWidths
        self.columnStyles = columnStyles
        self.autoWidth = autoWidth
        self.freezeRows = freezeRows
        self.freezeColumns = freezeColumns
        self.visibility = visibility
        self.landscape = landscape
        self.fitToWidth = fitToWidth
        self.repeatRows = repeatRows
        self.repeatColumns = repeatColumns
    }
}

/// A value with the style to write it in; nil style means the column's style or the value's natural one
/// (dates get a date format).
public struct XLSXCell: Sendable {
    public var value: CellValue
    public var style: StyleID?

    public init(_ value: CellValue, style: StyleID? = nil) {
        self.value = value
        self.style = style
    }
}

/// Excel's rules for sheet names (rust_xlsxwriter `validate_sheetname`, Microsoft docs).
enum SheetName {
    static func validate(_ name: String, existing: [String]) throws {
        func fail(_ why: String) throws -> Never {
            throw SpreadsheetError(.invalidArgument, "sheet name '\(name)' \(why)")
        }
        if name.isEmpty { try fail("is empty") }
        if name.utf16.count > SheetLimits.maxSheetNameLength { try fail("is longer than 31 characters") }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            try fail("contains '\(bad)', which Excel does not allow")
        }
        if name.hasPrefix("'") || name.hasSuffix("'") { try fail("starts or ends with an apostrophe") }
        if name.lowercased() == "history" { try fail("is reserved by Excel") }
        if existing.contains(where: { $0.lowercased() == name.lowercased() }) {
            try fail("is already used in this workbook")
        }
    }
}
