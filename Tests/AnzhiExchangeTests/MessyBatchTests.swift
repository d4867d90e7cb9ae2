import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// A batch as prisons really send them: a title and a unit line above the header, alias headers, an unknown
/// column, dates in every form, a 15-digit ID, a bad checksum, an ID typed as a number, duplicates, a blank row,
/// 户籍 given only as text. The same content as XLSX and as GB18030 CSV gives exactly the same counts.
@Suite struct MessyBatchTests {
    static let a = makeID("370102", "19800101", "123")
    static let b = makeID("370102", "19850315", "246")
    static let c = makeID("370102", "19700707", "357")
    static let d = makeID("370102", "19900909", "468")
    static let e15 = "370102" + "750505" + "579"  // legacy 15-digit number
    static let f = makeID("370102", "19660606", "680")
    static let fBad = String(f.dropLast()) + (f.last == "1" ? "2" : "1")
    static let k = makeID("370102", "19771111", "791")
    static let m = makeID("370102", "19880808", "802")
    static let out = makeID("370103", "19820202", "913")
    static let address = "山东省济南市历下区解放路街道文化东路12号"

    static let header = ["序号", "姓名", "身份证号", "性别", "出生日期", "户籍所在地", "罪名", "刑期起日", "释放日期"]

    /// The data rows as (cells, what the test expects of the row).
    static func dataRows(asText: Bool) -> [[CellValue]] {
        func t(_ s: String) -> CellValue { .text(s) }
        let date = { (y: Int, m: Int, d: Int) -> CellValue in
            asText ? .text(String(format: "%04d-%02d-%02d", y, m, d)) : .date(CivilDate(year: y, month: m, day: d)!)
        }
        return [
            [
                t("1"), t("张三"), t(a), t("男"), date(1980, 1, 1), t(address), t("盗窃罪"), date(2020, 1, 2),
                date(2025, 6, 30),
            ],
            [t("2"), t("李四"), t(b), t("女"), t("1985/3/15"), t(address), t("诈骗罪"), t("2019/12/1"), t("2025/1/1")],
            [t("3"), t("王五"), t(c), t("男"), t("1970年7月7日"), t(address), t("抢劫罪"), t("2018年5月6日"), t("2024年5月6日")],
            [
                t("4"), t("赵六"), t(d), t(""), t("19900909"), t(address), t("故意伤害罪"),
                asText ? t("20170101") : .number(20_170_101), t("2023.3.3"),
            ],
            [t("5"), t("钱七"), t(e15), t(""), t(""), t(address), t("盗窃罪"), t("2021-01-01"), t("2026-01-01")],
            [t("6"), t("孙八"), t(fBad), t("男"), t(""), t(address), t("盗窃罪"), t(""), t("")],
            [
                t("1"), t("张三"), t(a), t("男"), date(1980, 1, 1), t(address), t("盗窃罪"), date(2020, 1, 2),
                date(2025, 6, 30),
            ],
            [t("8"), t("李四"), t(b), t("女"), t("1985/3/15"), t(address), t("抢劫罪"), t("2019/12/1"), t("2025/1/1")],
            [],
            [
                t("10"), t("周九"), asText ? t("3.70102198001011E+17") : .number(370_102_198_001_011_200), t("男"), t(""),
                t(address), t(""), t(""), t(""),
            ],
            [t("11"), t(""), t(k), t(""), t(""), t(address), t(""), t(""), t("")],
            [t("12"), t("吴十"), t(out), t(""), t(""), t("山东省济南市市中区大观园街道经四路1号"), t(""), t(""), t("")],
            [t("13"), t("郑十一"), t(m), t(""), t(""), t("山东省济南市历下区"), t(""), t(""), t("")],
        ]
    }

    /// Every finding that is not a note: (rule, row).
    static let expectedFindings: [(String, Int)] = [
        ("outside-jurisdiction", 0),  // once for the file: row 15 belongs to another county, counted apart
        ("unknown-column", 3), ("alias-header", 3), ("alias-header", 3),
        ("id-15-converted", 8),
        ("id-checksum", 9),
        ("duplicate-row", 10),
        ("duplicate-key", 11),
        ("required", 14),
    ]

