import Foundation

/// How a stored cell is to be read; kept compact because a sheet streams millions of them.
enum RawKind: UInt8, Sendable {
    /// A number; `formatKind` says whether it is a date, time or duration serial.
    case number
    /// An index into the shared-string table (in `number`).
    case sharedString
    /// Text in the row's arena (inline strings and formula string results).
    case text
    case boolean
    case error
    /// An ISO 8601 date or date-time in the arena (`t="d"`).
    case isoDate
    case uncachedFormula
}

struct RawCell: Sendable {
    var column: Int32
    var kind: RawKind
    var formatKind: NumberFormatKind
    /// Whether `text[start..<end]` holds the number exactly as a plain integer (a fast path for CSV).
    var plainInteger: Bool
    var start: Int32
    var end: Int32
    var number: Double
}

/// One row of a worksheet as the streaming reader delivers it: its 1-based number and its stored cells.
///
/// Values are decoded on access, so reading a sheet costs only what the caller looks at.
public struct SheetRow: Sendable {
    /// 1-based row number.
    public let number: Int
    let raw: [RawCell]
    let text: [UInt8]
    let sharedStrings: SharedStrings
    let dateSystem: DateSystem

    init(number: Int, raw: [RawCell], text: [UInt8], sharedStrings: SharedStrings, dateSystem: DateSystem) {
        self.number = number
        self.raw = raw
        self.text = text
        self.sharedStrings = sharedStrings
        self.dateSystem = dateSystem
    }

    /// The stored cells in column order (absent cells are not listed).
    public var cells: [Cell] {
        raw.map { Cell(column: Int($0.column), value: decode($0)) }
    }

    /// The 1-based column of the rightmost stored cell whose value is not empty, or 0.
    public var lastUsedColumn: Int {
        for cell in raw.reversed() where !decode(cell).isEmpty { return Int(cell.column) }
        return 0
    }

    /// The value at a 1-based column (`.empty` where no cell is stored).
    public subscript(column: Int) -> CellValue {
        var lo = 0
        var hi = raw.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let c = Int(raw[mid].column)
            if c == column { return decode(raw[mid]) }
            if c < column { lo = mid + 1 } else { hi = mid - 1 }
        }
        return .empty
    }

    func string(_ cell: RawCell) -> String {
        String(decoding: text[Int(cell.start)..<Int(cell.end)], as: UTF8.self)
    }

    func decode(_ cell: RawCell) -> CellValue {
        switch cell.kind {
        case .sharedString: return .text(sharedStrings.string(Int(cell.number)))
        case .text: return .text(string(cell))
        case .boolean: return .boolean(cell.number != 0)
        case .error: return .error(string(cell))
        case .uncachedFormula: return .uncachedFormula
        case .isoDate: return ISODate.parse(string(cell)) ?? .text(string(cell))
        case .number: return SheetRow.numberValue(cell.number, kind: cell.formatKind, dateSystem: dateSystem)
        }
    }

    /// Applies the number format kind to a serial; serials that no date can hold stay numbers.
    static func numberValue(_ v: Double, kind: NumberFormatKind, dateSystem: DateSystem) -> CellValue {
        switch kind {
        case .plain:
            return .number(v)
        case .duration:
            return .duration(seconds: (v * 86_400 * 1000).rounded() / 1000)
        case .date, .dateTime, .time:
            guard let (days, ms) = DateSystem.split(v) else { return .number(v) }
            if kind == .time && days == 0 { return .time(TimeOfDay(millisecondOfDay: ms)) }
            if days == 0 && dateSystem == .excel1900 {
                // Serial 0 would display as 1900-01-00; only its time of day means anything.
                return .time(TimeOfDay(millisecondOfDay: ms))
            }
            guard let date = dateSystem.date(serialDay: days) else { return .number(v) }
            if ms == 0 && kind != .dateTime { return .date(date) }
            return .dateTime(CivilDateTime(date: date, time: TimeOfDay(millisecondOfDay: ms)))
        }
    }
}

/// ISO 8601 values as `t="d"` cells hold them: `2026-03-05`, `2026-03-05T14:30:00(.sss)(Z)`.
enum ISODate {
    static func parse(_ s: String) -> CellValue? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for i in from..<from + len {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = num(0, 4), let m = num(5, 2), let d = num(8, 2),
            let date = CivilDate(year: y, month: m, day: d)
        else { return nil }
        if b.count == 10 { return .date(date) }
        guard b.count >= 19, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
            let h = num(11, 2), let mi = num(14, 2), let se = num(17, 2)
        else { return nil }
        var ms = 0
        if b.count > 20, b[19] == UInt8(ascii: ".") {
            var scale = 100
            var i = 20
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                ms += Int(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard let time = TimeOfDay(hour: h, minute: mi, second: se, millisecond: ms) else { return nil }
        if time.millisecondOfDay == 0 { return .date(date) }
        return .dateTime(CivilDateTime(date: date, time: time))
    }
}
