public import AnzhiCore
import Foundation
import Spreadsheet

/// A reporting unit: a row of the table.
public struct ReportUnit: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case office, subordinate, own, total }
    public let code: String
    public let name: String
    public let kind: Kind

    public init(code: String, name: String, kind: Kind) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// The value of an indicator for one unit.
public enum IndicatorValue: Sendable, Hashable, Codable {
    case count(Int)
    /// A percentage from its numerator and denominator.
    case rate(numerator: Int, denominator: Int)

    /// Counts as digits; rates as a percentage rounded half away from zero to two decimals (`87.50`), "—" for 0/0.
    public var text: String {
        switch self {
        case .count(let n): return String(n)
        case .rate(let n, let d):
            guard d != 0 else { return "—" }
            // Integer arithmetic: basis points ×10, rounded half away from zero, so 7/8 is exactly 87.50.
            let scaled = (Int64(n) * 100_000 / Int64(d) + (n >= 0 ? 5 : -5)) / 10
            let sign = scaled < 0 ? "-" : ""
            let a = abs(scaled)
            return sign + String(a / 100) + "." + (a % 100 < 10 ? "0" : "") + String(a % 100)
        }
    }

    private enum Keys: String, CodingKey { case numerator, denominator, percent }

    /// A count is a number; a rate is `{"numerator": n, "denominator": d, "percent": "87.50"}`, so that a report
    /// read back (a submission) can be summed and its rates recomputed.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .count(let n):
            var c = encoder.singleValueContainer()
            try c.encode(n)
        case .rate(let n, let d):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(n, forKey: .numerator)
            try c.encode(d, forKey: .denominator)
            try c.encode(text, forKey: .percent)
        }
    }

    public init(from decoder: any Decoder) throws {
        if let n = try? decoder.singleValueContainer().decode(Int.self) {
            self = .count(n)
            return
        }
        let c = try decoder.container(keyedBy: Keys.self)
        self = .rate(
            numerator: try c.decode(Int.self, forKey: .numerator),
            denominator: try c.decode(Int.self, forKey: .denominator))
    }
}

/// A check of the report's consistency (domain §7): a subset rate's numerator above its denominator, or splits
/// that do not add up to their total.
public struct ReportCheck: Sendable, Hashable, Codable {
    public let unit: ReportUnit
    public let indicators: [String]
    public let passed: Bool
    public let message: String
}

/// What one scan of a register yields: the reporting units in order and, per unit, the count of every counted
/// indicator (and visits). Everything else in a report is a pure function of these (`ReportEngine.finish`), so
/// counts summed from submitted reports give a report the same way.
public struct BaseCounts: Sendable, Hashable, Codable {
    public var units: [ReportUnit]
    /// Per unit (same order), indicator id → count.
    public var counts: [[String: Int]]

    public init(units: [ReportUnit], counts: [[String: Int]]) {
        self.units = units
        self.counts = counts
    }
}

/// A computed report. It encodes to the JSON of `anzhi report --json` and decodes from it given its definition
/// (`CodingUserInfoKey.reportDefinition`).
public struct Report: Sendable, Codable {
    public let period: ReportPeriod
    public let office: Office
    /// The definition it was computed with (not encoded: its id and version are).
    public let definition: ReportDefinition
    public let units: [ReportUnit]
    /// Values by unit (same order as `units`), then by indicator id.
    public let values: [[String: IndicatorValue]]
    public let checks: [ReportCheck]
    /// Set when a leadership report is incomplete.
    public var provisional: String?
    /// Part 1, entered by hand: row → item → value.
    public var part1: [String: [String: Int]] = [:]

    public init(
        period: ReportPeriod, office: Office, definition: ReportDefinition, units: [ReportUnit],
        values: [[String: IndicatorValue]], checks: [ReportCheck], provisional: String? = nil,
        part1: [String: [String: Int]] = [:]
    ) {
        self.period = period
        self.office = office
        self.definition = definition
        self.units = units
        self.values = values
        self.checks = checks
        self.provisional = provisional
        self.part1 = part1
    }

    public func value(_ indicator: String, unit: Int) -> IndicatorValue? { values[unit][indicator] }

    private enum Keys: String, CodingKey {
        case definition, period, start, end, office, units, checks, checksPassed, provisional, part1
    }
    private struct DefinitionRef: Codable {
        let id: String
        let version: String
    }
    private struct UnitValues: Codable {
        let code: String, name: String, kind: ReportUnit.Kind
        let values: [String: IndicatorValue]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(DefinitionRef(id: definition.id, version: definition.version), forKey: .definition)
        try c.encode(period.description, forKey: .period)
        try c.encode(period.start.description, forKey: .start)
        try c.encode(period.end.description, forKey: .end)
        try c.encode(office, forKey: .office)
        // Every value, the helper counts behind rates (B6n, B6d) included: a reader can sum and recompute.
        try c.encode(
            zip(units, values).map { u, v in UnitValues(code: u.code, name: u.name, kind: u.kind, values: v) },
            forKey: .units)
        try c.encode(checks, forKey: .checks)
        try c.encode(checks.allSatisfy(\.passed), forKey: .checksPassed)
        try c.encodeIfPresent(provisional, forKey: .provisional)
        // Every row and item of part 1, zeros included, so a reader sees the whole grid.
        try c.encode(
            Dictionary(
                uniqueKeysWithValues: definition.part1Rows.map { row in
                    (row, Dictionary(uniqueKeysWithValues: definition.part1Items.map { ($0, part1[row]?[$0] ?? 0) }))
                }), forKey: .part1)
    }

    public init(from decoder: any Decoder) throws {
        guard let definition = decoder.userInfo[.reportDefinition] as? ReportDefinition else {
            throw ReportError(
                .incompatible, "a report is read with its definition (CodingUserInfoKey.reportDefinition)")
        }
        let c = try decoder.container(keyedBy: Keys.self)
        let ref = try c.decode(DefinitionRef.self, forKey: .definition)
        guard ref.id == definition.id, ref.version == definition.version else {
            throw ReportError(
                .incompatible,
                key: "error.incompatible.definition",
                [
                    "id": "\(ref.id)", "version": "\(ref.version)", "expected": "\(definition.id)",
                    "expectedVersion": "\(definition.version)",
                ]
            )
        }
        let text = try c.decode(String.self, forKey: .period)
        guard let period = ReportPeriod(text) else {
            throw ReportError(.period, key: "error.period.period", ["text": "\(text)"])
        }
        let rows = try c.decode([UnitValues].self, forKey: .units)
        self.init(
            period: period, office: try c.decode(Office.self, forKey: .office), definition: definition,
            units: rows.map { ReportUnit(code: $0.code, name: $0.name, kind: $0.kind) }, values: rows.map(\.values),
            checks: try c.decode([ReportCheck].self, forKey: .checks),
            provisional: try c.decodeIfPresent(String.self, forKey: .provisional),
            // The grid is written whole; a zero and an absent figure mean the same.
            part1: try c.decode([String: [String: Int]].self, forKey: .part1)
                .mapValues { $0.filter { $0.value != 0 } }.filter { !$0.value.isEmpty })
    }
}

extension CodingUserInfoKey {
    /// The `ReportDefinition` a `Report` is decoded with.
    public static let reportDefinition = CodingUserInfoKey(rawValue: "anzhi.reportDefinition")!
}
