/// What a cell's number format says its number means.
enum NumberFormatKind: UInt8, Sendable {
    case plain, date, dateTime, time, duration

    /// Built-in format ids (ECMA-376 §18.8.30 plus the CJK ids Chinese-locale Excel and WPS use).
    /// 14–17, 27–31, 36, 50–54, 57–58 are dates; 18–21, 32–35, 45, 47, 55–56 times; 22 date-time; 46 `[h]:mm:ss`.
    static func builtIn(_ id: Int) -> NumberFormatKind {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: return .date
        case 18...21, 32...35, 45, 47, 55, 56: return .time
        case 22: return .dateTime
        case 46: return .duration
        default: return .plain
        }
    }

    /// Classifies a custom format code by its first section: date letters (y, d, and m without
    /// h or s) and time letters (h, s) outside quotes, `\` escapes, `_`/`*` fills and `[...]` blocks;
    /// `[h]`, `[m]` or `[s]` make it elapsed time.
    static func classify(code: String) -> NumberFormatKind {
        var hasDate = false
        var hasTime = false
        var hasMonthOrMinute = false
        var elapsed = false
        var iterator = Array(code.utf8)[...]
        while let c = iterator.popFirst() {
            switch c {
            case UInt8(ascii: ";"):
                iterator.removeAll()  // only the first section decides
            case UInt8(ascii: "\""):
                while let q = iterator.popFirst(), q != UInt8(ascii: "\"") {}
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                _ = iterator.popFirst()
            case UInt8(ascii: "["):
                var inner: [UInt8] = []
                while let q = iterator.popFirst(), q != UInt8(ascii: "]") { inner.append(q | 0x20) }
                if !inner.isEmpty,
                    inner.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") })
                {
                    elapsed = true
                }
            default:
                switch c | 0x20 {
                case UInt8(ascii: "y"), UInt8(ascii: "d"): hasDate = true
                case UInt8(ascii: "h"), UInt8(ascii: "s"): hasTime = true
                case UInt8(ascii: "m"): hasMonthOrMinute = true
                default: break
                }
            }
        }
        if elapsed { return .duration }
        if hasMonthOrMinute && !hasTime { hasDate = true }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return .plain
        }
    }
}

/// Reads `xl/styles.xml` only for what values need: each `cellXfs` entry's number-format kind.
final class StylesHandler: XMLEventHandler {
    private var customFormats: [Int: String] = [:]
    private var xfFormatIDs: [Int] = []
    private var inCellXfs = false

    override func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.namespace.isSpreadsheet else { return }
        if name.is("numFmt") {
            if let id = attributes.string("numFmtId").flatMap({ Int($0) }), let code = attributes.string("formatCode") {
                customFormats[id] = code
            }
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf"), inCellXfs {
            xfFormatIDs.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }

    override func endElement(_ name: XMLName) {
        if name.is("cellXfs") { inCellXfs = false }
    }

    /// The kind of every cell style, indexed by the cell's `s` attribute. Custom codes are consulted
    /// before the built-in table, since a file may redefine a low id.
    func styleKinds() -> [NumberFormatKind] {
        xfFormatIDs.map { id in
            if let code = customFormats[id] { return NumberFormatKind.classify(code: code) }
            return NumberFormatKind.builtIn(id)
        }
    }
}
