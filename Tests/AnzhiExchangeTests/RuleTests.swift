import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// Every validation rule on a one-row batch: the exact diagnostic, its severity and location.
@Suite struct RuleTests {
    static let header = ["姓名", "公民身份号码", "性别", "出生日期", "民族", "户籍地区划代码", "释放日期", "释放来源", "衔接日期", "未衔接原因"]
    static let good = [
        "张三", makeID("370102", "19800101", "123"), "男", "1980-01-01", "汉族", "370102001", "2025-06-30", "监狱", "", "",
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let changes: [Int: String]
        let rule: String
        let severity: Diagnostic.Severity
        let column: Int?
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "checksum", changes: [1: "370102198001011230"], rule: "id-checksum", severity: .error, column: 2,
            message:
                "column '公民身份号码' (B2): the check character of '370102********1230' does not match its other 17 digits, so one of its digits is wrong (not necessarily the last): check the whole number against the person's identity document rather than changing the last character; the row is 疑似三假 (possibly a false identity)"
        ),
        Case(
            name: "id format", changes: [1: "3701021980"], rule: "id-format", severity: .error, column: 2,
            message:
                "column '公民身份号码' (B2): expected 18 characters (or a legacy 15-digit number), found 10, found '370*******' (疑似三假)"
        ),
        Case(
            name: "15-digit converted", changes: [1: "370102800101123", 3: ""], rule: "id-15-converted",
            severity: .warning, column: 2,
            message:
                "column '公民身份号码' (B2): a legacy 15-digit number, converted to 370102********\(makeID("370102", "19800101", "123").suffix(4))"
        ),
        Case(
            name: "birth date mismatch", changes: [3: "1980-01-02"], rule: "birth-date-mismatch", severity: .error,
            column: 4,
            message: "column '出生日期' (D2): expected 1980-01-01 (from the ID number), found '1980-01-02'"),
        Case(
            name: "sex mismatch", changes: [2: "女"], rule: "sex-mismatch", severity: .error, column: 3,
            message: "column '性别' (C2): expected '男' (from the ID number), found '女'"),
        Case(
            name: "code table", changes: [4: "火星族"], rule: "code-table", severity: .error, column: 5,
            message: "column '民族' (E2): expected one of 汉族/蒙古族/回族/藏族/维吾尔族/苗族/彝族/壮族/…, found '火星族'"),
        Case(
            name: "date format", changes: [6: "2025/13/45"], rule: "date-format", severity: .error, column: 7,
            message:
                "column '释放日期' (G2): expected a date such as 2026-03-05, 2026/3/5, 2026年3月5日 or 20260305, found '2025/13/45'"
        ),
        Case(
            name: "future date", changes: [6: "2027-01-01"], rule: "future-date", severity: .error, column: 7,
            message: "column '释放日期' (G2): expected a date on or before 2026-11-29, found '2027-01-01'"),
        Case(
            name: "missing name", changes: [0: ""], rule: "required", severity: .error, column: nil,
            message: "the row has no 姓名 (name), which every record needs"),
        Case(
            name: "region format", changes: [5: "3701"], rule: "region-format", severity: .error, column: 6,
            message: "column '户籍地区划代码' (F2): expected a region code of 6, 9 or 12 digits, found '3701'"),
        Case(
            name: "unknown region", changes: [5: "379999001"], rule: "region-code", severity: .error, column: 6,
            message:
                "column '户籍地区划代码' (F2): expected a GB/T 2260 region code, found '379999001', which names no known division"
        ),
        Case(
            name: "unknown hukou", changes: [5: ""], rule: "hukou-unknown", severity: .error, column: 6,
            message:
                "户籍 is unknown (no 户籍地区划代码 and an address that names no division), so the person cannot be placed in any office's jurisdiction; give the 户籍地区划代码 or a fuller 户籍地址"
        ),
        Case(
            name: "laojiao after 2013", changes: [7: "劳教所"], rule: "laojiao-after-2013", severity: .warning, column: 8,
            message: "column '释放来源' (H2): 劳教 was abolished in 2013, but the release from a 劳教所 is dated 2025-06-30"),
        Case(
            name: "reason for someone handed over", changes: [8: "2025-07-01", 9: "下落不明"],
            rule: "handover-reason-ignored",
            severity: .warning, column: 10,
            message: "column '未衔接原因' (J2): a 未衔接原因 is given for someone with a 衔接日期; the reason does not count"),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) throws {
        let township = Office(code: "370102001", name: "历下区某司法所", level: .township, region: "370102001")
        let env = try Office2(township)
        defer { env.remove() }
        var row = RuleTests.good
        for (i, v) in c.changes { row[i] = v }
        let report = try env.run(try env.csv("b.csv", [RuleTests.header, row]))
        // The whole set of findings: exactly this one (notes aside), so no rule fires where it should not.
        #expect(report.diagnostics.filter { $0.severity != .note }.map(\.ruleID) == [c.rule], "\(report.diagnostics)")
        let d = try #require(report.diagnostics.first { $0.ruleID == c.rule })
        #expect(d.severity == c.severity)
        #expect(d.location.file == "b.csv" && d.location.row == 2 && d.location.column == c.column)
        #expect(d.location.columnName == c.column.map { RuleTests.header[$0 - 1] })
        #expect(d.message == c.message)
        let rejected = c.severity == .error
        #expect(report.counts.rejected == (rejected ? 1 : 0))
        #expect(report.counts.inserted == (rejected ? 0 : 1))
        #expect(
            report.counts.rows == report.counts.inserted + report.counts.updated + report.counts.unchanged
                + report.counts.rejected)
    }

    @Test func aRowOfAnotherTownshipIsCountedApartNotRejected() throws {
        let env = try Office2(Office(code: "370102001", name: "历下区某司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        var row = RuleTests.good
        row[5] = "370103002"
        row[1] = makeID("370103", "19800101", "123")
        let report = try env.run(try env.csv("b.csv", [RuleTests.header, row, RuleTests.good]))
        #expect(report.counts == counts(rows: 2, inserted: 1, outside: 1))
        #expect(report.diagnostics.count == 1)
        let d = try #require(report.diagnostics.first)
        #expect(
            d.ruleID == "outside-jurisdiction" && d.severity == .warning && d.location == InputLocation(file: "b.csv"))
        #expect(
            d.message
                == "1 rows belong to other offices' jurisdictions and were not imported (not errors of the batch): 370103002 大观园街道 1"
        )
        #expect(report.rejected.isEmpty)
    }

    @Test func theGoodRowHasNoFindings() throws {
        let env = try Office2(Office(code: "370102001", name: "历下区某司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        let report = try env.run(try env.csv("b.csv", [RuleTests.header, RuleTests.good]))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.counts.inserted == 1)
    }
}
