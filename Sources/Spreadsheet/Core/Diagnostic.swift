/// A located finding about input data: it never stops the batch, and it says what was expected and found.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// Stable kebab-case rule id, e.g. `date-format` or `uncached-formula`.
    public var ruleID: String
    public var location: InputLocation
    /// Lower-case, no final period, found values quoted in '…'.
    public var message: String

    public init(_ severity: Severity, _ ruleID: String, at location: InputLocation, _ message: String) {
        self.severity = severity
        self.ruleID = ruleID
        self.location = location
        self.message = message
    }

    /// `file:sheet:row:col: severity: [rule] message`, the compiler style tools can parse.
    public var description: String {
        "\(location): \(severity.rawValue): [\(ruleID)] \(message)"
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
            if i == limit { out += "…"; break }
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
