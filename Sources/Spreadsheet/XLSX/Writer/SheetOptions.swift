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
    /// With `fitToWidth`: at most this many pages tall, the print shrunk further if need be (0: no limit).
    public var fitToHeight = 0
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

    /// How many lines `text` takes in a wrapped cell of `width` character units: words of Latin text stay whole
    /// where they fit, CJK text breaks anywhere, as Excel and LibreOffice wrap. Rows are not sized by the
    /// spreadsheet when a file is opened, so a writer sets each height from this (about 15 points a line at
    /// 11-point type) for wrapped text not to be cut or overlap in print.
    public static func wrappedLines(_ text: String, width: Double) -> Int {
        // A cell keeps about a character of padding.
        let room = max(width - 1, 1)
        var total = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var lines = 1
            var x = 0.0
            func place(_ w: Double) {
                guard w > 0 else { return }
                if x > 0, x + w > room {
                    lines += 1
                    x = 0
                }
                // A word longer than the cell is broken across lines.
                var rest = w
                while rest > room {
                    lines += 1
                    rest -= room
                }
                x += rest
            }
            var word = 0.0
            for ch in line {
                if ch == " " {
                    place(word + 1)
                    word = 0
                } else if ch.utf8.count >= 3 {
                    place(word)
                    word = 0
                    place(2)
                } else {
                    word += 1
                }
            }
            place(word)
            total += lines
        }
        return max(total, 1)
    }

    public init(
        columnWidths: [Int: Double] = [:], columnStyles: [Int: StyleID] = [:], autoWidth: Bool = true,
        freezeRows: Int = 0, freezeColumns: Int = 0, visibility: SheetVisibility = .visible,
        landscape: Bool = false, fitToWidth: Bool = false, fitToHeight: Int = 0, repeatRows: ClosedRange<Int>? = nil,
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
        self.fitToHeight = fitToHeight
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
        func fail(key: String, _ values: [String: String] = [:]) throws -> Never {
            throw SpreadsheetError(.invalidArgument, key: key, values.merging(["name": name]) { a, _ in a })
        }
        if name.isEmpty { try fail(key: "error.invalid-argument.sheet-name-empty") }
        if name.utf16.count > SheetLimits.maxSheetNameLength { try fail(key: "error.invalid-argument.sheet-name-long") }
        if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
            try fail(key: "error.invalid-argument.sheet-name-character", ["bad": "\(bad)"])
        }
        if name.hasPrefix("'") || name.hasSuffix("'") { try fail(key: "error.invalid-argument.sheet-name-apostrophe") }
        if name.lowercased() == "history" { try fail(key: "error.invalid-argument.sheet-name-reserved") }
        if existing.contains(where: { $0.lowercased() == name.lowercased() }) {
            try fail(key: "error.invalid-argument.sheet-name-used")
        }
    }
}
