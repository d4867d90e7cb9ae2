/// How cell values print as text in CSV: the rules of `anzhi sheet to-csv`.
public enum CellText {
    /// The shortest decimal that reads back to the same double; integral values without a decimal point.
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 9.2e18 {
            return String(Int64(v))
        }
        let text = v.description
        guard v == v.rounded(), v.isFinite, let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(text[text.index(after: e)...])
        else { return text }
        // A whole number past Int64: expand the shortest digits (1.2e+20 → 120000000000000000000), no exponent.
        var mantissa = String(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = whole + fraction
        let zeros = exponent - fraction.count
        guard zeros >= 0 else { return text }
        return (negative ? "-" : "") + digits + String(repeating: "0", count: zeros)
    }

    /// Elapsed time as `H:MM:SS` with at least two hour digits (`36:00:00`), negative with a sign.
    public static func duration(seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let sign = total < 0 ? "-" : ""
        let t = abs(total)
        return sign + zeroPad(t / 3600, 2) + ":" + zeroPad(t / 60 % 60, 2) + ":" + zeroPad(t % 60, 2)
    }

    /// The text of a value; nil for values that print as an empty field.
    public static func string(_ value: CellValue) -> String {
        switch value {
        case .empty, .uncachedFormula: return ""
        case .text(let s): return s
        case .number(let v): return number(v)
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .date(let d): return d.description
        case .dateTime(let dt): return dt.description
        case .time(let t): return t.description
        case .duration(let s): return duration(seconds: s)
        case .error(let e): return e
        }
    }
}
