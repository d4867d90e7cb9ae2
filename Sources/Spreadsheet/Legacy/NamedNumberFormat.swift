import Foundation

/// The number formats of Excel's HTML and XML Spreadsheet 2003 exports: named ones (`Short Date`, `Fixed`) as
/// well as codes (`yyyy\-mm\-dd`), classified like XLSX number formats.
enum NamedNumberFormat {
    /// What the format says a number means; nil when it asks for text (`@`).
    static func kind(_ code: String) -> NumberFormatKind? {
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "@", "\\@", "text": return nil
        case "general date": return .dateTime
        case "long date", "medium date", "short date": return .date
        case "long time", "medium time", "short time": return .time
        case "general", "general number", "fixed", "standard", "percent", "scientific", "currency", "euro currency",
            "yes/no", "true/false", "on/off", "":
            return .plain
        default: return NumberFormatKind.classify(code: trimmed)
        }
    }
}

/// Values typed as text in HTML and XML exports, read only where the file says the cell is a number or a date.
enum TextValue {
    /// A plain decimal: optional sign, digits, optional fraction and exponent (no `inf`, `nan` or hex).
    static func number(_ s: String) -> Double? {
        let b = Array(s.utf8)
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        let digitsStart = i
        while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
        var digits = i - digitsStart
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let f = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            digits += i - f
        }
        guard digits > 0 else { return nil }
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            let e = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > e else { return nil }
        }
        guard i == b.count, let v = Double(s), v.isFinite else { return nil }
        return v
    }

    /// An Excel serial (1900 system) for `2026-03-05`, `2026/3/5`, either with ` 14:30(:00)` or `T14:30:00(.000)`.
    static func serial(_ s: String) -> Double? {
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let ymd = parts[0].split(whereSeparator: { $0 == "-" || $0 == "/" }).map { Int($0) }
        // 1899-12-31 is Excel's day 0, the date part of a time of day in XML Spreadsheet 2003.
        guard ymd.count == 3, let y = ymd[0], let m = ymd[1], let d = ymd[2], y <= 9999,
            y >= 1900 || (y, m, d) == (1899, 12, 31),
            let date = CivilDate(year: y, month: m, day: d)
        else { return nil }
        var fraction = 0.0
        if parts.count == 2 {
            let hms = parts[1].split(separator: ":").map { Double($0) }
            guard hms.count == 2 || hms.count == 3, let h = hms[0], let mi = hms[1], h >= 0, h < 24, mi >= 0,
                mi < 60
            else { return nil }
            let sec = hms.count == 3 ? hms[2] ?? -1 : 0
            guard sec >= 0, sec < 60 else { return nil }
            fraction = (h * 3600 + mi * 60 + sec) / 86_400
        }
        return Double(DateSystem.excel1900.serial(of: date)) + fraction
    }
}
