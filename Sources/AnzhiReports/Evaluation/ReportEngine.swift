public import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

/// A reporting unit: a row of the table.
public struct ReportUnit: Sendable, Hashable {
    public enum Kind: String, Sendable { case office, subordinate, own, total }
    public let code: String
    public let name: String
    public let kind: Kind
}

/// The value of an indicator for one unit.
public enum IndicatorValue: Sendable, Hashable {
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
}

/// A check of the report's consistency (domain §7): a subset rate's numerator above its denominator, or splits
/// that do not add up to their total.
public struct ReportCheck: Sendable, Hashable {
    public let unit: ReportUnit
    public let indicators: [String]
    public let passed: Bool
    public let message: String
}

/// A computed report.
public struct Report: Sendable {
    public let period: ReportPeriod
    public let office: Office
    public let definition: ReportDefinition
    public let units: [ReportUnit]
    /// Values by unit (same order as `units`), then by indicator id.
    public let values: [[String: IndicatorValue]]
    public let checks: [ReportCheck]
    /// Set when a leadership report is incomplete.
    public var provisional: String?
    /// Part 1, entered by hand: row → item → value.
    public var part1: [String: [String: Int]] = [:]

    public func value(_ indicator: String, unit: Int) -> IndicatorValue? { values[unit][indicator] }
}

/// Evaluates a report definition against an office's register.
public struct ReportEngine {
    public let store: Store
    public let reference: ReferenceData

