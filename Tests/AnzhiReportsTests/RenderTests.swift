import AnzhiCore
import AnzhiReports
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

enum Soffice {
    static let path: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let missing = "LibreOffice (soffice) is not installed: run Scripts/setup.sh --test to enable this test"
}

@Suite struct RenderTests {
    func report(_ register: Register) throws -> Report {
        try register.add(IndicatorTests.people())
        return try register.report("2026H1")
    }

    @Test func csvIsLongFormatWithBOMAndCRLF() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let r = try report(register)
        let path = register.dir.appendingPathComponent("r.csv").path
        try ReportFormats.writeCSV(r, to: path, dialect: .excel)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "期间,单位代码,单位名称,指标代码,指标名称,数值")
        #expect(lines[1] == "2026H1,370102001,解放路司法所,A1,本期刑释解教人数,3")
        #expect(lines.contains("2026H1,370102001,解放路司法所,B5,衔接率,33.33"))
        #expect(!text.contains("B6n"))  // helper counts are not printed
        // Header, one line per indicator, 4 × 6 part-1 figures, and the empty string after the last CRLF.
        let shown: Int = r.definition.indicators.filter(\.shown).count
        let expectedLines: Int = shown + 26
        #expect(lines.count == expectedLines)
        #expect(lines.contains("2026H1,370102001,解放路司法所,P1.司法所.专职人员,司法所专职人员,0"))
        var gb = CSVDialect.excel
        gb.encoding = .gb18030
        try ReportFormats.writeCSV(r, to: path, dialect: gb)
        let reader = try CSVReader(path: path, encoding: .gb18030)
        #expect(try reader.next()?.fields == ["期间", "单位代码", "单位名称", "指标代码", "指标名称", "数值"])
    }

    @Test func jsonHasTheSameValues() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let r = try report(register)
        let object =
            try JSONSerialization.jsonObject(with: Data(try ReportFormats.json(r).utf8)) as? [String: Any] ?? [:]
        #expect(object["period"] as? String == "2026H1" && object["checksPassed"] as? Bool == true)
        let values = ((object["units"] as? [[String: Any]])?.first?["values"] as? [String: Any]) ?? [:]
        let b5 = values["B5"] as? [String: Any]
        let b6 = values["B6"] as? [String: Any]
        #expect(
            values["A2"] as? Int == 5 && b5?["percent"] as? String == "33.33" && b6?["percent"] as? String == "50.00")
        #expect(b5?["numerator"] as? Int == 1 && b5?["denominator"] as? Int == 3)
        #expect((object["definition"] as? [String: String]) == ["id": "安置帮教工作统计表", "version": "1"])
    }

    /// The report's Codable form reads back as the same report (a submitted report will travel this way); the
    /// base counts summed and finished again give the same total, with rates from the summed counts.
    @Test func theReportReadsBackFromItsJSONAndFinishesFromItsBaseCounts() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        try register.add(IndicatorTests.people())
        let r = try report(register)
        let decoder = JSONDecoder()
        decoder.userInfo[.reportDefinition] = ReportEnv.definition
        let back = try decoder.decode(Report.self, from: Data(try ReportFormats.json(r).utf8))
        #expect(back.values == r.values && back.units == r.units && back.checks == r.checks && back.period == r.period)
        #expect(back.office == r.office && back.part1 == r.part1)
        // The engine's pure half: base counts → the same report.
        let engine = ReportEngine(store: register.store, reference: ReportEnv.reference)
        let (base, _) = try engine.scan(ReportEnv.definition, period: r.period)
        let again = try ReportEngine.finish(
            ReportEnv.definition, period: r.period, office: r.office, base: base, part1: r.part1)
        #expect(again.values == r.values && again.checks == r.checks)
        // Two units with different rates: the total's rate comes from the summed counts, not the mean of the rates.
        let county = Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102")
        let two = BaseCounts(
            units: [
                ReportUnit(code: "370102001", name: "甲", kind: .subordinate),
                ReportUnit(code: "370102002", name: "乙", kind: .subordinate),
            ],
            counts: [base.counts[0], base.counts[0].mapValues { $0 * 3 }.merging(["B2": 0]) { $1 }])
        let summed = try ReportEngine.finish(ReportEnv.definition, period: r.period, office: county, base: two)
        #expect(summed.units.map(\.name) == ["甲", "乙", "合计"])
        #expect(summed.value("B5", unit: 0) == .rate(numerator: 1, denominator: 3))  // 33.33
        #expect(summed.value("B5", unit: 1) == .rate(numerator: 0, denominator: 9))  // 0.00
        #expect(summed.value("B5", unit: 2) == .rate(numerator: 1, denominator: 12))  // 8.33, not (33.33 + 0) / 2
        #expect(summed.value("B5", unit: 2)?.text == "8.33")
    }

    /// The XLSX form, opened by LibreOffice, shows the same numbers as the CSV.
    @Test(.enabled(if: Soffice.path != nil, Comment(rawValue: Soffice.missing)))
    func xlsxOpensInLibreOfficeWithTheCSVNumbers() throws {
        let register = try Register(office: Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102"))
        defer { register.remove() }
        try register.add(IndicatorTests.people())
        let r = try register.report("2026H1")
        let dir = register.dir
        try ReportFormats.writeXLSX(r, to: dir.appendingPathComponent("r.xlsx").path, today: ReportEnv.today)
        try ReportFormats.writeCSV(r, to: dir.appendingPathComponent("long.csv").path, dialect: .plain)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Soffice.path!)
        p.arguments = [
            "--headless", "--norestore", "-env:UserInstallation=\(profile.absoluteString)", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", dir.path,
            dir.appendingPathComponent("r.xlsx").path,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        var expected: [String: String] = [:]
        let long = try CSVReader(path: dir.appendingPathComponent("long.csv").path, encoding: .utf8)
        _ = try long.next()
        while let rec = try long.next() { expected[rec[1] + "|" + rec[3]] = rec[5] }
        // One sheet per part of the form (统计表（一）…（五）): head rows 1–4, header rows 5–7 with the ids in row 7,
        // then the units (a code in column A), then the foot.
        var compared = 0
        for part in ["一", "二", "三", "四", "五"] {
            let grid = try CSVReader(path: dir.appendingPathComponent("r-统计表（\(part)）.csv").path, encoding: .utf8)
            var rows: [[String]] = []
            while let rec = try grid.next() { rows.append(rec.fields) }
            #expect(rows[0][0] == "安置帮教工作统计表（2026年上半年）")
            let ids = rows[6]
            for row in rows.dropFirst(7)
            where row.count == ids.count && row[0].allSatisfy(\.isNumber) && !row[0].isEmpty {
                for (i, id) in ids.enumerated() where i >= 2 && !id.isEmpty {
                    let shown = row[i].replacingOccurrences(of: "%", with: "")
                    #expect(shown == expected[row[0] + "|" + id], "\(row[1]) \(id)")
                    compared += 1
                }
            }
        }
        #expect(compared == r.units.count * r.definition.indicators.filter(\.shown).count)
        let checks = try String(contentsOfFile: dir.appendingPathComponent("r-核对.csv").path, encoding: .utf8)
        #expect(checks.contains("全部通过"))
    }
}
