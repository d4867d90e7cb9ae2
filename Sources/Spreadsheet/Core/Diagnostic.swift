/// A located finding about input data: it never stops the batch, and it says what was expected and found.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        /// The severity in the installed catalogue's language (`error`, `错误`); `rawValue` stays English for JSON.
        public var word: String { Messages.text("severity." + rawValue) }
    }

    public var severity: Severity
    /// Stable kebab-case rule id, e.g. `date-format` or `uncached-formula`.
    public var ruleID: String
    public var location: InputLocation
    /// Lower-case, no final period, found values quoted in '…'.
    public var message: String

    /// - Note: every run of 15 or 18 digits (the last of 18 may be X) in `message` is masked to its first six and
    ///   last four characters: an identity number pasted into the wrong column must not reach a log, a terminal
    ///   or a JSON summary in full, whatever rule reports it.
    public init(_ severity: Severity, _ ruleID: String, at location: InputLocation, _ message: String) {
        self.severity = severity
        self.ruleID = ruleID
        self.location = location
        self.message = Diagnostic.maskingIdentityNumbers(message)
    }

    /// A finding whose message is `key` of the installed message catalogue (`Messages`), its placeholders filled
    /// from `values`: the message is in the language the program chose, and ID numbers in it are masked.
    public init(
        _ severity: Severity, _ ruleID: String, at location: InputLocation, key: String,
        _ values: [String: String] = [:]
    ) {
        self.init(severity, ruleID, at: location, Messages.text(key, values))
    }

    /// `text` with every standalone run of 15 digits, or of 17 digits and a digit or X, masked in the middle
    /// (`110105********002X`). Runs of other lengths (phone numbers, dates) are left as they are.
    public static func maskingIdentityNumbers(_ text: String) -> String {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        // Most messages hold no run of 15 digits: say so without copying (one message a row on the hot path).
        var run = 0
        var longest = 0
        for b in text.utf8 {
            run = isDigit(b) ? run + 1 : 0
            longest = max(longest, run)
        }
        guard longest >= 15 else { return text }
        let bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        while i < bytes.count {
            guard isDigit(bytes[i]), i == 0 || !isDigit(bytes[i - 1]) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            var j = i
            while j < bytes.count, isDigit(bytes[j]) { j += 1 }
            var end = j
            if j - i == 17, j < bytes.count, bytes[j] | 0x20 == UInt8(ascii: "x") { end = j + 1 }
            let length = end - i
            let standalone = end == bytes.count || !(isDigit(bytes[end]) || bytes[end] | 0x20 == UInt8(ascii: "x"))
            if (length == 15 || length == 18) && standalone {
                out.append(contentsOf: bytes[i..<i + 6])
                out.append(contentsOf: repeatElement(UInt8(ascii: "*"), count: length - 10))
                out.append(contentsOf: bytes[end - 4..<end])
                changed = true
            } else {
                out.append(contentsOf: bytes[i..<end])
            }
            i = end
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// `file:sheet:row:col: severity: [rule] message`, the compiler style tools can parse.
    public var description: String {
        "\(location): \(severity.word): [\(ruleID)] \(message)"
    }

    /// Orders by file, sheet, row, column, then rule, so output is the same at any parallelism.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        if a.location != b.location { return a.location < b.location }
        return a.ruleID < b.ruleID
    }

    /// Shortens and escapes a found value for a message: at most 60 characters, control characters shown as escapes.
    public static func quote(_ value: String, limit: Int = 60) -> String {
        var out = ""
        for (i, ch) in value.enumerated() {
            if i == limit {
                out += "…"
                break
            }
            switch ch {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return "'" + out + "'"
    }
}
