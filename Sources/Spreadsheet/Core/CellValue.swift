/// The typed value of one spreadsheet cell, as a reader returns it and a writer takes it.
///
/// Dates are recognised from the cell's number format (built-in ids 14–22, 27–36, 45–47,
/// 50–58 and custom codes with date or time parts), so a serial with a date format arrives
/// as `.date`/`.dateTime`/`.time`/`.duration`, never as a bare number.
public enum CellValue: Hashable, Sendable {
    /// No value (the cell is absent, or an explicitly empty `<v/>`).
    case empty
    /// Text exactly as stored: escapes decoded, whitespace kept.
    case text(String)
    /// A number without a date format.
    case number(Double)
    case boolean(Bool)
    /// A whole serial under a date format, or an ISO date in a `t="d"` cell.
    case date(CivilDate)
    /// A serial with a fraction under a date format, or an ISO date-time.
    case dateTime(CivilDateTime)
    /// A serial below 1 under a time-of-day format.
    case time(TimeOfDay)
    /// Elapsed time under a `[h]`, `[m]` or `[s]` format, in seconds.
    case duration(seconds: Double)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)
    /// A formula whose file carries no cached result (written by a library, never calculated).
    case uncachedFormula

    /// Whether the cell carries nothing a person would see.
    public var isEmpty: Bool {
        switch self {
        case .empty, .uncachedFormula: return true
        case .text(let s): return s.isEmpty
        default: return false
        }
    }
}

/// A cell with its 1-based column.
public struct Cell: Hashable, Sendable {
    /// 1-based column (A = 1).
    public var column: Int
    public var value: CellValue

    public init(column: Int, value: CellValue) {
        self.column = column
        self.value = value
    }
}
