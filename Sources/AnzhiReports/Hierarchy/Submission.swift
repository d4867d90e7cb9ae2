import AnzhiCore
public import Foundation
public import Spreadsheet

/// A report as it travels up to the superior (`payload/reports.json`): the base counts of the office's total and
/// the values computed from them, part 1, the checks, the definition it was made with, and what it lacks. No
/// person-level data.
public struct ReportSubmission: Codable, Sendable, Hashable {
    public struct OfficeRef: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        public var level: String
    }

    public struct DefinitionRef: Codable, Sendable, Hashable {
        public var id: String
        public var version: String
    }

    public var format = 1
    public var period: String
    public var office: OfficeRef
    public var definition: DefinitionRef
    /// The base counts (count and visit indicators) of the office's total: what the superior sums.
    public var counts: [String: Int]
    /// Every indicator of the total as printed (rates as percentages), for reading.
    public var values: [String: String]
    public var part1: [String: [String: Int]]
    public var checksPassed: Bool
    /// The checks that failed, in words.
    public var failedChecks: [String]
    /// Why the report is sent although a check fails (`--note`).
    public var note: String?
    /// What an aggregated report lacks (subordinates not approved), when sent as provisional.
    public var provisional: String?
    /// The form's head and foot: 填报单位 and 报出日期.
    public var reportedOn: String

    /// The submission of a computed report: the base counts summed over its rows.
    public init(report r: Report, base: BaseCounts, note: String?, reportedOn: CivilDate) {
        period = r.period.description
        office = OfficeRef(code: r.office.code, name: r.office.name, level: r.office.level.rawValue)
        definition = DefinitionRef(id: r.definition.id, version: r.definition.version)
        var total: [String: Int] = [:]
        for row in base.counts { for (k, v) in row { total[k, default: 0] += v } }
        counts = total
        let last = r.values.count - 1
        values = last >= 0 ? r.values[last].mapValues(\.text) : [:]
        part1 = r.part1
        let failed = r.checks.filter { !$0.passed }
        checksPassed = failed.isEmpty
        failedChecks = failed.map { "\($0.unit.name)：\($0.message)" }
        self.note = note
        provisional = r.provisional
        self.reportedOn = reportedOn.description
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }

    /// Reads a submission; without `values` (the printed values, which aggregation recomputes and never reads), a
    /// province's thousands of submissions decode in half the time.
    public static func decode(_ data: Data, values: Bool = true) throws -> ReportSubmission {
        let decoder = JSONDecoder()
        if !values { decoder.userInfo[skipValues] = true }
        return try decoder.decode(ReportSubmission.self, from: data)
    }

    private static let skipValues = CodingUserInfoKey(rawValue: "anzhi.skipValues")!

    enum CodingKeys: String, CodingKey {
        case format, period, office, definition, counts, values, part1, checksPassed, failedChecks, note, provisional
        case reportedOn
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(Int.self, forKey: .format)
        period = try c.decode(String.self, forKey: .period)
        office = try c.decode(OfficeRef.self, forKey: .office)
        definition = try c.decode(DefinitionRef.self, forKey: .definition)
        counts = try c.decode([String: Int].self, forKey: .counts)
        values =
            decoder.userInfo[ReportSubmission.skipValues] as? Bool == true
            ? [:] : try c.decode([String: String].self, forKey: .values)
        part1 = try c.decode([String: [String: Int]].self, forKey: .part1)
        checksPassed = try c.decode(Bool.self, forKey: .checksPassed)
        failedChecks = try c.decode([String].self, forKey: .failedChecks)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        provisional = try c.decodeIfPresent(String.self, forKey: .provisional)
        reportedOn = try c.decode(String.self, forKey: .reportedOn)
    }
}
