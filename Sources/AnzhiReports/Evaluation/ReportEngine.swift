public import AnzhiCore
public import AnzhiStore
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
        self = .rate(numerator: try c.decode(Int.self, forKey: .numerator), denominator: try c.decode(Int.self, forKey: .denominator))
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

    public init(period: ReportPeriod, office: Office, definition: ReportDefinition, units: [ReportUnit],
                values: [[String: IndicatorValue]], checks: [ReportCheck], provisional: String? = nil,
                part1: [String: [String: Int]] = [:]) {
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
    private struct DefinitionRef: Codable { let id: String; let version: String }
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
        try c.encode(zip(units, values).map { u, v in UnitValues(code: u.code, name: u.name, kind: u.kind, values: v) },
                     forKey: .units)
        try c.encode(checks, forKey: .checks)
        try c.encode(checks.allSatisfy(\.passed), forKey: .checksPassed)
        try c.encodeIfPresent(provisional, forKey: .provisional)
        // Every row and item of part 1, zeros included, so a reader sees the whole grid.
        try c.encode(Dictionary(uniqueKeysWithValues: definition.part1Rows.map { row in
            (row, Dictionary(uniqueKeysWithValues: definition.part1Items.map { ($0, part1[row]?[$0] ?? 0) }))
        }), forKey: .part1)
    }

    public init(from decoder: any Decoder) throws {
        guard let definition = decoder.userInfo[.reportDefinition] as? ReportDefinition else {
            throw ReportError(.incompatible, "a report is read with its definition (CodingUserInfoKey.reportDefinition)")
        }
        let c = try decoder.container(keyedBy: Keys.self)
        let ref = try c.decode(DefinitionRef.self, forKey: .definition)
        guard ref.id == definition.id, ref.version == definition.version else {
            throw ReportError(.incompatible,
                              "the report was made with definition \(ref.id) v\(ref.version), not \(definition.id) v\(definition.version)")
        }
        let text = try c.decode(String.self, forKey: .period)
        guard let period = ReportPeriod(text) else { throw ReportError(.period, "'\(text)' is not a report period") }
        let rows = try c.decode([UnitValues].self, forKey: .units)
        self.init(period: period, office: try c.decode(Office.self, forKey: .office), definition: definition,
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

        init(conditions: [(id: String, condition: String)]) throws {
            var names: Set<String> = ["releaseDate", "exitDate", "releaseSource", "releaseType", "helpTermYears"]
            for (id, condition) in conditions {
                for t in try ConditionCompiler.tokenize(condition, indicator: id) { names.insert(t) }
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
        let (base, people) = try scan(definition, period: period, lists: lists)
        let report = try ReportEngine.finish(definition, period: period, office: office, base: base,
                                             part1: try store.officeStats(period: period.description))
        return (report, people)
    }

    /// One pass over the register: the base counts per unit, and the people of each list.
    public func scan(_ definition: ReportDefinition, period: ReportPeriod, lists: [(name: String, condition: String)] = [])
        throws -> (BaseCounts, [(name: String, people: [StoredPerson])]) {
        let office = try store.office()
        let c = try Columns(conditions: definition.indicators.filter { $0.kind == .count || $0.kind == .visits }.map { ($0.id, $0.condition) }
                            + lists.map { ($0.name, $0.condition) })
        let visitSlot = c.dates.count
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
        let row = ScanRow(dateCount: c.dates.count + 1, textCount: c.texts.count)
        try store.scanRegister(fields: c.fields) { person in
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
            let byID = Dictionary(uniqueKeysWithValues: try store.people(ids: ids, fields: ReportFormats.detailFields).map { ($0.id, $0) })
            people = zip(lists, listed).map { list, found in (list.name, found.sorted { $0.key < $1.key }.compactMap { byID[$0.id] }) }
        }

        let ordered = units.ordered()
        ensure(units.count - 1)
        let base = BaseCounts(units: ordered.map(\.1), counts: ordered.map { (index, _) in
            var m: [String: Int] = [:]
            for (k, ind) in counted.enumerated() { m[ind.id] = index < counts.count ? counts[index][k] : 0 }
            for (k, ind) in visits.enumerated() { m[ind.id] = index < visitCounts.count ? visitCounts[index][k] : 0 }
            return m
        })
        return (base, people)
    }

    /// The finished report from base counts, a pure function: a total row for a leadership office (or more than
    /// one unit) whose counts are the sums, formulas and rates computed on each row's counts (so a total's rates
    /// come from summed numerators and denominators, never from averaged rates), and the checks.
    /// - Throws: `ReportError` when a formula names an indicator not defined before it.
    public static func finish(_ definition: ReportDefinition, period: ReportPeriod, office: Office, base: BaseCounts,
                              part1: [String: [String: Int]] = [:], provisional: String? = nil) throws -> Report {
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
                        checks.append(ReportCheck(unit: units[u], indicators: [ind.id] + parts, passed: num <= den,
                            message: num <= den ? "\(ind.id) \(ind.label)：分子 \(num) ≤ 分母 \(den)"
                                                : "\(ind.id) \(ind.label)：分子 \(num) 大于分母 \(den)，数据有误"))
                    }
                }
            }
            for parent in parents {
                let children = definition.indicators.filter { $0.parent == parent }.map(\.id)
                let sum = children.compactMap { known[$0] }.reduce(0, +)
                let total = known[parent] ?? 0
                checks.append(ReportCheck(unit: units[u], indicators: [parent] + children, passed: sum == total,
                    message: sum == total ? "\(children.joined(separator: "+")) = \(parent)：\(sum) = \(total)"
                                          : "\(children.joined(separator: "+")) = \(sum)，不等于 \(parent) = \(total)"))
            }
            values.append(v)
        }
        return Report(period: period, office: office, definition: definition, units: units, values: values,
                      checks: checks, provisional: provisional, part1: part1)
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
                    throw ReportError(.formula, "indicator \(indicator): '\(token)' is not an indicator defined before it")
                }
                total += sign * v
            }
        }
        return total
    }

    static func ratio(_ formula: String, _ known: [String: Int], indicator: String) throws -> (Int, Int) {
        let parts = formula.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let n = known[parts[0]], let d = known[parts[1]] else {
            throw ReportError(.formula,
                              "indicator \(indicator): a rate is 'NUMERATOR / DENOMINATOR' of indicators defined before it, found '\(formula)'")
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
