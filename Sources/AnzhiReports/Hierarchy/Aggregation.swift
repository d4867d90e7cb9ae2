public import AnzhiCore
public import AnzhiStore
import Foundation
public import Spreadsheet

/// Where a direct subordinate's report of a period stands at its superior.
public struct SubordinateReportState: Sendable {
    public enum State: String, Sendable, Codable {
        case missing = "未报送"
        case submitted = "已报送"
        case rejected = "已退回"
        case approved = "已通过"
    }

    public var office: Office
    public var state: State
    /// The latest submission (a resubmission supersedes the earlier ones) and how many there were.
    public var submission: ReportSubmission?
    public var submittedAt: String?
    public var submissions = 0
    /// The decision on the latest submission, if any.
    public var decidedAt: String?
    public var reason: String?
    /// When the subordinate's report is due (domain §1).
    public var due: CivilDate?
    /// A submission made with another definition or version: never summed.
    public var incompatible: String?

    public func isOverdue(on today: CivilDate) -> Bool {
        guard let due else { return false }
        return (state == .missing || state == .rejected) && due < today
    }
}

/// A leadership office's report from its subordinates' approved submissions (domain §7).
public struct AggregatedReport: Sendable {
    public var report: Report
    public var states: [SubordinateReportState]
    /// The rows of the 对照 sheet: where a subordinate's submitted base counts differ from what this office's own
    /// register says about its people.
    public var crossCheck: [[String]]
    public static let crossCheckHeader = ["单位代码", "单位名称", "指标", "指标名称", "报送数", "本级名册数", "差额"]
    /// The base counts the report was finished from (for the office's own submission up).
    public var base: BaseCounts
}

/// Reports up the hierarchy: the states of the subordinates' submissions and the aggregation.
public enum Hierarchy {
    /// The direct subordinates that report (not prisons), ordered by code.
    public static func subordinates(of store: Store) throws -> [Office] {
        let me = try store.office()
        return try store.directory().filter { $0.parent == me.code && !$0.office.level.isCustodial }.map(\.office)
            .sorted { $0.code < $1.code }
    }

    /// Each direct subordinate's report of `period`: the latest submission and the decision on it.
    public static func states(store: Store, period: String, definition: ReportDefinition) throws
        -> [SubordinateReportState]
    {
        // By office once: a province may review thousands of reports.
        let received = Dictionary(grouping: try store.submissions(incoming: true, period: period), by: \.office)
        let decisions = Dictionary(grouping: try store.decisions(incoming: false, period: period), by: \.office)
        let offices = try subordinates(of: store)
        // The latest submissions decoded on every core: a province's thousands of them were most of its report.
        let latest = offices.map { received[$0.code]?.last }
        let decoded = ConcurrentMap.map(latest) {
            $0.flatMap { try? ReportSubmission.decode($0.payload, values: false) }
        }
        return offices.enumerated().map { i, office in
            var s = SubordinateReportState(
                office: office, state: .missing, due: office.level.reportDue(period: period))
            let mine = received[office.code] ?? []
            guard let latest = mine.last else { return s }
            s.submissions = mine.count
            s.submittedAt = latest.writtenAt
            s.submission = decoded[i]
            s.state = .submitted
            if let d = decisions[office.code]?.last(where: { $0.submission == latest.id }) {
                s.state = d.approved ? .approved : .rejected
                s.decidedAt = d.decidedAt
                s.reason = d.reason
            }
            if let sub = s.submission,
                sub.definition.id != definition.id || sub.definition.version != definition.version
            {
                s.incompatible = "\(sub.definition.id) v\(sub.definition.version)"
            }
            return s
        }
    }

    /// The report of a leadership office: one row per direct subordinate from its latest approved submission, a
    /// 本级 row for the people it holds itself (its assignment queue), and 合计, whose rates `ReportEngine.finish`
    /// recomputes from the summed counts. Subordinates missing, not yet approved or of another definition make the
    /// form provisional (未完成), naming them.
    public static func aggregate(engine: ReportEngine, definition: ReportDefinition, period: ReportPeriod) throws
        -> AggregatedReport
    {
        let store = engine.store
        let office = try store.office()
        let (register, _) = try engine.scan(definition, period: period)
        let states = try states(store: store, period: period.description, definition: definition)
        var units: [ReportUnit] = []
        var counts: [[String: Int]] = []
        var part1 = try store.officeStats(period: period.description)
        var lacking: [String] = []
        for s in states {
            guard s.state == .approved, s.incompatible == nil, let sub = s.submission else {
                lacking.append("\(s.office.name)（\(s.incompatible.map { "定义不同：\($0)" } ?? s.state.rawValue)）")
                continue
            }
            units.append(ReportUnit(code: s.office.code, name: s.office.name, kind: .subordinate))
            counts.append(sub.counts)
            for (row, items) in sub.part1 { for (item, v) in items { part1[row, default: [:]][item, default: 0] += v } }
        }
        // 本级: the people this office holds itself (its assignment queue), from its own register.
        let own = register.units.firstIndex { $0.kind == .own }
        units.append(
            ReportUnit(code: office.code + "-本级", name: definition.layout["own"] ?? "本级（待分配）", kind: .own))
        let zeros = Dictionary(
            uniqueKeysWithValues: definition.indicators.filter { $0.kind == .count || $0.kind == .visits }.map {
                ($0.id, 0)
            })
        counts.append(own.map { register.counts[$0] } ?? zeros)
        let base = BaseCounts(units: units, counts: counts)
        let report = try ReportEngine.finish(
            definition, period: period, office: office, base: base, part1: part1,
            provisional: lacking.isEmpty ? nil : "尚未通过审核：" + lacking.joined(separator: "、"))
        return AggregatedReport(
            report: report, states: states,
            crossCheck: crossCheck(states: states, register: register, definition: definition), base: base)
    }

    /// Each approved subordinate's submitted base counts against the office's own register's count of the people
    /// of that subordinate's region, where the register holds any; differences only.
    static func crossCheck(states: [SubordinateReportState], register: BaseCounts, definition: ReportDefinition)
        -> [[String]]
    {
        var rows: [[String]] = []
        let based = definition.indicators.filter { $0.kind == .count || $0.kind == .visits }
        for s in states {
            guard let sub = s.submission, s.incompatible == nil, let region = s.office.region,
                let u = register.units.firstIndex(where: {
                    $0.kind == .subordinate && RegionCode.significant($0.code) == RegionCode.significant(region)
                })
            else { continue }
            let mine = register.counts[u]
            guard mine.values.contains(where: { $0 > 0 }) else { continue }
            for ind in based {
                let submitted = sub.counts[ind.id] ?? 0
                let held = mine[ind.id] ?? 0
                if submitted != held {
                    rows.append([
                        s.office.code, s.office.name, ind.id, ind.label, "\(submitted)", "\(held)",
                        "\(submitted - held)",
                    ])
                }
            }
        }
        return rows
    }
}
