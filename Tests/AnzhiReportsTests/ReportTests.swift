import AnzhiCore
import AnzhiExchange
import AnzhiReports
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

enum ReportEnv {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates").path
    static let reference: ReferenceData = try! ReferenceData.load(templates: templates)
    static let definition: ReportDefinition = try! ReportDefinition.load(
        layoutPath: templates + "/reports/安置帮教工作统计表-v1.layout")
    static let today = CivilDate(year: 2026, month: 11, day: 29)!
}

func validID(_ birth: String, _ sequence: String) -> String {
    let body = Array(("370102" + birth + sequence).utf8)
    return "370102" + birth + sequence + String(IDNumber.checkCharacter(body))
}

/// A register built row by row: each person is a dictionary of canonical headers → values.
struct Register {
    let dir: URL
    let store: Store

    init(office: Office) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-rep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store.create(path: dir.appendingPathComponent("r.sqlite").path, office: office)
    }

    struct SetupError: Error, CustomStringConvertible { let description: String }

    /// Imports the people as one file, once per side in `sides`, then the visits (the office's).
    func add(_ people: [[String: String]], visits: [(String, String)] = [], sides: [BatchSide] = [.prison, .office])
        throws
    {
        let headers = PersonFields.all.map(\.header)
        let csv = try CSVWriter(path: dir.appendingPathComponent("p.csv").path)
        try csv.writeRecord(headers)
        for p in people { try csv.writeRecord(headers.map { p[$0] ?? "" }) }
        try csv.close()
        // As in practice: the prison's batch first (its values fill the office's empty fields, verification
        // excepted), then the office's ledger, whose values replace what the prison supplied.
        let importer = Importer(store: store, reference: ReportEnv.reference)
        for side in sides {
            let report = try importer.importFile(
                path: dir.appendingPathComponent("p.csv").path,
                options: ImportOptions(side: side, today: ReportEnv.today))
            if report.counts.rejected > 0 { throw SetupError(description: "rows rejected: \(report.diagnostics)") }
        }
        if try !store.conflicts().isEmpty {
            throw SetupError(description: "conflicts left open: \(try store.conflicts())")
        }
        if !visits.isEmpty {
            let v = try CSVWriter(path: dir.appendingPathComponent("v.csv").path)
            try v.writeRecord(["公民身份号码", "走访日期", "走访人", "走访情况"])
            for (id, date) in visits { try v.writeRecord([id, date, "民警", "正常"]) }
            try v.close()
            let r = try importer.importFile(
                path: dir.appendingPathComponent("v.csv").path,
                options: ImportOptions(side: .office, today: ReportEnv.today))
            if r.counts.rejected > 0 { throw SetupError(description: "visits rejected: \(r.diagnostics)") }
        }
    }

    func report(_ period: String) throws -> Report {
        try ReportEngine(store: store, reference: ReportEnv.reference).compute(
            ReportEnv.definition, period: ReportPeriod(period)!)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

@Suite struct IndicatorTests {
    static let township = Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001")

    /// Person `n` of a test register: its name, a valid ID number and a 户籍 in the township, with `fields`.
    static func p(_ n: Int, _ fields: [String: String]) -> [String: String] {
        var f = fields
        f["姓名"] = "人员\(n)"
        f["公民身份号码"] = validID("19\(60 + n)0101", String(format: "%03d", 100 + n * 2 + 1))
        f["户籍地区划代码"] = "370102001"
        return f
    }

    /// Thirteen people chosen for the boundaries of 2026H1 (P = 2026-01-01 … 2026-06-30); each expected
    /// number below is worked out from them in the comments.
    static func people() -> [[String: String]] {
        return [
            p(
                1,
                [
                    "释放日期": "2026-01-01", "释放来源": "监狱", "危险性评估": "高危", "衔接日期": "2026-01-02", "衔接方式": "必接必送",
                    "安置日期": "2026-02-01", "安置情况": "单位就业", "帮教落实日期": "2026-01-05",
                ]),
            p(2, ["释放日期": "2026-06-30", "释放来源": "看守所", "未衔接原因": "下落不明"]),
            p(3, ["释放日期": "2025-12-31", "释放来源": "社区矫正", "释放类型": "解除社区矫正", "衔接日期": "2026-01-10"]),
            p(4, ["释放日期": "2021-06-30", "释放来源": "监狱", "释放类型": "刑满释放"]),  // term ends on P.end
            p(5, ["释放日期": "2021-07-01", "释放来源": "监狱", "是否三无人员": "是", "脱管日期": "2026-03-01", "漏管": "是"]),
            p(6, ["释放日期": "2020-02-29", "释放来源": "监狱", "帮教期限(年)": "6", "重新犯罪日期": "2026-02-28"]),  // term end 2026-03-01
            p(7, ["释放日期": "2025-01-01", "释放来源": "监狱", "注销日期": "2026-06-30", "注销原因": "迁出"]),
            p(8, ["释放日期": "2021-03-01", "释放来源": "监狱", "注销日期": "2025-05-01", "注销原因": "死亡"]),
            p(9, ["入监日期": "2024-01-01", "核实结果": "核实成功"]),
            p(10, ["入监日期": "2025-06-01", "核实结果": "核实失败"]),
            p(11, ["入监日期": "2026-07-01"]),
            p(12, ["入监日期": "2023-01-01"]),
            p(13, ["释放日期": "2026-03-15", "危险性评估": "高危", "衔接日期": "2026-07-05", "未衔接原因": "人户分离"]),
        ]
    }

    @Test func everyIndicatorOnTheBoundaries() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let people = IndicatorTests.people()
        let p1 = people[0]["公民身份号码"]!
        try register.add(people, visits: [(p1, "2026-01-15"), (p1, "2026-06-30"), (p1, "2025-12-31")])
        let report = try register.report("2026H1")
        #expect(report.units.map(\.name) == ["解放路司法所"])
        let expected: [String: String] = [
            // released 1 Jan (p1), 30 Jun (p2), 15 Mar (p13, no source)
            "A1": "3", "A1a": "1", "A1b": "1", "A1c": "0", "A1d": "1",
            "A2": "5",  // p1 p2 p3 p5 p13; p4 (term ends 30 Jun), p6 (1 Mar), p7 (exit 30 Jun), p8 off
            "A3": "2", "A4": "1",  // 高危 p1 p13; 三无 p5
            "A5": "2",  // p4 (30 Jun), p6 (29 Feb + 6 y = 1 Mar); p8 exited before
            // p13 handed over 5 Jul: not by P.end
            "B1": "3", "B2": "1", "B3": "1", "B4": "2", "B4a": "1", "B4b": "1", "B4c": "0",
            "B5": "33.33", "B6": "50.00",  // 1/3; 高危: p1 yes, p13 no
            "C1": "1", "C1a": "1", "C1b": "0", "C1g": "0", "C2": "4", "C3": "20.00",
            "D1": "1", "D2": "20.00", "D3": "2",  // visits 15 Jan and 30 Jun; 31 Dec 2025 is outside
            "D4": "1", "D5": "20.00",  // p6 reoffended 28 Feb, the last day on the register
            "D6": "1", "D7": "1",
            // p9 p10 p12 in custody; p11 admitted after P.end
            "E1": "3", "E2": "1", "E3": "1", "E4": "1", "E5": "33.33",
        ]
        for (id, text) in expected {
            #expect(report.value(id, unit: 0)?.text == text, "\(id)")
        }
        #expect(report.checks.allSatisfy { $0.passed })
    }

    /// The detail sheets' lists come from the report's own scan: exactly the people behind 未衔接, 未安置, 脱管 and
    /// 待核实, each ordered by key, with the fields a detail sheet shows.
    @Test func theListsBehindTheFigures() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        try register.add(IndicatorTests.people())
        let definition = ReportEnv.definition
        let lists = definition.layout.keys.filter { $0.hasPrefix("details.") }.sorted().map {
            (name: String($0.dropFirst("details.".count)), condition: definition.layout[$0]!)
        }
        let engine = ReportEngine(store: register.store, reference: ReportEnv.reference)
        let (report, found) = try engine.compute(definition, period: ReportPeriod("2026H1")!, lists: lists)
        let names = Dictionary(uniqueKeysWithValues: found.map { ($0.name, $0.people.map { $0.value("name") ?? "?" }) })
        #expect(
            names == [
                "未衔接名单": ["人员2", "人员13"], "未安置名单": ["人员2", "人员3", "人员5", "人员13"],
                "脱管名单": ["人员5"], "待核实名单": ["人员12"],
            ])
        // The same figures as the report without lists.
        #expect(report.values == (try register.report("2026H1")).values)
        let p = try #require(found.first { $0.name == "未衔接名单" }?.people.last)
        #expect(p.value("releaseDate") == "2026-03-15" && p.value("notHandedOverReason") == "人户分离")
        #expect(p.value("risk") == nil, "only the fields a detail sheet shows are read (人员13 is 高危)")
    }

    /// Issue 7: a register migrated from one complete file reports the same numbers as the same register built
    /// from a prison batch followed by the office's ledger (and as one prison batch alone, apart from the
    /// verification columns, which a prison cannot set).
    @Test func aMigratedRegisterReportsTheSameAsOneBuiltByBothSides() throws {
        let people = IndicatorTests.people()
        let visits = [(people[0]["公民身份号码"]!, "2026-01-15")]
        var values: [[String: String]] = []
        for sides in [[BatchSide.migration], [.prison, .office], [.prison]] {
            let register = try Register(office: IndicatorTests.township)
            defer { register.remove() }
            try register.add(people, visits: visits, sides: sides)
            let report = try register.report("2026H1")
            values.append(report.values[0].mapValues(\.text))
        }
        #expect(values[0] == values[1])
        #expect(values[0]["B2"] == "1" && values[0]["C1"] == "1" && values[0]["E2"] == "1")
        let differing = Set(values[0].keys.filter { values[0][$0] != values[2][$0] })
        #expect(differing == ["E2", "E3", "E4", "E5"], "only verification differs after a prison batch alone")
    }

    /// Domain §6 by the letter: a 社区矫正 release source alone does not shorten the term; 解除社区矫正 does.
    @Test func theTermIsShortOnlyForLaojiaoOrTheTwoReleaseTypes() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let p = IndicatorTests.p
        try register.add([
            p(1, ["释放日期": "2021-03-01", "释放来源": "社区矫正", "释放类型": "刑满释放"]),  // 5 y: ends 2026-03-01
            p(2, ["释放日期": "2023-03-01", "释放来源": "社区矫正", "释放类型": "解除社区矫正"]),  // 3 y: ends 2026-03-01
            p(3, ["释放日期": "2023-03-01", "释放来源": "社区矫正", "释放类型": "刑满释放"]),  // 5 y: on register
            p(4, ["释放日期": "2023-03-01", "释放来源": "劳教所", "释放类型": "其他"]),  // 3 y: ends 2026-03-01
            p(5, ["释放日期": "2023-03-01", "释放来源": "监狱", "释放类型": "解除劳教"]),  // 3 y: ends 2026-03-01
        ])
        let report = try register.report("2026H1")
        #expect(report.value("A5", unit: 0)?.text == "4")
        #expect(report.value("A2", unit: 0)?.text == "1")
        #expect(HelpTerm.years(releaseSource: "社区矫正", releaseType: "刑满释放", override: nil) == 5)
        #expect(HelpTerm.years(releaseSource: "社区矫正", releaseType: nil, override: nil) == 5)
        #expect(HelpTerm.years(releaseSource: "劳教所", releaseType: nil, override: nil) == 3)
        #expect(HelpTerm.years(releaseSource: "监狱", releaseType: "解除劳教", override: nil) == 3)
        #expect(HelpTerm.years(releaseSource: "监狱", releaseType: "解除社区矫正", override: "8") == 8)
        // absurd: the rule's term
        #expect(HelpTerm.years(releaseSource: "监狱", releaseType: nil, override: "99999") == 5)
    }

    @Test func theYearReportUsesTheWholeYear() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        try register.add(IndicatorTests.people())
        let year = try register.report("2025")
        // Released in 2025: p3 (31 Dec) and p7 (1 Jan); on register at 31 Dec 2025: p3 p4 p5 p6 p7 (p8 exited in May).
        #expect(year.value("A1", unit: 0)?.text == "2")
        #expect(year.value("A2", unit: 0)?.text == "5")
        #expect(year.value("A5", unit: 0)?.text == "0")
    }

    @Test func zeroDenominatorsGiveADash() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let report = try register.report("2026H1")
        for id in ["B5", "B6", "C3", "D2", "D5", "E5"] {
            #expect(report.value(id, unit: 0) == .rate(numerator: 0, denominator: 0))
            #expect(report.value(id, unit: 0)?.text == "—")
        }
        #expect(report.value("A1", unit: 0)?.text == "0")
    }

    @Test func ratesRoundHalfAwayFromZero() {
        #expect(IndicatorValue.rate(numerator: 7, denominator: 8).text == "87.50")
        #expect(IndicatorValue.rate(numerator: 1, denominator: 3).text == "33.33")
        #expect(IndicatorValue.rate(numerator: 2, denominator: 3).text == "66.67")
        #expect(IndicatorValue.rate(numerator: 1, denominator: 8).text == "12.50")
        #expect(IndicatorValue.rate(numerator: 1, denominator: 1600).text == "0.06")  // 0.0625 → 0.06
        #expect(IndicatorValue.rate(numerator: 1, denominator: 400).text == "0.25")
        #expect(IndicatorValue.rate(numerator: 1, denominator: 200_000).text == "0.00")
        #expect(IndicatorValue.rate(numerator: 1, denominator: 80_000).text == "0.00")  // 0.00125 → 0.00
        // 0.0025 → 0.00 (third decimal 2)
        #expect(IndicatorValue.rate(numerator: 1, denominator: 40_000).text == "0.00")
        // 0.005 → 0.01 (half away from zero)
        #expect(IndicatorValue.rate(numerator: 1, denominator: 20_000).text == "0.01")
    }
}

