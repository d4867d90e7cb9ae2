import Foundation
import Testing

/// The libraries' thrown errors come from the message catalogues: Chinese with `--lang zh`, the unchanged English
/// with `--lang en`, and the `[code]` ASCII in both.
@Suite struct LibraryMessagesTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let arguments: @Sendable (Scratch) throws -> [String]
        let located: @Sendable (Scratch) -> String
        let code: String
        let chinese: String
        let english: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "encrypted workbook",
            arguments: { _ in ["sheet", "to-csv", CLI.fixture("xlsx/cfb-encrypted/input.xlsx")] },
            located: { _ in CLI.fixture("xlsx/cfb-encrypted/input.xlsx") }, code: "encrypted-workbook",
            chinese: "此工作簿设有密码：请在 Excel 或 WPS 中取消密码后另存，再导入",
            english:
                "this workbook is encrypted (password-protected); remove the password in Excel or WPS and save it again"
        ),
        Case(
            name: "damaged .xls", arguments: { _ in ["sheet", "to-csv", CLI.fixture("xlsx/cfb-xls/input.xlsx")] },
            located: { _ in CLI.fixture("xlsx/cfb-xls/input.xlsx") + "!Workbook" }, code: "damaged-xls",
            chinese: "工作簿数据的开头不对（缺少 BOF 记录）：文件已损坏，请在 Excel 或 WPS 中打开后另存为 XLSX，再导入",
            english: "the workbook stream does not start with a BOF record"),
        Case(
            name: "text, not a workbook",
            arguments: { tmp in
                try "姓名,出生日期\n张三,1980-01-01\n".write(toFile: tmp.path("名单.xlsx"), atomically: true, encoding: .utf8)
                return ["sheet", "to-csv", tmp.path("名单.xlsx")]
            },
            located: { tmp in tmp.path("名单.xlsx") }, code: "not-a-workbook",
            chinese: "这是文本文件（CSV？），不是 XLSX 工作簿：请确认选对了文件",
            english: "this is a text file (CSV?), not an XLSX workbook"),
        Case(
            name: "missing database", arguments: { _ in ["persons", "list", "--db", "/nonexistent/x.sqlite"] },
            located: { _ in "/nonexistent/x.sqlite" }, code: "no-database",
            chinese: "这里没有数据库；请用 anzhi init 建立数据库，或用 --db 或 ANZHI_DB 指定",
            english: "no database here; create one with `anzhi init`, or choose it with --db or ANZHI_DB"),
    ]

    @Test(arguments: cases)
    func failuresPrintInTheChosenLanguage(_ c: Case) throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let arguments = try c.arguments(tmp)
        let zh = try CLI.run(arguments + ["--lang", "zh"])
        #expect(zh.status == 2)
        #expect(zh.stderr == "\(c.located(tmp)): 错误: [\(c.code)] \(c.chinese)\n", "\(zh.stderr)")
        // The code in brackets stays ASCII whatever the language.
        let bracketed = zh.stderr.split(separator: "[").dropFirst().first?.split(separator: "]").first ?? ""
        #expect(bracketed == c.code[...] && bracketed.utf8.allSatisfy { $0 < 0x80 })
        let en = try CLI.run(arguments + ["--lang", "en"])
        #expect(en.status == 2)
        #expect(en.stderr == "\(c.located(tmp)): error: [\(c.code)] \(c.english)\n", "\(en.stderr)")
    }
}
