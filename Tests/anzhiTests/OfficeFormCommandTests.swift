import Foundation
import Spreadsheet
import Testing

/// `anzhi office set` and the printed statistics form end to end: the settings go into the office's database, the
/// form prints them at head and foot (blanks when unset), and LibreOffice prints each part on one A4 landscape page.
@Suite struct OfficeFormCommandTests {
    /// A 司法所 with a few released people (so the form has figures).
    func township(_ tmp: Scratch) throws -> [String] {
        let env = ["--db", tmp.path("t.sqlite"), "--templates", RecordCommandTests.templates]
        let initialised = try CLI.run(
            ["init", "--office", "370102001", "--name", "解放路司法所", "--level", "township", "--region", "370102001"]
                + env)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        var ledger = "姓名,公民身份号码,户籍地区划代码,释放日期,释放来源,衔接日期\n"
        for i in 1...3 {
            let id = RegisterCommandTests.id("1980010\(i)", "10\(i)", "370102")
            ledger += "人员\(i),\(id),370102001,2026-0\(i)-15,监狱,\(i == 1 ? "2026-01-20" : "")\n"
        }
        try ledger.write(toFile: tmp.path("ledger.csv"), atomically: true, encoding: .utf8)
        let imported = try CLI.run(["import", "--source", "migration"] + env + [tmp.path("ledger.csv")])
        #expect(imported.status == 0, "\(imported.stderr)")
        return env
    }

    /// The texts of one row of a sheet, empty cells left out.
    func row(_ path: String, sheet: String, _ number: Int) throws -> [String] {
        let reader = try XLSXReader(path: path)
        let rows = try reader.rows(of: reader.sheet(named: sheet))
        while let row = try rows.next(), row.number <= number {
            if row.number == number { return row.cells.map { CellText.string($0.value) }.filter { !$0.isEmpty } }
        }
        return []
    }

    @Test func officeSetKeepsTheFormsNamesAndTheFormPrintsThem() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let env = try township(tmp)
        let set = try CLI.run(
            [
                "office", "set", "表号=司统1表", "authority=山东省司法厅", "单位负责人=王五", "statisticsHead=赵六", "填表人=李四",
                "PHONE=0531-86001234",
            ] + env)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(
            set.stdout == "表号\t司统1表\n制表机关\t山东省司法厅\n单位负责人\t王五\n统计负责人\t赵六\n填表人\t李四\n联系电话\t0531-86001234\n")
        let render = try CLI.run(["report", "--period", "2026H1", "-o", tmp.path("r.xlsx")] + env)
        #expect(render.status == 0, "\(render.stderr)")
        for sheet in ["统计表（一）", "统计表（四）"] {
            #expect(try row(tmp.path("r.xlsx"), sheet: sheet, 2) == ["表\u{3000}\u{3000}号：司统1表"])
            #expect(try row(tmp.path("r.xlsx"), sheet: sheet, 3) == ["填报单位：解放路司法所", "制表机关：山东省司法厅"])
            #expect(try row(tmp.path("r.xlsx"), sheet: sheet, 4) == ["统计期间：2026年1月1日至2026年6月30日"])
            #expect(try row(tmp.path("r.xlsx"), sheet: sheet, 10) == ["单位负责人：王五", "统计负责人：赵六", "填表人：李四"])
            // 报出日期 is the day the form is rendered (ANZHI_TODAY in tests).
            #expect(try row(tmp.path("r.xlsx"), sheet: sheet, 11) == ["联系电话：0531-86001234", "报出日期：2026年11月29日"])
        }

        // KEY= clears; a cleared key prints as a blank to sign.
        let cleared = try CLI.run(["office", "set", "填表人=", "phone="] + env)
        #expect(cleared.status == 0 && cleared.stdout.contains("填表人\t—\n联系电话\t—\n"), "\(cleared.stdout)")
        #expect(try CLI.run(["report", "--period", "2026H1", "-o", tmp.path("r2.xlsx")] + env).status == 0)
        #expect(try row(tmp.path("r2.xlsx"), sheet: "统计表（二）", 10) == ["单位负责人：王五", "统计负责人：赵六", "填表人：________"])
        #expect(try row(tmp.path("r2.xlsx"), sheet: "统计表（二）", 11) == ["联系电话：________", "报出日期：2026年11月29日"])

        // An unknown key or a missing '=' is a usage error that lists the keys, and changes nothing.
        for bad in ["负责人=王五", "填表人"] {
            let refused = try CLI.run(["office", "set", "表号=改了", bad] + env)
            #expect(refused.status == 64, "\(bad): \(refused.stderr)")
            // Usage messages and help are wrapped to the terminal: compare the words, not the line breaks.
            #expect(
                refused.stderr.replacing(/\s+/, with: "").contains(
                    "keys:表号(formNumber),制表机关(authority),单位负责人(head),统计负责人(statisticsHead),填表人(preparer),联系电话(phone)"
                ), "\(refused.stderr)")
        }
        #expect(try CLI.run(["office", "set"] + env).stdout.hasPrefix("表号\t司统1表\n"))
        let help = try CLI.run(["office", "set", "--help"])
        let helpText = help.stdout.replacing(/\s+/, with: "")
        #expect(helpText.contains("表号(formNumber)") && helpText.contains("联系电话(phone)"), "\(help.stdout)")

        // The CSV stays machine-readable: the long format, untouched by the form.
        #expect(try CLI.run(["report", "--period", "2026H1", "-o", tmp.path("r.csv")] + env).status == 0)
        #expect(
            try tmp.read("r.csv").replacingOccurrences(of: "\u{FEFF}", with: "").hasPrefix(
                "期间,单位代码,单位名称,指标代码,指标名称,数值\r\n2026H1,370102001,解放路司法所,A1,本期刑释解教人数,3\r\n"))
    }

    /// LibreOffice prints the township's form as one A4 landscape page per part, then 工作机构 and 核对.
    @Test(.enabled(if: SofficeCLI.path != nil, Comment(rawValue: SofficeCLI.missing)))
    func libreOfficePrintsEachPartOnOneA4LandscapePage() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let env = try township(tmp)
        #expect(try CLI.run(["report", "--period", "2026H1", "-o", tmp.path("form.xlsx")] + env).status == 0)
        let pdf = try SofficeCLI.convertToPDF(tmp.path("form.xlsx"), soffice: SofficeCLI.path!, in: tmp)
        #expect(pdf.pages == 5 + 2, "\(pdf)")
        #expect(pdf.sizes.count >= pdf.pages && pdf.sizes.allSatisfy(SofficeCLI.PDF.isA4Landscape), "\(pdf)")
    }
}
