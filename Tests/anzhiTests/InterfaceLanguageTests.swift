import Foundation
import Testing

/// The CLI speaks the language the environment asks for: the import of the messy sample batch, word for word,
/// in Chinese and in English (golden files under Tests/Fixtures/golden/), and the JSON summary with English keys
/// and a message in the chosen language.
@Suite struct InterfaceLanguageTests {
    static let sample = "Samples/旧系统导出-问题批次-gb18030.csv"

    /// Imports the sample from the package root (so the file name in the output is the relative one) into a
    /// fresh county database.
    func importSample(_ environment: [String: String], _ extra: [String] = []) throws -> CLI.Result {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let db = tmp.path("county.sqlite")
        let initResult = try CLI.run(
            ["init", "--db", db, "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102"])
        #expect(initResult.status == 0)
        return try CLI.run(
            ["import", "--db", db, Self.sample] + extra, in: CLI.packageRoot, environment: environment)
    }

    func golden(_ name: String) throws -> String {
        try String(contentsOfFile: CLI.fixture("golden/\(name)"), encoding: .utf8)
    }

    @Test(arguments: [
        ("zh", ["ANZHI_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"]),
        ("zh", ["ANZHI_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C"]),
        ("en", ["ANZHI_LANG": "", "LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"]),
        ("zh", ["ANZHI_LANG": "zh", "LANG": "en_US.UTF-8"]),
    ])
    func messyBatchSummaryIsWordForWordInTheChosenLanguage(language: String, environment: [String: String]) throws {
        let r = try importSample(environment)
        #expect(r.status == 1)
        #expect(r.stdout == (try golden("messy-import.\(language).stdout")))
        #expect(r.stderr == (try golden("messy-import.\(language).stderr")))
    }

    @Test func langOptionBeatsTheEnvironmentAnywhereOnTheLine() throws {
        let r = try importSample(["ANZHI_LANG": "zh"], ["--lang", "en"])
        #expect(r.stdout == (try golden("messy-import.en.stdout")))
    }

    /// Outside rule ids, file names and codes the Chinese output has no English word.
    @Test func chineseOutputHasNoEnglishProse() throws {
        let r = try importSample(["ANZHI_LANG": "zh"])
        var text = r.stdout + r.stderr
        for allowed in [Self.sample, "CSV", "gb18030"] { text = text.replacingOccurrences(of: allowed, with: "") }
        text = text.replacing(try Regex(#"\[[a-z0-9-]+\]"#), with: "")
        #expect(text.firstMatch(of: try Regex("[A-Za-z]{2,}")) == nil, "\(text)")
    }

    @Test func jsonKeepsEnglishKeysAndAddsTheMessage() throws {
        let r = try importSample(["ANZHI_LANG": "zh"], ["--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(summary["inserted"] as? Int == 3)
        #expect(summary["rejected"] as? Int == 2)
        #expect(summary["message"] as? String == "\(Self.sample)：读取 7 行，新增 3，更新 0，未变化 1，退回 2，其他单位管辖 1")
        let diagnostics = try #require(summary["diagnostics"] as? [[String: Any]])
        let checksum = try #require(diagnostics.first { $0["rule"] as? String == "id-checksum" })
        #expect(checksum["severity"] as? String == "error")
        #expect(
            (checksum["message"] as? String)?.hasPrefix("「身份证号」列（C5）：公民身份号码 '370102********6801' 的校验位与前 17 位不符") == true
        )
    }

    @Test func anUnknownLanguageIsAUsageError() throws {
        let r = try CLI.run(["persons", "list", "--lang", "fr"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--lang"))
    }

    /// Times are shown in local civil time to the minute, never as stored (UTC ISO 8601): the same history entry
    /// read in Shanghai is eight hours after its reading in UTC, whatever the clock says.
    @Test func timesAreLocalCivilTime() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let db = tmp.path("county.sqlite")
        _ = try CLI.run(
            ["init", "--db", db, "--office", "370102", "--name", "县", "--level", "county", "--region", "370102"])
        _ = try CLI.run(["import", "--db", db, Self.sample], in: CLI.packageRoot)
        func firstHistoryTime(_ zone: String) throws -> Date {
            let shown = try CLI.run(["persons", "show", "#1", "--db", db], environment: ["TZ": zone]).stdout
            let lines = shown.split(separator: "\n")
            let start = try #require(lines.firstIndex(of: "History of changes"))
            let line = String(lines[start + 1])
            let stamp = try #require(line.firstMatch(of: /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2})\t/), "\(line)")
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd HH:mm"
            f.timeZone = TimeZone(identifier: "UTC")
            return try #require(f.date(from: String(stamp.1)))
        }
        let utc = try firstHistoryTime("UTC")
        let shanghai = try firstHistoryTime("Asia/Shanghai")
        #expect(shanghai.timeIntervalSince(utc) == 8 * 3600)
    }

    /// argument-parser's own usage errors are said in the chosen language too.
    @Test func parserErrorsInChinese() throws {
        let missing = try CLI.run(["verify", "--lang", "zh"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("错误：缺少参数 <person>\n"), "\(missing.stderr)")
        let invalid = try CLI.run(["import", "--source", "nope", "x.csv", "--lang", "zh"])
        #expect(
            invalid.stderr.hasPrefix("错误：--source <source> 不能取“nope”，可选的值：'prison'、'office'、'migration'\n"),
            "\(invalid.stderr)")
        let unknown = try CLI.run(["persons", "list", "--bogus", "--lang", "zh"])
        #expect(unknown.stderr.hasPrefix("错误：没有 --bogus 这个选项\n"), "\(unknown.stderr)")
        let english = try CLI.run(["verify", "--lang", "en"])
        #expect(english.stderr.hasPrefix("Error: Missing expected argument '<person>'\n"), "\(english.stderr)")
    }
}
