import Foundation
import Spreadsheet
import Testing

/// Reports up the hierarchy on real database files through the CLI (issue 13): 司法所 submit, the county rejects
/// one and approves the resubmission, aggregates with rates recomputed from summed counts, and the city and the
/// province do the same; a missing subordinate and a report of another definition version are shown, not summed.
@Suite struct ReportHierarchyCommandTests {
    typealias Office = CycleCommandTests.Office
    static let templates = ExchangeCommandTests.templates

    func enrol(_ superior: Office, _ office: Office, _ code: String, _ name: String, _ level: String, _ tmp: Scratch)
        throws
    {
        try superior.run([
            "office", "add", "--code", code, "--name", name, "--level", level, "--region", code, "-o",
            tmp.path("e-\(code).zip"),
        ])
        try office.run(["init", "--enroll", tmp.path("e-\(code).zip"), "-o", tmp.path("r-\(code).zip")])
        try superior.run(["import", tmp.path("r-\(code).zip")])
    }

    /// A township's ledger: `released` people released in 2026H1, the first `handedOver` of them handed over.
    func ledger(_ office: Office, county: String, township: String, released: Int, handedOver: Int, _ tmp: Scratch)
        throws
    {
        var csv = "姓名,公民身份号码,户籍地区划代码,释放日期,释放来源,衔接日期,衔接方式\n"
        for n in 1...released {
            let id = RegisterCommandTests.id("1970030\(n)", "2\(n)\(township.suffix(1))", county)
            csv += "人\(n),\(id),\(township),2026-03-0\(n),监狱,\(n <= handedOver ? "2026-03-1\(n)" : ""),"
            csv += n <= handedOver ? "家属接回\n" : "\n"
        }
        let path = tmp.path("ledger-\(township).csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        try office.run(["import", "--source", "migration", path])
    }

    /// The JSON report of an office: each unit's code and its B1, B2 and B5 (percent text).
    func figures(_ office: Office, status: Int32 = 0) throws -> (
        units: [String: [String: String]], provisional: String?
    ) {
        let json = try office.run(["report", "--period", "2026H1", "--json"], status: status).stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        var units: [String: [String: String]] = [:]
        for u in object["units"] as? [[String: Any]] ?? [] {
            let values = u["values"] as? [String: Any] ?? [:]
            let b5 = values["B5"] as? [String: Any]
            units[u["code"] as? String ?? ""] = [
                "B1": "\(values["B1"] ?? "")", "B2": "\(values["B2"] ?? "")", "B5": "\(b5?["percent"] ?? "")",
            ]
        }
        return (units, object["provisional"] as? String)
    }

    @Test func submittedReviewedAndAggregatedUpToTheProvince() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let province = Office(tmp, "province.sqlite")
        let city = Office(tmp, "city.sqlite")
        let k1 = Office(tmp, "k1.sqlite")
        let k2 = Office(tmp, "k2.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let t2 = Office(tmp, "t2.sqlite")
        let t3 = Office(tmp, "t3.sqlite")
        for o in [province, city, k1, k2, t1, t2, t3] { o.day = "2026-07-01" }
        try province.run(["init", "--office", "370000", "--name", "山东省安帮办", "--level", "省", "--region", "370000"])
        try enrol(province, city, "370100", "济南市安帮办", "地市", tmp)
        try enrol(city, k1, "370102", "历下区安帮办", "区县", tmp)
        try enrol(city, k2, "370103", "市中区安帮办", "区县", tmp)
        try enrol(k1, t1, "370102001", "解放路司法所", "司法所", tmp)
        try enrol(k1, t2, "370102002", "千佛山司法所", "司法所", tmp)
        try enrol(k2, t3, "370103002", "大观园司法所", "司法所", tmp)
        // 衔接率: 解放路 1/3, 千佛山 1/1, 大观园 0/2.
        try ledger(t1, county: "370102", township: "370102001", released: 3, handedOver: 1, tmp)
        try ledger(t2, county: "370102", township: "370102002", released: 1, handedOver: 1, tmp)
        try ledger(t3, county: "370103", township: "370103002", released: 2, handedOver: 0, tmp)

        // Nothing submitted yet: both townships 未报送 at the county.
        let none = try k1.run(["review", "list", "--period", "2026H1"]).stdout.split(separator: "\n")
        #expect(none.count == 2 && none.allSatisfy { $0.contains("\t未报送\t") && $0.contains("\t2026-07-02\t") })
        try t1.run(["report", "submit", "--period", "2026H1"])
        try t2.run(["report", "submit", "--period", "2026H1"])
        #expect(try t1.run(["report", "status", "--period", "2026H1", "--lang", "zh"]).stdout.contains("状态\t已报送，待审核"))
        let sent = try CycleCommandTests().deliver(t1, k1, code: "370102", tmp)
        #expect(sent.sent.contains("\treports 1\t"), "\(sent.sent)")
        #expect(sent.received.contains("report 2026H1 submitted by 370102001"))

        // The county's form without 千佛山 is incomplete and names it; it cannot be submitted as it is.
        let partial = try figures(k1)
        #expect(partial.provisional == "尚未通过审核：解放路司法所（已报送）、千佛山司法所（未报送）", "\(partial)")
        let refused = try k1.run(["report", "submit", "--period", "2026H1"], status: 2)
        #expect(refused.stderr.contains("[report-incomplete]"), "\(refused.stderr)")
        try CycleCommandTests().deliver(t2, k1, code: "370102", tmp)

        // The county sends 千佛山's report back; 千佛山 sees why, resubmits, and both are approved.
        try k1.run(["review", "reject", "370102002", "--period", "2026H1", "--reason", "请补报工作机构情况"])
        try k1.run(["review", "approve", "370102001", "--period", "2026H1"])
        try CycleCommandTests().deliver(k1, t2, code: "370102002", tmp)
        try CycleCommandTests().deliver(k1, t1, code: "370102001", tmp)
        #expect(
            try t2.run(["report", "status", "--period", "2026H1", "--lang", "zh"]).stdout.contains("状态\t已退回：请补报工作机构情况"))
        #expect(try t1.run(["report", "status", "--period", "2026H1", "--lang", "zh"]).stdout.contains("状态\t已通过"))
        let listed = try k1.run(["review", "list", "--period", "2026H1"]).stdout
        #expect(listed.contains("370102002\t千佛山司法所\t已退回\t"), "\(listed)")
        try t2.run(["office-stats", "set", "--period", "2026H1", "司法所.专职人员=2"])
        try t2.run(["report", "submit", "--period", "2026H1"])
        try CycleCommandTests().deliver(t2, k1, code: "370102", tmp)
        #expect(try k1.run(["review", "list", "--period", "2026H1"]).stdout.contains("370102002\t千佛山司法所\t已报送\t"))
        try k1.run(["review", "approve", "370102002", "--period", "2026H1"])

        // The county's aggregate: counts summed, the rate recomputed (2/4 = 50.00, not the mean 66.67 of 33.33 and
        // 100.00), 本级 for its own queue, part 1 summed.
        let county = try figures(k1)
        #expect(county.provisional == nil)
        #expect(county.units["370102001"] == ["B1": "3", "B2": "1", "B5": "33.33"])
        #expect(county.units["370102002"] == ["B1": "1", "B2": "1", "B5": "100.00"])
        #expect(county.units["370102"] == ["B1": "4", "B2": "2", "B5": "50.00"], "\(county.units)")
        #expect(county.units["370102-本级"]?["B1"] == "0")
        try k1.run(["report", "--period", "2026H1", "-o", tmp.path("k1.xlsx")])
        let workbook = try XLSXReader(path: tmp.path("k1.xlsx"))
        #expect(workbook.sheets.map(\.name).contains("对照") && workbook.sheets.map(\.name).contains("报送情况"))
        try k1.run(["report", "submit", "--period", "2026H1"])
        try CycleCommandTests().deliver(k1, city, code: "370100", tmp)

        // 大观园 first submits with another version of the definition: the county lists it and does not sum it.
        let v2 = tmp.path("v2")
        try FileManager.default.createDirectory(atPath: v2, withIntermediateDirectories: true)
        let reports = Self.templates + "/reports/"
        try FileManager.default.copyItem(
            atPath: reports + "安置帮教工作统计表-v1.csv", toPath: v2 + "/安置帮教工作统计表-v1.csv")
        try String(contentsOfFile: reports + "安置帮教工作统计表-v1.layout", encoding: .utf8)
            .replacingOccurrences(of: "version = 1\n", with: "version = 2\n")
            .write(toFile: v2 + "/v2.layout", atomically: true, encoding: .utf8)
        try t3.run(["report", "submit", "--period", "2026H1", "--layout", v2 + "/v2.layout"])
        try CycleCommandTests().deliver(t3, k2, code: "370103", tmp)
        #expect(try k2.run(["review", "list", "--period", "2026H1"]).stdout.contains("已报送（定义不同：安置帮教工作统计表 v2，不汇总）"))
        try k2.run(["review", "approve", "370103002", "--period", "2026H1"])
        #expect(try figures(k2).provisional == "尚未通过审核：大观园司法所（定义不同：安置帮教工作统计表 v2）")
        try t3.run(["report", "submit", "--period", "2026H1"])
        try CycleCommandTests().deliver(t3, k2, code: "370103", tmp)
        try k2.run(["review", "approve", "370103002", "--period", "2026H1"])
        #expect(try figures(k2).units["370103"] == ["B1": "2", "B2": "0", "B5": "0.00"])
        try k2.run(["report", "submit", "--period", "2026H1"])
        try CycleCommandTests().deliver(k2, city, code: "370100", tmp)

        // The city: 2/6 = 33.33, where averaging the counties' rates (50.00 and 0.00) would give 25.00.
        for code in ["370102", "370103"] { try city.run(["review", "approve", code, "--period", "2026H1"]) }
        let c = try figures(city)
        #expect(c.units["370100"] == ["B1": "6", "B2": "2", "B5": "33.33"], "\(c.units)")
        try city.run(["report", "submit", "--period", "2026H1"])
        try CycleCommandTests().deliver(city, province, code: "370000", tmp)
        try province.run(["review", "approve", "370100", "--period", "2026H1"])
        let p = try figures(province)
        #expect(
            p.units["370000"] == ["B1": "6", "B2": "2", "B5": "33.33"], "the province's total is every township's sum")
        let json = try province.run(["report", "--period", "2026H1", "--json"]).stdout
        let part1 =
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["part1"] as? [String: Any]
        #expect((part1?["司法所"] as? [String: Int])?["专职人员"] == 2, "part 1 is summed up the hierarchy")
    }

    /// A report whose checks fail goes only with a note; an incomplete aggregate only as provisional, and the
    /// superior sees both.
    @Test func aFailedCheckNeedsANoteAndAnIncompleteAggregateIsProvisional() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let city = Office(tmp, "city.sqlite")
        let k1 = Office(tmp, "k1.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let t2 = Office(tmp, "t2.sqlite")
        for o in [city, k1, t1, t2] { o.day = "2026-07-01" }
        try city.run(["init", "--office", "370100", "--name", "济南市安帮办", "--level", "地市", "--region", "370100"])
        try enrol(city, k1, "370102", "历下区安帮办", "区县", tmp)
        try enrol(k1, t1, "370102001", "解放路司法所", "司法所", tmp)
        try enrol(k1, t2, "370102002", "千佛山司法所", "司法所", tmp)
        // A definition whose 已衔接 counts hand-overs of any release: a hand-over of 2025 makes B2 > B1 in 2026H1.
        let bent = tmp.path("bent")
        try FileManager.default.createDirectory(atPath: bent, withIntermediateDirectories: true)
        let reports = Self.templates + "/reports/"
        try String(contentsOfFile: reports + "安置帮教工作统计表-v1.csv", encoding: .utf8)
            .replacingOccurrences(
                of: "B2,已衔接人数,count,releaseDate in P and handoverDate <= P.end",
                with: "B2,已衔接人数,count,handoverDate <= P.end"
            )
            .write(toFile: bent + "/安置帮教工作统计表-v1.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: reports + "安置帮教工作统计表-v1.layout", toPath: bent + "/bent.layout")
        let id = RegisterCommandTests.id("19700301", "211", "370102")
        try "姓名,公民身份号码,户籍地区划代码,释放日期,衔接日期\n人1,\(id),370102001,2025-03-01,2025-03-05\n".write(
            toFile: tmp.path("old.csv"), atomically: true, encoding: .utf8)
        try t1.run(["import", "--source", "migration", tmp.path("old.csv")])
        let refused = try t1.run(
            ["report", "submit", "--period", "2026H1", "--layout", bent + "/bent.layout"], status: 2)
        #expect(refused.stderr.contains("[report-checks-failed]") && refused.stderr.contains("[report-check]"))
        #expect(try t1.run(["report", "status", "--period", "2026H1", "--lang", "zh"]).stdout.contains("状态\t未报送"))
        try t1.run([
            "report", "submit", "--period", "2026H1", "--layout", bent + "/bent.layout", "--note", "旧账衔接日期待核",
        ])
        try CycleCommandTests().deliver(t1, k1, code: "370102", tmp)
        let listed = try k1.run(["review", "list", "--period", "2026H1"]).stdout
        #expect(listed.contains("\t2 项未通过（说明：旧账衔接日期待核）\t"), "\(listed)")
        #expect(listed.contains("370102002\t千佛山司法所\t未报送\t"))
        // 千佛山 never reports: the county's aggregate goes up only as provisional, and the city sees that it is.
        try k1.run(["review", "approve", "370102001", "--period", "2026H1"])
        let notYet = try k1.run(["report", "submit", "--period", "2026H1", "--note", "解放路旧账待核"], status: 2)
        #expect(notYet.stderr.contains("[report-incomplete]") && notYet.stderr.contains("千佛山司法所（未报送）"))
        try k1.run(["report", "submit", "--period", "2026H1", "--provisional", "--note", "解放路旧账待核"])
        try CycleCommandTests().deliver(k1, city, code: "370100", tmp)
        let cityList = try city.run(["review", "list", "--period", "2026H1"]).stdout
        #expect(cityList.contains("370102\t历下区安帮办\t已报送（未完成）\t"), "\(cityList)")
    }

    @Test func theCrossCheckComparesASubmissionWithTheCountysOwnRegister() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let k1 = Office(tmp, "k1.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        for o in [k1, t1] { o.day = "2026-07-01" }
        try k1.run(["init", "--office", "370102", "--name", "历下区安帮办", "--level", "区县", "--region", "370102"])
        try enrol(k1, t1, "370102001", "解放路司法所", "司法所", tmp)
        try ledger(t1, county: "370102", township: "370102001", released: 3, handedOver: 1, tmp)
        // The county holds two of them itself, both handed over.
        try ledger(k1, county: "370102", township: "370102001", released: 2, handedOver: 2, tmp)
        try t1.run(["report", "submit", "--period", "2026H1"])
        try CycleCommandTests().deliver(t1, k1, code: "370102", tmp)
        try k1.run(["review", "approve", "370102001", "--period", "2026H1"])
        try k1.run(["report", "--period", "2026H1", "-o", tmp.path("k1.xlsx")])
        let reader = try XLSXReader(path: tmp.path("k1.xlsx"))
        let rows = try reader.rows(of: reader.sheet(named: "对照"))
        var lines: [String] = []
        while let row = try rows.next() {
            lines.append(row.cells.map { CellText.string($0.value) }.joined(separator: ","))
        }
        #expect(lines.first == "单位代码,单位名称,指标,指标名称,报送数,本级名册数,差额")
        #expect(lines.contains("370102001,解放路司法所,A1,本期刑释解教人数,3,2,1"), "\(lines)")
        #expect(lines.contains("370102001,解放路司法所,B2,已衔接人数,1,2,-1"), "\(lines)")
        // Charts: the rates by unit as columns and, with the year 2025 approved too, the total over the periods as
        // lines; native DrawingML that LibreOffice reads and prints.
        try t1.run(["report", "submit", "--period", "2025"])
        // A folder stands for the packages in it (the inbox of a superior).
        try t1.run(["outbox", "-o", tmp.path("inbox")])
        let inbox = try k1.run(["import", tmp.path("inbox")])
        #expect(inbox.stdout.contains("report 2025 submitted by 370102001"), "\(inbox.stdout)")
        try k1.run(["review", "approve", "370102001", "--period", "2025"])
        try k1.run(["report", "--period", "2026H1", "-o", tmp.path("charts.xlsx")])
        let zip = try ZipArchiveReader(path: tmp.path("charts.xlsx"), displayName: "charts", limits: ZipLimits())
        func part(_ name: String) throws -> XMLElement {
            let entry = try #require(zip.entries.first { $0.name == name }, "\(name) is in the package")
            return try XMLDocument.parse(try zip.read(entry), location: InputLocation(file: name))
        }
        let columns = try part("xl/charts/chart1.xml").child("chart")?.child("plotArea")?.child("barChart")
        let series = columns?.children.filter { $0.name == "ser" } ?? []
        #expect(series.count == 5, "衔接率, 安置率, 帮教率, 重新违法犯罪率, 信息核查率")
        let categoryCache: XMLElement? = series.first?.child("cat")?.child("strRef")?.child("strCache")
        let categoryPoints: [XMLElement] = categoryCache?.children.filter { $0.name == "pt" } ?? []
        let categories: [String] = categoryPoints.map { $0.child("v")?.text ?? "" }
        #expect(categories == ["解放路司法所", "本级（待分配）", "合计"], "\(categories)")
        let lineChart = try part("xl/charts/chart2.xml").child("chart")?.child("plotArea")?.child("lineChart")
        let firstLine: XMLElement? = lineChart?.children.first { $0.name == "ser" }
        let cache: XMLElement? = firstLine?.child("cat")?.child("strRef")?.child("strCache")
        let points: [XMLElement] = cache?.children.filter { $0.name == "pt" } ?? []
        let periods: [String] = points.map { $0.child("v")?.text ?? "" }
        #expect(periods == ["2025年", "2026年上半年"])
        #expect(
            // 图表 follows the five parts of the form, 工作机构 and 核对.
            try part("xl/worksheets/_rels/sheet8.xml.rels").children.first?.attributes["Target"]
                == "../drawings/drawing1.xml")
        try k1.run(["report", "--period", "2026H1", "-o", tmp.path("plain.xlsx"), "--no-charts"])
        let plain = try ZipArchiveReader(path: tmp.path("plain.xlsx"), displayName: "plain", limits: ZipLimits())
        #expect(!plain.entries.contains { $0.name.hasPrefix("xl/charts/") })
        if let soffice = SofficeCLI.path {
            let pdf = try SofficeCLI.convertToPDF(tmp.path("charts.xlsx"), soffice: soffice, in: tmp)
            #expect(pdf.pages >= 2, "\(pdf)")
            // LibreOffice keeps the charts when it saves the workbook again: it read them as charts.
            let again = try SofficeCLI.convert(tmp.path("charts.xlsx"), to: "xlsx", soffice: soffice, in: tmp)
            let resaved = try ZipArchiveReader(path: again, displayName: "resaved", limits: ZipLimits())
            #expect(resaved.entries.filter { $0.name.hasPrefix("xl/charts/chart") }.count == 2)
        } else {
            print(SofficeCLI.missing)
        }
        // The register's own form is still there for the county to read.
        let own = try k1.run(["report", "--period", "2026H1", "--json", "--from-register"]).stdout
        #expect(own.contains("\"code\":\"370102001\""))
    }
}