    func check(_ report: ImportReport, idCellRule: String) {
        #expect(report.counts == counts(rows: 12, inserted: 6, unchanged: 1, rejected: 4, outside: 1))
        var expected = MessyBatchTests.expectedFindings
        expected.insert((idCellRule, 13), at: 8)
        let found = report.diagnostics.filter { $0.severity != .note }.map { ($0.ruleID, $0.location.row ?? 0) }
        #expect(found.map(\.0) == expected.map(\.0), "\(found)")
        #expect(found.map(\.1) == expected.map(\.1), "\(found)")
        let notes = report.diagnostics.filter { $0.severity == .note }
        // Every non-blank row, rejected ones too, but not the row of another county (nothing is kept of it).
        #expect(notes.filter { $0.ruleID == "region-derived" }.count == 11)
        let outside = report.diagnostics.first { $0.ruleID == "outside-jurisdiction" }
        #expect(outside?.severity == .warning && outside?.location.row == nil)
        #expect(
            outside?.message
                == "1 rows belong to other offices' jurisdictions and were not imported (not errors of the batch): 370103 市中区 1"
        )
        #expect(notes.filter { $0.ruleID == "assignment-queue" }.map(\.location.row) == [16])
        #expect(report.rejected.map(\.location.row) == [9, 11, 13, 14])
    }

    @Test func xlsxBatch() throws {
        let env = try Office2()
        defer { env.remove() }
        let xlsx = try XLSXWriter(path: env.path("batch.xlsx"))
        try xlsx.startSheet("名单")
        try xlsx.writeRow([.text("济南监狱2026年第3批刑满释放人员名单")])
        try xlsx.merge(CellRange("A1:I1")!)
        try xlsx.writeRow([.text("填报单位：济南监狱"), .empty, .empty, .empty, .empty, .text("日期：2026-11-01")])
        try xlsx.writeRow(MessyBatchTests.header.map { .text($0) })
        for row in MessyBatchTests.dataRows(asText: false) { try xlsx.writeRow(row) }
        try xlsx.close()
        let report = try env.run(env.path("batch.xlsx"))
        check(report, idCellRule: "id-number-cell")
        #expect(report.diagnostics.allSatisfy { $0.location.sheet == "名单" || $0.ruleID == "outside-jurisdiction" })
        let d = try #require(try env.store.person(key: MessyBatchTests.d))
        #expect(d.value("sentenceStart") == "2017-01-01" && d.value("releaseDate") == "2023-03-03")
        // derived from the ID (sequence 468 is even)
        #expect(d.value("sex") == "女" && d.value("birthDate") == "1990-09-09")
        #expect(d.value("hukouRegion") == "370102001")  // derived from the address
        let e = try #require(try env.store.person(key: makeID("370102", "19750505", "579")))
        #expect(e.value("name") == "钱七")
        #expect(try env.store.person(key: MessyBatchTests.m)?.inQueue == true)
        #expect(try env.store.person(key: MessyBatchTests.a)?.extra.map(\.0) == ["序号"])
    }

    @Test func gb18030CSVBatch() throws {
        let env = try Office2()
        defer { env.remove() }
        var dialect = CSVDialect.plain
        dialect.encoding = .gb18030
        let csv = try CSVWriter(path: env.path("batch.csv"), dialect: dialect)
        try csv.writeRecord(["济南监狱2026年第3批刑满释放人员名单"])
        try csv.writeRecord(["填报单位：济南监狱", "", "", "", "", "日期：2026-11-01"])
        try csv.writeRecord(MessyBatchTests.header)
        for row in MessyBatchTests.dataRows(asText: true) { try csv.writeRecord(row.map { CellText.string($0) }) }
        try csv.close()
        let report = try env.run(env.path("batch.csv"))
        #expect(report.encoding == .gb18030)
        check(report, idCellRule: "id-format")
    }

    /// The same batch as an Excel 97–2003 .xls, written by openpyxl and saved by LibreOffice
    /// (`Tests/Fixtures/legacy-batches/make_messy_batch.py`, committed with its output). Same counts, same findings.
    @Test func xlsBatch() throws {
        let env = try Office2()
        defer { env.remove() }
        let fixture = TestEnv.fixture("legacy-batches/messy-batch.xls")
        let report = try env.run(fixture)
        #expect(report.format == "xls-biff8")
        check(report, idCellRule: "id-number-cell")
        #expect(report.diagnostics.allSatisfy { $0.location.sheet == "名单" || $0.ruleID == "outside-jurisdiction" })
        let d = try #require(try env.store.person(key: MessyBatchTests.d))
        #expect(d.value("sentenceStart") == "2017-01-01" && d.value("releaseDate") == "2023-03-03")
    }

    /// The same batch as a web system exports it: an HTML table under an .xls name, the title merged over
    /// the columns, numbers marked with Excel's `x:num`, dates as text. Same counts, same findings.
    @Test func htmlBatch() throws {
        let env = try Office2()
        defer { env.remove() }
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        func cell(_ v: CellValue) -> String {
            switch v {
            case .number(let n): return "<td x:num=\"\(CellText.number(n))\">\(CellText.number(n))</td>"
            default: return "<td>\(escape(CellText.string(v)))</td>"
            }
        }
        var page = """
            <html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
            <table border="1">
            <tr><td colspan="9">济南监狱2026年第3批刑满释放人员名单</td></tr>
            <tr><td>填报单位：济南监狱</td><td></td><td></td><td></td><td></td><td>日期：2026-11-01</td></tr>

            """
        page += "<tr>" + MessyBatchTests.header.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for row in MessyBatchTests.dataRows(asText: false) { page += "<tr>" + row.map(cell).joined() + "</tr>\n" }
        page += "</table></body></html>\n"
        let gbk = try #require(
            String(data: Data(page.utf8), encoding: .utf8)?.data(using: String.Encoding(rawValue: 0x8000_0632)))
        try gbk.write(to: URL(fileURLWithPath: env.path("batch.xls")))
        let report = try env.run(env.path("batch.xls"))
        #expect(report.format == "html")
        check(report, idCellRule: "id-number-cell")
        let d = try #require(try env.store.person(key: MessyBatchTests.d))
        #expect(d.value("sentenceStart") == "2017-01-01" && d.value("releaseDate") == "2023-03-03")
    }
}
