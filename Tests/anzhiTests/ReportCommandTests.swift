import Foundation
import Testing

/// `anzhi report` and `anzhi office-stats` end to end on a county register the test builds (a prison batch, then
/// the office's ledger).
@Suite struct ReportCommandTests {
    func office(_ tmp: Scratch) throws -> [String] {
        let env = ["--db", tmp.path("o.sqlite"), "--templates", RecordCommandTests.templates]
        _ = try CLI.run(
            ["init", "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102"] + env)
        var prison = "姓名,公民身份号码,户籍地区划代码,释放日期,释放来源,危险性评估,入监日期\n"
        var ledger = "姓名,公民身份号码,衔接日期,衔接方式,安置日期,安置情况,核实结果\n"
        for i in 1...12 {
            let id = RegisterCommandTests.id("1980\(String(format: "%02d", i))01", String(format: "%03d", 100 + i))
            let township = i % 2 == 0 ? "370102001" : "370102002"
            let released = i <= 8
            prison +=
                "人员\(i),\(id),\(township),\(released ? "2025-0\(i % 9 + 1)-15" : ""),监狱,\(i % 4 == 0 ? "高危" : "低危"),\(released ? "" : "2024-01-01")\n"
            ledger +=
                "人员\(i),\(id),\(released && i % 3 != 0 ? "2025-\(String(format: "%02d", i % 9 + 1))-20" : ""),"
                + "\(released && i % 3 != 0 ? "家属接回" : ""),\(released && i % 2 == 0 ? "2025-12-01" : ""),"
                + "\(released && i % 2 == 0 ? "灵活就业" : ""),\(released ? "" : (i % 2 == 0 ? "核实成功" : ""))\n"
        }
        try prison.write(toFile: tmp.path("prison.csv"), atomically: true, encoding: .utf8)
        try ledger.write(toFile: tmp.path("ledger.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["import"] + env + [tmp.path("prison.csv")]).status == 0)
        #expect(try CLI.run(["import", "--source", "office"] + env + [tmp.path("ledger.csv")]).status == 0)
        return env
    }

    @Test func reportAsXLSXCSVAndJSON() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let env = try office(tmp)
        let csv = try CLI.run(["report", "--period", "2025", "-o", tmp.path("r.csv")] + env)
        #expect(csv.status == 0, "\(csv.stderr)")
        let json = try CLI.run(["report", "--period", "2025", "--json", "-o", tmp.path("r.xlsx"), "--details"] + env)
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        let units = object["units"] as? [[String: Any]] ?? []
        #expect(units.last?["name"] as? String == "合计")
        // The CSV and the JSON carry the same totals.
        let text = try tmp.read("r.csv")
        let totalA1 = (units.last?["values"] as? [String: Any])?["A1"] as? Int
        #expect(totalA1 == 8)
        #expect(text.contains("2025,370102,合计,A1,本期刑释解教人数,8\r\n"))
        let sheets = try CLI.run(["sheet", "list", tmp.path("r.xlsx")])
        // One sheet per part of the form (the printed pages), then part 1, the checks and the lists.
        #expect(
            sheets.stdout
                == "统计表（一）\n统计表（二）\n统计表（三）\n统计表（四）\n统计表（五）\n工作机构\n核对\n待核实名单\n未安置名单\n未衔接名单\n脱管名单\n")
        let gb = try CLI.run(["report", "--period", "2025H1", "-o", tmp.path("g.csv"), "--encoding", "gb18030"] + env)
        #expect(gb.status == 0)
        let head = try Data(contentsOf: URL(fileURLWithPath: tmp.path("g.csv"))).prefix(13)  // 期间,单位代码 in GB18030
        #expect(String(data: head, encoding: String.Encoding(rawValue: 0x8000_0632))?.hasPrefix("期间,单位代码") == true)
        let bad = try CLI.run(["report", "--period", "2025H3", "-o", tmp.path("x.csv")] + env)
        #expect(bad.status == 64 && bad.stderr.contains("--period is 2026H1 or 2026"))
    }

    @Test func officeStatsFromASheetAppearInTheReport() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let env = try office(tmp)
        try "项目,独立机构,专职人员,志愿者\n县司法局,1,4,\n司法所,0,13,\n村(社区),,,240\n".write(
            toFile: tmp.path("p1.csv"), atomically: true, encoding: .utf8)
        let imported = try CLI.run(["office-stats", "import", "--period", "2026H1", tmp.path("p1.csv")] + env)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("set 5 figures for 2026H1"))
        let show = try CLI.run(["office-stats", "show", "--period", "2026H1"] + env)
        #expect(show.stdout.contains("司法所\t0\t0\t13\t0\t0\t0"))
        let json = try CLI.run(["report", "--period", "2026H1", "--json"] + env)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
        let part1 = object["part1"] as? [String: [String: Int]] ?? [:]
        let volunteers: Int? = part1["村(社区)"]?["志愿者"]
        let staff: Int? = part1["县司法局"]?["专职人员"]
        #expect(volunteers == 240)
        #expect(staff == 4)
        let bad = try CLI.run(["office-stats", "set", "--period", "2026H1", "司法所.专职人员=-1"] + env)
        #expect(bad.status == 64 && bad.stderr.contains("expected a whole number ≥ 0"))
    }
}