    public init(store: Store, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// The columns a set of conditions reads, with their slots in a `ScanRow` (plus what the register term needs).
    struct Columns {
        var dateSlots: [String: Int] = [:], textSlots: [String: Int] = [:]
        var dates: [String] = [], texts: [String] = []

        init(conditions: [(id: String, condition: String)]) throws {
            var names: Set<String> = ["releaseDate", "exitDate", "releaseSource", "releaseType", "helpTermYears"]
            for (id, condition) in conditions {
                for t in try ConditionCompiler.tokenize(condition, indicator: id) { names.insert(t) }
            }
            for field in PersonFields.all where names.contains(field.id) {
                if case .date = field.kind {
                    dateSlots[field.id] = dates.count
                    dates.append(field.column)
                } else {
                    textSlots[field.id] = texts.count
                    texts.append(field.column)
                }
            }
            dateSlots["visitDate"] = dates.count
        }
    }

    /// Fills `row` from a raw row whose columns are `[prefix columns…] dates… texts…`, and computes the term end.
    static func load(_ row: ScanRow, from raw: RawRow, columns c: Columns, offset: Int32) {
        let firstText = offset + Int32(c.dates.count)
        for i in 0..<c.dates.count { row.dates[i] = ScanRow.dayNumber(raw.text(offset + Int32(i))) }
        for i in 0..<c.texts.count { row.texts[i] = raw.text(firstText + Int32(i)) }
        let release = row.dates[c.dateSlots["releaseDate"]!]
        guard release != ScanRow.empty else {
            row.termEnd = ScanRow.empty
            return
        }
        // Domain §6 (HelpTerm), on the bytes SQLite lends: no String per row.
        var years = HelpTerm.defaultYears
        let source = row.texts[c.textSlots["releaseSource"]!], type = row.texts[c.textSlots["releaseType"]!]
        if let t = row.texts[c.textSlots["helpTermYears"]!], let n = Int(String(decoding: t, as: UTF8.self)),
           let override = HelpTerm.validOverride(n) {
            years = override
        } else if Term.shortSources.contains(where: { ScanRow.equals(source, $0) })
                    || Term.shortTypes.contains(where: { ScanRow.equals(type, $0) }) {
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
    public func compute(_ definition: ReportDefinition, period: ReportPeriod, lists: [(name: String, condition: String)])
        throws -> (report: Report, lists: [(name: String, people: [StoredPerson])]) {
        let office = try store.office()
        let c = try Columns(conditions: definition.indicators.filter { $0.kind == .count || $0.kind == .visits }.map { ($0.id, $0.condition) }
                            + lists.map { ($0.name, $0.condition) })
        let dateColumns = c.dates, textColumns = c.texts
        let visitSlot = dateColumns.count
        var compiler = ConditionCompiler(dateSlots: c.dateSlots, textSlots: c.textSlots, period: period)
        let counted = definition.indicators.filter { $0.kind == .count }
        let visits = definition.indicators.filter { $0.kind == .visits }
        let predicates = try counted.map { try compiler.compile($0.condition, indicator: $0.id) }
        let visitPredicates = try visits.map { try compiler.compile($0.condition, indicator: $0.id) }
        let listPredicates = try lists.map { try compiler.compile($0.condition, indicator: $0.name) }
        var listed = [[(key: String, id: Int64)]](repeating: [], count: lists.count)

        var units = UnitIndex(office: office, regions: reference.regions, ownName: definition.layout["own"] ?? "本级（待分配）")
        var counts: [[Int]] = []  // unit × counted indicator
        var visitCounts: [[Int]] = []
        func ensure(_ u: Int) {
            while counts.count <= u {
                counts.append([Int](repeating: 0, count: counted.count))
                visitCounts.append([Int](repeating: 0, count: visits.count))
            }
        }
        let row = ScanRow(dateCount: dateColumns.count + 1, textCount: textColumns.count)
        let columns = (["hukou_region", "in_queue", "id", "key"] + dateColumns + textColumns).joined(separator: ", ")
        try store.scan(sql: "SELECT \(columns) FROM person") { raw in
            ReportEngine.load(row, from: raw, columns: c, offset: 4)
            let u = units.unit(hukou: raw.text(0), queued: raw.int64(1) != 0)
            ensure(u)
            for (k, p) in predicates.enumerated() where p(row) { counts[u][k] += 1 }
            // The lists share the scan (a scan per list in key order jumped between index and table every row).
            for (k, p) in listPredicates.enumerated() where p(row) {
                listed[k].append((raw.text(3).map { String(decoding: $0, as: UTF8.self) } ?? "", raw.int64(2)))
            }
        }
        var people: [(name: String, people: [StoredPerson])] = []
        if !lists.isEmpty {
            let ids = Array(Set(listed.joined().map(\.id)))
            let byID = Dictionary(uniqueKeysWithValues: try store.people(ids: ids, fields: ReportFormats.detailFields).map { ($0.id, $0) })
            people = zip(lists, listed).map { list, found in (list.name, found.sorted { $0.key < $1.key }.compactMap { byID[$0.id] }) }
        }
        if !visits.isEmpty {
            for i in 0..<dateColumns.count { row.dates[i] = ScanRow.empty }
            for i in 0..<textColumns.count { row.texts[i] = nil }
            row.termEnd = ScanRow.empty
            try store.scan(sql: "SELECT p.hukou_region, p.in_queue, v.visit_date FROM visit v JOIN person p ON p.id = v.person_id") { raw in
                row.dates[visitSlot] = ScanRow.dayNumber(raw.text(2))
                let u = units.unit(hukou: raw.text(0), queued: raw.int64(1) != 0)
                ensure(u)
                for (k, p) in visitPredicates.enumerated() where p(row) { visitCounts[u][k] += 1 }
            }
        }

        // Rows: the units in order, then the total; formulas and rates recomputed from the summed counts.
        var list = units.ordered()
        ensure(units.count - 1)
        var base: [[String: Int]] = list.map { (index, _) in
            var m: [String: Int] = [:]
            for (k, ind) in counted.enumerated() { m[ind.id] = index < counts.count ? counts[index][k] : 0 }
            for (k, ind) in visits.enumerated() { m[ind.id] = index < visitCounts.count ? visitCounts[index][k] : 0 }
            return m
        }
        if list.count > 1 || office.level.isLeadership {
            var total: [String: Int] = [:]
            for m in base { for (k, v) in m { total[k, default: 0] += v } }
            base.append(total)
            list.append((-1, ReportUnit(code: office.code, name: definition.layout["total"] ?? "合计", kind: .total)))
        }
        var values: [[String: IndicatorValue]] = []
        var checks: [ReportCheck] = []
        for (u, counts) in base.enumerated() {
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
                        checks.append(ReportCheck(unit: list[u].1, indicators: [ind.id] + parts, passed: num <= den,
                            message: num <= den ? "\(ind.id) \(ind.label)：分子 \(num) ≤ 分母 \(den)"
                                                : "\(ind.id) \(ind.label)：分子 \(num) 大于分母 \(den)，数据有误"))
                    }
                }
            }
            for parent in Set(definition.indicators.compactMap(\.parent)).sorted() {
                let children = definition.indicators.filter { $0.parent == parent }.map(\.id)
                let sum = children.compactMap { known[$0] }.reduce(0, +)
                let total = known[parent] ?? 0
                checks.append(ReportCheck(unit: list[u].1, indicators: [parent] + children, passed: sum == total,
                    message: sum == total ? "\(children.joined(separator: "+")) = \(parent)：\(sum) = \(total)"
                                          : "\(children.joined(separator: "+")) = \(sum)，不等于 \(parent) = \(total)"))
            }
            values.append(v)
        }
        var report = Report(period: period, office: office, definition: definition, units: list.map(\.1), values: values,
                            checks: checks, provisional: nil)
        report.part1 = try store.officeStats(period: period.description)
        return (report, people)
    }
}

