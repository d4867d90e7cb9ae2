import AnzhiCore
import Spreadsheet

/// The condition language of report definitions (see Templates/reports/README.md), compiled into closures
/// over a `ScanRow` so that a register of a million people is evaluated without interpretation overhead.
struct ConditionCompiler {
    enum Value {
        case bool((ScanRow) -> Bool)
        case date((ScanRow) -> Int32)
        case text((ScanRow) -> UnsafeBufferPointer<UInt8>?)
        case literal(String)
    }

    /// Slots of the fields a definition uses: date fields and text fields separately.
    var dateSlots: [String: Int]
    var textSlots: [String: Int]
    let period: ReportPeriod
    private var tokens: [String] = []
    private var position = 0
    private var source = ""
    private var location: InputLocation?

    init(dateSlots: [String: Int], textSlots: [String: Int], period: ReportPeriod) {
        self.dateSlots = dateSlots
        self.textSlots = textSlots
        self.period = period
    }

    /// Compiles a condition to a predicate.
    /// - Parameter location: where the condition is written (file, line, column), named by errors.
    /// - Throws: `ReportError` naming the indicator, where it is written and what was expected.
    mutating func compile(_ condition: String, indicator: String, at location: InputLocation? = nil) throws -> (ScanRow)
        -> Bool
    {
        source = indicator
        self.location = location
        tokens = try ConditionCompiler.tokenize(condition, indicator: indicator, at: location)
        position = 0
        let value = try parseOr()
        guard position == tokens.count else {
            throw error(key: "error.condition.unexpected", ["token": "\(tokens[position])"])
        }
        return try bool(value)
    }

    static func tokenize(_ s: String, indicator: String, at location: InputLocation? = nil) throws -> [String] {
        var tokens: [String] = []
        var chars = Array(s)[...]
        while let c = chars.first {
            if c.isWhitespace {
                chars.removeFirst()
                continue
            }
            if c == "'" {
                chars.removeFirst()
                var text = ""
                while let q = chars.first, q != "'" {
                    text.append(q)
                    chars.removeFirst()
                }
                guard chars.first == "'" else {
                    throw ReportError(
                        .condition, key: "error.condition.quote", ["indicator": "\(indicator)"], location: location)
                }
                chars.removeFirst()
                tokens.append("'" + text)
                continue
            }
            if "()+,".contains(c) {
                tokens.append(String(c))
                chars.removeFirst()
                continue
            }
            if "<>=!".contains(c) {
                var op = String(c)
                chars.removeFirst()
                if chars.first == "=" {
                    op.append("=")
                    chars.removeFirst()
                }
                tokens.append(op)
                continue
            }
            var word = ""
            while let w = chars.first, w.isLetter || w.isNumber || w == "." || w == "_" {
                word.append(w)
                chars.removeFirst()
            }
            guard !word.isEmpty else {
                throw ReportError(
                    .condition, key: "error.condition.character", ["indicator": "\(indicator)", "character": "\(c)"],
                    location: location)
            }
            tokens.append(word)
        }
        return tokens
    }

    private func error(key: String, _ values: [String: String] = [:]) -> ReportError {
        ReportError(.condition, key: key, values.merging(["indicator": source]) { a, _ in a }, location: location)
    }
    private var peek: String? { position < tokens.count ? tokens[position] : nil }
    private mutating func next() throws -> String {
        guard position < tokens.count else { throw error(key: "error.condition.ends-early") }
        defer { position += 1 }
        return tokens[position]
    }
    private mutating func expect(_ token: String) throws {
        let t = try next()
        guard t == token else { throw error(key: "error.condition.expected", ["token": "\(token)", "found": "\(t)"]) }
    }

    private mutating func parseOr() throws -> Value {
        var left = try parseAnd()
        while peek == "or" {
            position += 1
            let a = try bool(left)
            let b = try bool(try parseAnd())
            left = .bool { a($0) || b($0) }
        }
        return left
    }

