public import Spreadsheet

/// Reads dates as batches carry them (domain §4): real Excel dates, or text such as 2026-03-05, 2026/3/5,
/// 2026.3.5, 2026年3月5日, 20260305. Anything else is not a date (the caller reports it).
public enum DateText {
    /// The date a cell holds, or nil when it holds none that can be read.
    public static func date(from value: CellValue) -> CivilDate? {
        switch value {
        case .date(let d): return d
        case .dateTime(let dt): return dt.date
        case .text(let s): return parse(s)
        case .number(let v):
            // 20260305 typed as a number is a yyyymmdd date. Any other number is not a date: a cell with a date
            // format already arrives as `.date`, and reading 2026 as a serial (1905-07-18) would hide a mistake.
            if v == v.rounded(), v >= 10_000_101, v <= 99_991_231 { return parse(String(Int(v))) }
            return nil
        default: return nil
        }
    }

    /// Parses the text forms.
    public static func parse(_ raw: String) -> CivilDate? {
        let s = raw.trimmingSpaces()
        let b = Array(s.utf8)
        if b.count == 8, b.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let n = b.map { Int($0 - 48) }
            return CivilDate(
                year: n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3], month: n[4] * 10 + n[5], day: n[6] * 10 + n[7])
        }
        // Split on any run of non-digits: 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, "2026-03-05 00:00:00".
        var parts: [Int] = []
        var current: Int?
        var digits = 0
        for c in b {
            if c >= 48 && c <= 57 {
                current = (current ?? 0) * 10 + Int(c - 48)
                digits += 1
                if digits > 4 { return nil }
            } else {
                if let v = current { parts.append(v) }
                current = nil
                digits = 0
                if !(c == UInt8(ascii: "-") || c == UInt8(ascii: "/") || c == UInt8(ascii: ".") || c == 32
                    || c == UInt8(ascii: ":") || c >= 0x80)
                {
                    return nil
                }
            }
        }
        if let v = current { parts.append(v) }
        guard parts.count == 3 || parts.count == 6 || parts.count == 5, parts[0] >= 1000 else { return nil }
        if parts.count > 3 && parts[3...].contains(where: { $0 != 0 }) && !s.contains(" ") && !s.contains("T") {
            return nil
        }
        return CivilDate(year: parts[0], month: parts[1], day: parts[2])
    }
}
