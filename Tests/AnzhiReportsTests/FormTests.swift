import AnzhiCore
import AnzhiReports
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// The rendered form as an official statistics form: one printed sheet per part, head and foot, fonts, page set-up,
/// and the checks in words.
@Suite struct FormTests {
    /// The form of the township test register, with some settings set and the rest left blank.
    func render(_ register: Register, form: FormSettings) throws -> (Report, String) {
        try register.add(IndicatorTests.people())
        let r = try register.report("2026H1")
        let path = register.dir.appendingPathComponent("form.xlsx").path
        try ReportFormats.writeXLSX(r, to: path, today: ReportEnv.today, form: form)
        return (r, path)
    }

    /// The texts of a sheet, by 1-based row (empty cells left out).
    static func texts(_ path: String, sheet: String) throws -> [Int: [String]] {
        let reader = try XLSXReader(path: path)
        let rows = try reader.rows(of: reader.sheet(named: sheet))
        var out: [Int: [String]] = [:]
        while let row = try rows.next() {
            let cells = row.cells.map { CellText.string($0.value) }.filter { !$0.isEmpty }
            if !cells.isEmpty { out[row.number] = cells }
        }
        return out
    }

    /// A part of the package as text.
    static func part(_ path: String, _ name: String) throws -> String {
        let zip = try ZipArchiveReader(path: path, displayName: "form", limits: ZipLimits())
        let entry = try #require(zip.entries.first { $0.name == name }, "\(name) is in the package")
        return String(decoding: try zip.read(entry), as: UTF8.self)
    }

    static let parts = ["统计表（一）", "统计表（二）", "统计表（三）", "统计表（四）", "统计表（五）"]

    @Test func eachPartIsAPrintedSheetWithTheHeadAndFootOfAStatisticsForm() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let (_, path) = try render(
            register, form: FormSettings(stored: ["表号": "司统1表", "制表机关": "山东省司法厅", "填表人": "李四"]))
        #expect(try XLSXReader(path: path).sheets.map(\.name) == Self.parts + ["工作机构", "核对"])
        let one = try Self.texts(path, sheet: "统计表（一）")
        #expect(one[1] == ["安置帮教工作统计表（2026年上半年）"])
        #expect(one[2] == ["表\u{3000}\u{3000}号：司统1表"])
        #expect(one[3] == ["填报单位：解放路司法所", "制表机关：山东省司法厅"])
        #expect(one[4] == ["统计期间：2026年1月1日至2026年6月30日"])
        #expect(
            one[5] == ["单位代码", "单位名称", "一、刑释解教人员基本情况"]
                && one[7] == ["A1", "A1a", "A1b", "A1c", "A1d", "A2", "A3", "A4", "A5"])
        #expect(one[8]?.prefix(3) == ["370102001", "解放路司法所", "3"])
        // The foot: unset signatures and the phone are blanks to sign; 报出日期 is the render date.
        #expect(one[10] == ["单位负责人：________", "统计负责人：________", "填表人：李四"])
        #expect(one[11] == ["联系电话：________", "报出日期：2026年11月29日"])
        #expect(one.keys.max() == 11)
        // Every part has the same head and foot over its own indicators.
        let five = try Self.texts(path, sheet: "统计表（五）")
        #expect(five[5] == ["单位代码", "单位名称", "五、在押人员信息核查"] && five[7] == ["E1", "E2", "E3", "E4", "E5"])
        #expect(five[3] == one[3] && five[10] == one[10] && five[11] == one[11])
        // Nothing set: every line of the head and foot is a blank.
        let blank = try Register(office: IndicatorTests.township)
        defer { blank.remove() }
        let (_, plain) = try render(blank, form: FormSettings())
        let head = try Self.texts(plain, sheet: "统计表（三）")
        #expect(head[2] == ["表\u{3000}\u{3000}号：________"] && head[3]?.last == "制表机关：________")
        #expect(head[11] == ["联系电话：________", "报出日期：2026年11月29日"])
    }

    @Test func thePrintSetUpIsA4LandscapeAt100PercentWithTitlesRepeatedAndNoTextBelow9Points() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let (_, path) = try render(register, form: FormSettings())
        let styles = try Self.part(path, "xl/styles.xml")
        let sizes = styles.matches(of: /<sz val="([0-9.]+)"\/>/).map { Double($0.1)! }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 9 }, "\(sizes)")
        for i in 1...7 {
            let sheet = try Self.part(path, "xl/worksheets/sheet\(i).xml")
            #expect(sheet.contains("<pageSetup paperSize=\"9\" orientation=\"landscape\"/>"), "sheet \(i)")
            // At 100%: a part fits the page without being scaled down (the text stays at 10 pt).
            #expect(!sheet.contains("fitToPage") && !sheet.contains("scale="), "sheet \(i)")
        }
        let workbook = try Self.part(path, "xl/workbook.xml")
        for (i, name) in Self.parts.enumerated() {
            #expect(
                workbook.contains(
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">'\(name)'!$A:$B,'\(name)'!$5:$7</definedName>"
                ), "\(name)")
        }
    }

    /// A definition with many more indicators in a part: scaled to one page wide while the text stays ≥ 9 pt,
    /// and beyond that printed at 100% over more pages (the unit columns repeat).
    @Test(arguments: [(9, false), (10, false), (11, true), (12, false), (30, false)])
    func aWidePartIsScaledOnlyWhileItsTextStaysAt9Points(indicators: Int, scaled: Bool) {
        #expect(FormLayout(indicators: indicators).fitToWidth == scaled)
    }

    @Test func theChecksSheetSaysEachCheckInWords() throws {
        let register = try Register(office: IndicatorTests.township)
        defer { register.remove() }
        let (r, path) = try render(register, form: FormSettings())
        let checks = try Self.texts(path, sheet: "核对")
        #expect(checks[1] == ["单位", "核对项", "结果", "说明"])
        #expect(checks[2] == ["全部通过"])
        let rows = (3...(2 + r.checks.count)).map { checks[$0] ?? [] }
        let unit = "解放路司法所"
        #expect(
            rows == [
                [unit, "B5 衔接率", "通过", "B5 衔接率：B2 已衔接人数（1）不大于 B1 应衔接人数（3）"],
                [unit, "B6 重点对象必接必送率", "通过", "B6 重点对象必接必送率：重点对象必接必送人数（1）不大于重点对象人数（2）"],
                [unit, "C3 安置率", "通过", "C3 安置率：C1 已安置人数（1）不大于 A2 期末在册人数（5）"],
                [unit, "D2 帮教率", "通过", "D2 帮教率：D1 已落实帮教人数（1）不大于 A2 期末在册人数（5）"],
                [unit, "E5 信息核查率", "通过", "E5 信息核查率：E2 已核实（1）不大于 E1 在押人数（3）"],
                [unit, "A1 本期刑释解教人数", "通过", "A1 本期刑释解教人数（3）等于其分项之和：监狱 1 + 看守所 1 + 社区矫正 0 + 其他 1 = 3"],
                [unit, "B4 未衔接人数", "通过", "B4 未衔接人数（2）等于其分项之和：下落不明 1 + 人户分离 1 + 其他 0 = 2"],
                [
                    unit, "C1 已安置人数", "通过",
                    "C1 已安置人数（1）等于其分项之和：单位就业 1 + 灵活就业 0 + 个体经营 0 + 务农 0 + 安置基地 0 + 社会救助 0 + 其他 0 = 1",
                ],
            ], "\(rows)")
        // No helper codes (B6n, B6d) anywhere on the sheet.
        #expect(!checks.values.joined().contains { $0.contains("B6n") || $0.contains("B6d") })
    }
}