    private mutating func parseAnd() throws -> Value {
        var left = try parseNot()
        while peek == "and" {
            position += 1
            let a = try bool(left)
            let b = try bool(try parseNot())
            left = .bool { a($0) && b($0) }
        }
        return left
    }

    private mutating func parseNot() throws -> Value {
        if peek == "not" {
            position += 1
            let a = try bool(try parseNot())
            return .bool { !a($0) }
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Value {
        let left = try parsePrimary()
        guard let op = peek, ["=", "!=", "<", "<=", ">", ">=", "in"].contains(op) else { return left }
        position += 1
        if op == "in" {
            try expect("P")
            let d = try date(left)
            let s = Int32(period.start.dayNumber)
            let e = Int32(period.end.dayNumber)
            return .bool {
                let v = d($0)
                return v != ScanRow.empty && v >= s && v <= e
            }
        }
        let right = try parsePrimary()
        if case .text = left { return try textComparison(op, left, right) }
        if case .text = right { return try textComparison(op, right, left) }
        let a = try date(left)
        let b = try date(right)
        let compare: (Int32, Int32) -> Bool
        switch op {
        case "=": compare = { $0 == $1 }
        case "!=": compare = { $0 != $1 }
        case "<": compare = { $0 < $1 }
        case "<=": compare = { $0 <= $1 }
        case ">": compare = { $0 > $1 }
        default: compare = { $0 >= $1 }
        }
        return .bool { row in
            let x = a(row)
            let y = b(row)
            return x != ScanRow.empty && y != ScanRow.empty && compare(x, y)
        }
    }

    private func textComparison(_ op: String, _ field: Value, _ other: Value) throws -> Value {
        guard case .text(let f) = field, case .literal(let literal) = other else {
            throw error(key: "error.condition.text-quotes")
        }
        let bytes = Array(literal.utf8)
        switch op {
        case "=": return .bool { ScanRow.equals(f($0), bytes) }
        case "!=":
            return .bool {
                let v = f($0)
                return v != nil && !ScanRow.equals(v, bytes)
            }
        default: throw error(key: "error.condition.text-compare")
        }
    }

    private mutating func parsePrimary() throws -> Value {
        let t = try next()
        if t == "(" {
            let v = try parseOr()
            try expect(")")
            return v
        }
        if t.hasPrefix("'") { return .literal(String(t.dropFirst())) }
        switch t {
        case "P.start":
            let d = Int32(period.start.dayNumber)
            return .date { _ in d }
        case "P.end":
            let d = Int32(period.end.dayNumber)
            return .date { _ in d }
        case "termEnd":
            return .date { $0.termEnd }
        case "onRegister":
            try expect("(")
            let d = try date(try parseOr())
            try expect(")")
            let release = dateSlots["releaseDate"]!
            let exit = dateSlots["exitDate"]!
            return .bool { row in
                let day = d(row)
                let r = row.dates[release]
                guard day != ScanRow.empty, r != ScanRow.empty, r <= day, day < row.termEnd else { return false }
                let x = row.dates[exit]
                return x == ScanRow.empty || x > day
            }
        default:
            if let slot = dateSlots[t] { return .date { $0.dates[slot] } }
            if let slot = textSlots[t] { return .text { $0.texts[slot] } }
            throw error(key: "error.condition.unknown-name", ["name": "\(t)"])
        }
    }

    private func bool(_ v: Value) throws -> (ScanRow) -> Bool {
        guard case .bool(let f) = v else {
            throw error(key: "error.condition.expected-condition")
        }
        return f
    }

    private func date(_ v: Value) throws -> (ScanRow) -> Int32 {
        switch v {
        case .date(let f): return f
        case .literal(let s):
            guard let d = DateText.parse(s) else { throw error(key: "error.condition.not-a-date", ["found": "\(s)"]) }
            let n = Int32(d.dayNumber)
            return { _ in n }
        default: throw error(key: "error.condition.expected-date")
        }
    }
}
