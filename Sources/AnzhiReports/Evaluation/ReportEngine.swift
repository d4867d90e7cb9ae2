public import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

/// Evaluates a report definition against an office's register.
public struct ReportEngine {
    public let store: Store
    public let reference: ReferenceData

    public init(store: Store, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// The fields a set of conditions reads, with their slots in a `ScanRow` (plus what the register term needs).
    struct Columns {
        var dateSlots: [String: Int] = [:], textSlots: [String: Int] = [:]
        /// Field ids, dates first then texts: the order of the values a register scan lends.
        var dates: [String] = [], texts: [String] = []

        init(conditions: [(id: String, condition: String, source: InputLocation?)]) throws {
            var names: Set<String> = ["releaseDate", "exitDate", "releaseSource", "releaseType", "helpTermYears"]
            for (id, condition, source) in conditions {
                for t in try ConditionCompiler.tokenize(condition, indicator: id, at: source) { names.insert(t) }
            }
            for field in PersonFields.all where names.contains(field.id) {
                if case .date = field.kind {
                    dateSlots[field.id] = dates.count
                    dates.append(field.id)
                } else {
                    textSlots[field.id] = texts.count
                    texts.append(field.id)
                }
            }
            dateSlots["visitDate"] = dates.count
        }

        var fields: [String] { dates + texts }
    }

    /// Fills `row` from a register scan row that lends `columns.fields` in order, and computes the term end.
    static func load(_ row: ScanRow, from scan: RegisterScanRow, columns c: Columns) {
        for i in 0..<c.dates.count { row.dates[i] = ScanRow.dayNumber(scan.field(i)) }
        for i in 0..<c.texts.count { row.texts[i] = scan.field(c.dates.count + i) }
        let release = row.dates[c.dateSlots["releaseDate"]!]
        guard release != ScanRow.empty else {
            row.termEnd = ScanRow.empty
            return
        }
        // Domain §6 (HelpTerm), on the bytes SQLite lends: no String per row.
        var years = HelpTerm.defaultYears
        let source = row.texts[c.textSlots["releaseSource"]!]
        let type = row.texts[c.textSlots["releaseType"]!]
        if let t = row.texts[c.textSlots["helpTermYears"]!], let n = Int(String(decoding: t, as: UTF8.self)),
            let override = HelpTerm.validOverride(n)
        {
            years = override
        } else if Term.shortSources.contains(where: { ScanRow.equals(source, $0) })
            || Term.shortTypes.contains(where: { ScanRow.equals(type, $0) })
        {
            years = HelpTerm.shortYears
        }
        row.termEnd = Int32(HelpTerm.end(release: CivilDate(dayNumber: Int(release)), years: years).dayNumber)
    }

    /// HelpTerm's short-term sources and types as bytes.
    enum Term {
        static let shortSources = HelpTerm.shortTermSources.map { Array($0.utf8) }
        static let shortTypes = HelpTerm.shortTermTypes.map { Array($0.utf8) }
    }

    /// Computes every indicator for every unit of the office, then the total and the checks.
    public func compute(_ definition: ReportDefinition, period: ReportPeriod) throws -> Report {
        try compute(definition, period: period, lists: []).report
    }

    /// Computes the report and, in the same scan, the people behind named conditions (the detail sheets), each
    /// list ordered by key, with the fields a detail sheet shows (`ReportFormats.detailFields`).
    public func compute(
        _ definition: ReportDefinition, period: ReportPeriod, lists: [(name: String, condition: String)]
    )
        throws -> (report: Report, lists: [(name: String, people: [StoredPerson])])
    {
        let office = try store.office()
        let (base, people) = try scan(definition, period: period, lists: lists)
        let report = try ReportEngine.finish(
            definition, period: period, office: office, base: base,
            part1: try store.officeStats(period: period.description))
        return (report, people)
    }

    /// One pass over the register: the base counts per unit, and the people of each list. `progress` is called
    /// with the number of people counted so far, every 10,000.
    public func scan(
        _ definition: ReportDefinition, period: ReportPeriod, lists: [(name: String, condition: String)] = [],
        progress: ((Int) -> Void)? = nil
    )
        throws -> (BaseCounts, [(name: String, people: [StoredPerson])])
    {
        let office = try store.office()
        // Each condition with where it is written, so an error names its file, line and column.
        let listSources = lists.map { definition.layoutSources["details." + $0.name] }
        let c = try Columns(
            conditions: definition.indicators.filter { $0.kind == .count || $0.kind == .visits }.map {
                ($0.id, $0.condition, $0.source)
            } + zip(lists, listSources).map { ($0.name, $0.condition, $1) })
        let visitSlot = c.dates.count
        var compiler = ConditionCompiler(dateSlots: c.dateSlots, textSlots: c.textSlots, period: period)
        let counted = definition.indicators.filter { $0.kind == .count }
        let visits = definition.indicators.filter { $0.kind == .visits }
        let predicates = try counted.map { try compiler.compile($0.condition, indicator: $0.id, at: $0.source) }
        let visitPredicates = try visits.map { try compiler.compile($0.condition, indicator: $0.id, at: $0.source) }
        let listPredicates = try zip(lists, listSources).map {
            try compiler.compile($0.condition, indicator: $0.name, at: $1)
        }
        var listed = [[(key: String, id: Int64)]](repeating: [], count: lists.count)

        var units = UnitIndex(
            office: office, regions: reference.regions, ownName: definition.layout["own"] ?? "本级（待分配）")
        var counts: [[Int]] = []  // unit × counted indicator
        var visitCounts: [[Int]] = []
        func ensure(_ u: Int) {
            while counts.count <= u {
                counts.append([Int](repeating: 0, count: counted.count))
                visitCounts.append([Int](repeating: 0, count: visits.count))
            }
        }
        let row = ScanRow(dateCount: c.dates.count + 1, textCount: c.texts.count)
        var scanned = 0
        try store.scanRegister(fields: c.fields) { person in
            scanned += 1
            if scanned % 10_000 == 0 { progress?(scanned) }
            ReportEngine.load(row, from: person, columns: c)
            let u = units.unit(hukou: person.hukouRegion, queued: person.inQueue)
            ensure(u)
            for (k, p) in predicates.enumerated() where p(row) { counts[u][k] += 1 }
            // The lists share the scan (a scan per list in key order jumped between index and table every row).
            for (k, p) in listPredicates.enumerated() where p(row) {
                listed[k].append((person.key.map { String(decoding: $0, as: UTF8.self) } ?? "", person.id))
            }
        }
        if !visits.isEmpty {
            for i in 0..<c.dates.count { row.dates[i] = ScanRow.empty }
            for i in 0..<c.texts.count { row.texts[i] = nil }
            row.termEnd = ScanRow.empty
            try store.scanVisits { hukou, queued, date in
                row.dates[visitSlot] = ScanRow.dayNumber(date)
                let u = units.unit(hukou: hukou, queued: queued)
                ensure(u)
                for (k, p) in visitPredicates.enumerated() where p(row) { visitCounts[u][k] += 1 }
            }
        }
        var people: [(name: String, people: [StoredPerson])] = []
        if !lists.isEmpty {
            let ids = Array(Set(listed.joined().map(\.id)))
            let byID = Dictionary(
                uniqueKeysWithValues: try store.people(ids: ids, fields: ReportFormats.detailFields).map { ($0.id, $0) }
            )
            people = zip(lists, listed).map { list, found in
                (list.name, found.sorted { $0.key < $1.key }.compactMap { byID[$0.id] })
            }
        }

        let ordered = units.ordered()
        ensure(units.count - 1)
        let base = BaseCounts(
            units: ordered.map(\.1),
            counts: ordered.map { (index, _) in
                var m: [String: Int] = [:]
                for (k, ind) in counted.enumerated() { m[ind.id] = index < counts.count ? counts[index][k] : 0 }
                for (k, ind) in visits.enumerated() {
                    m[ind.id] = index < visitCounts.count ? visitCounts[index][k] : 0
                }
                return m
            })
        return (base, people)
    }

    /// The finished report from base counts, a pure function: a total row for a leadership office (or more than
    /// one unit) whose counts are the sums, formulas and rates computed on each row's counts (so a total's rates
    /// come from summed numerators and denominators, never from averaged rates), and the checks.
    /// - Throws: `ReportError` when a formula names an indicator not defined before it.
    public static func finish(
        _ definition: ReportDefinition, period: ReportPeriod, office: Office, base: BaseCounts,
        part1: [String: [String: Int]] = [:], provisional: String? = nil
    ) throws -> Report {
        var units = base.units
        var rows = base.counts
        if units.count > 1 || office.level.isLeadership {
            var total: [String: Int] = [:]
            for m in rows { for (k, v) in m { total[k, default: 0] += v } }
            rows.append(total)
            units.append(ReportUnit(code: office.code, name: definition.layout["total"] ?? "合计", kind: .total))
        }
        var values: [[String: IndicatorValue]] = []
        var checks: [ReportCheck] = []
        let parents = Set(definition.indicators.compactMap(\.parent)).sorted()
        for (u, counts) in rows.enumerated() {
            var v: [String: IndicatorValue] = counts.mapValues { .count($0) }
            var known = counts
            for ind in definition.indicators where ind.kind == .formula || ind.kind == .rate {
                if ind.kind == .formula {
                    let n = try Formula.evaluate(ind.formula, known, indicator: ind.id)
                    known[ind.id] = n
                    v[ind.id] = .count(n)
                } else {
                    let (num, den) = try Formula.ratio(ind.formula, known, indicator: ind.id)
                    v[ind.id] = .rate(numerator: num, denominator: den)
                    if ind.checkSubset {
                        let parts = ind.formula.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
                        checks.append(
                            ReportCheck(
                                unit: units[u], indicators: [ind.id] + parts, passed: num <= den,
                                message: CheckWording.subset(
                                    rate: ind, numerator: (parts[0], num), denominator: (parts[1], den),
                                    in: definition)))
                    }
                }
            }
            for parent in parents {
                let children = definition.indicators.filter { $0.parent == parent }.map(\.id)
                let sum = children.compactMap { known[$0] }.reduce(0, +)
                let total = known[parent] ?? 0
                checks.append(
                    ReportCheck(
                        unit: units[u], indicators: [parent] + children, passed: sum == total,
                        message: CheckWording.splits(
                            parent: (id: parent, value: total),
                            children: children.map { (id: $0, value: known[$0] ?? 0) },
                            in: definition)))
            }
            values.append(v)
        }
        return Report(
            period: period, office: office, definition: definition, units: units, values: values,
            checks: checks, provisional: provisional, part1: part1)
    }
}
