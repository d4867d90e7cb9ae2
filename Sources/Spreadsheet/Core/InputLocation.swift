/// Where in an input a value or a problem sits: file, sheet (nil for CSV), 1-based row and column.
public struct InputLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    /// The sheet name; nil for CSV and for package-level problems.
    public var sheet: String?
    /// The zip part, for problems found inside the package structure (e.g. `xl/worksheets/sheet1.xml`).
    public var part: String?
    /// 1-based row (or line for CSV); nil when the problem concerns the whole file or part.
    public var row: Int?
    /// 1-based column.
    public var column: Int?
    /// The header text of the column, when known.
    public var columnName: String?

    public init(
        file: String, sheet: String? = nil, part: String? = nil, row: Int? = nil,
        column: Int? = nil, columnName: String? = nil
    ) {
        self.file = file
        self.sheet = sheet
        self.part = part
        self.row = row
        self.column = column
        self.columnName = columnName
    }

    /// `file:sheet:row:column` in the compiler style, with the zip part after `!` when there is one.
    public var description: String {
        var s = file
        if let part { s += "!" + part }
        if let sheet { s += ":" + sheet }
        if let row { s += ":\(row)" }
        if let column { s += ":\(column)" }
        return s
    }

    public static func < (a: InputLocation, b: InputLocation) -> Bool {
        (a.file, a.sheet ?? "", a.row ?? 0, a.column ?? 0) < (b.file, b.sheet ?? "", b.row ?? 0, b.column ?? 0)
    }
}