@Suite struct LeadershipReportTests {
    @Test func unitsTotalAndRecomputedRates() throws {
        let register = try Register(office: Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102"))
        defer { register.remove() }
        func p(_ n: Int, _ region: String, _ fields: [String: String]) -> [String: String] {
            var f = fields
            f["姓名"] = "人员\(n)"
            f["公民身份号码"] = validID("19\(70 + n)0202", String(format: "%03d", 200 + n * 2 + 1))
            f["户籍地区划代码"] = region
            return f
        }
        try register.add([
            p(1, "370102001", ["释放日期": "2026-02-01", "衔接日期": "2026-02-02"]),
            p(2, "370102002", ["释放日期": "2026-02-01"]),
            p(3, "370102002", ["释放日期": "2026-02-01"]),
            p(4, "370102002", ["释放日期": "2026-02-01"]),
            p(5, "370102", ["释放日期": "2026-03-01", "衔接日期": "2026-03-02"]),  // 户籍 only to the county: 本级
        ])
        let report = try register.report("2026H1")
        let names = report.units.map(\.name)
        #expect(names.first == "解放路街道")
        #expect(names.suffix(2) == ["本级（待分配）", "合计"])
        #expect(report.units.count == TestRegions.townshipsOf370102 + 2)
        let jiefang = report.units.firstIndex { $0.name == "解放路街道" }!
        let qianfo = report.units.firstIndex { $0.code == "370102002" }!
        let own = report.units.firstIndex { $0.kind == .own }!
        let total = report.units.count - 1
        #expect(report.value("B5", unit: jiefang)?.text == "100.00")
        #expect(report.value("B5", unit: qianfo)?.text == "0.00")
        #expect(report.value("B5", unit: own)?.text == "100.00")
        // 2 of 5 handed over: 40.00, not the average of the units' rates.
        #expect(report.value("B1", unit: total)?.text == "5")
        #expect(report.value("B2", unit: total)?.text == "2")
        #expect(report.value("B5", unit: total)?.text == "40.00")
        #expect(report.value("A1", unit: report.units.firstIndex { $0.code == "370102003" }!)?.text == "0")
    }
}

enum TestRegions {
    static let townshipsOf370102 = ReportEnv.reference.regions.children(of: "370102").count
}

@Suite struct CheckSectionTests {
    @Test func aSplitThatDoesNotAddUpIsListed() throws {
        // A revised definition that forgets C1g: the splits of C1 no longer add up when someone has no kind.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-def-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = ReportEnv.templates + "/reports/"
        let csv = try String(contentsOfFile: source + "安置帮教工作统计表-v1.csv", encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("C1g,") }.joined(separator: "\n")
        try csv.write(toFile: dir.appendingPathComponent("安置帮教工作统计表-v1.csv").path, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: source + "安置帮教工作统计表-v1.layout", toPath: dir.appendingPathComponent("t.layout").path)
        let definition = try ReportDefinition.load(layoutPath: dir.appendingPathComponent("t.layout").path)
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        var person = IndicatorTests.people()[0]
        person["安置情况"] = nil
        try register.add([person])
        let report = try ReportEngine(store: register.store, reference: ReportEnv.reference).compute(
            definition, period: ReportPeriod("2026H1")!)
        let failed = report.checks.filter { !$0.passed }
        #expect(failed.count == 1)
        #expect(failed.first?.indicators == ["C1", "C1a", "C1b", "C1c", "C1d", "C1e", "C1f"])
        #expect(
            failed.first?.message
                == "C1 已安置人数（1）不等于其分项之和：单位就业 0 + 灵活就业 0 + 个体经营 0 + 务农 0 + 安置基地 0 + 社会救助 0 = 0，数据有误")
        #expect(report.checks.count == 5 + 3)  // 5 subset rates (B5 B6 C3 D2 E5), 3 splits (A1 B4 C1)
    }
}

@Suite struct ReportEdgeTests {
    @Test func periodsOutsideTheCalendarAreRefused() {
        #expect(ReportPeriod("0000H1") == nil)
        #expect(ReportPeriod("2026H2") == nil)
        #expect(ReportPeriod("2026h1")?.description == "2026H1")
    }

    @Test func anExitOnTheTermEndStillCountsAsTermCompleted() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        try register.add([
            [
                "姓名": "期满者", "公民身份号码": validID("19700303", "115"), "户籍地区划代码": "370102001",
                "释放日期": "2021-04-01", "注销日期": "2026-04-01", "注销原因": "帮教期满",
            ]
        ])
        let report = try register.report("2026H1")
        #expect(report.value("A5", unit: 0)?.text == "1")
        #expect(report.value("A2", unit: 0)?.text == "0")
    }
}