/// Adds and subtracts indicator ids (`B1 - B2`), or divides two of them (`B2 / B1`).
enum Formula {
    static func evaluate(_ formula: String, _ known: [String: Int], indicator: String) throws -> Int {
        var total = 0
        var sign = 1
        for token in formula.split(separator: " ") where !token.isEmpty {
            switch token {
            case "+": sign = 1
            case "-": sign = -1
            default:
                guard let v = known[String(token)] else {
                    throw ReportError("indicator \(indicator): '\(token)' is not an indicator defined before it")
                }
                total += sign * v
            }
        }
        return total
    }

    static func ratio(_ formula: String, _ known: [String: Int], indicator: String) throws -> (Int, Int) {
        let parts = formula.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let n = known[parts[0]], let d = known[parts[1]] else {
            throw ReportError("indicator \(indicator): a rate is 'NUMERATOR / DENOMINATOR' of indicators defined before it, found '\(formula)'")
        }
        return (n, d)
    }
}

/// Maps a person's 户籍 code to the unit (row) it is counted in: the office itself for a 司法所 or custodial
/// office; for leadership offices the direct subordinate whose region the code falls in, and 本级 for the
/// assignment queue.
struct UnitIndex {
    let office: Office
    let regions: RegionTable
    private(set) var units: [ReportUnit] = []
    private var byPrefix: [Int: Int] = [:]
    private let prefixLength: Int
    private var own: Int?

    /// The row name of the office's own assignment queue (layout key `own`).
    let ownName: String

    init(office: Office, regions: RegionTable, ownName: String) {
        self.office = office
        self.regions = regions
        self.ownName = ownName
        switch office.level {
        case .central: prefixLength = 2
        case .province: prefixLength = 4
        case .city: prefixLength = 6
        case .county: prefixLength = 9
        default: prefixLength = 0
        }
        if prefixLength == 0 {
            units = [ReportUnit(code: office.code, name: office.name, kind: .office)]
        } else {
            for child in regions.children(of: office.region.map(RegionCode.significant) ?? "") {
                _ = add(child.code)
            }
        }
    }

    var count: Int { units.count }

    private mutating func add(_ code: String) -> Int {
        let prefix = String(code.prefix(prefixLength))
        let key = Int(prefix) ?? -1
        if let i = byPrefix[key] { return i }
        let fullCode = RegionCode.sixDigits(prefix)
        units.append(ReportUnit(code: fullCode, name: regions.name(fullCode) ?? fullCode, kind: .subordinate))
        byPrefix[key] = units.count - 1
        return units.count - 1
    }

    @inline(__always)
    mutating func unit(hukou: UnsafeBufferPointer<UInt8>?, queued: Bool) -> Int {
        if prefixLength == 0 { return 0 }
        guard !queued, let hukou, hukou.count >= prefixLength else {
            if let own { return own }
            units.append(ReportUnit(code: office.code + "-本级", name: ownName, kind: .own))
            own = units.count - 1
            return own!
        }
        var key = 0
        for i in 0..<prefixLength { key = key * 10 + Int(hukou[i]) - 48 }
        if let i = byPrefix[key] { return i }
        return add(String(decoding: hukou, as: UTF8.self))
    }

    /// Units in report order: subordinates by code, then 本级; each with its index into the counts.
    func ordered() -> [(Int, ReportUnit)] {
        let indexed = units.enumerated().map { ($0.offset, $0.element) }
        return indexed.filter { $0.1.kind != .own }.sorted { $0.1.code < $1.1.code } + indexed.filter { $0.1.kind == .own }
    }
}
