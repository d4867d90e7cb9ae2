import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// Issue 8: a full ID number never reaches a message, whatever column it sits in and whatever rule reports it.
@Suite struct PrivacyTests {
    /// The runs of digits in `text` that look like a full identity number (15 digits, or 17 and a digit or X).
    static func unmaskedIDs(in text: String) -> [String] {
        var found: [String] = []
        var run = ""
        func flush(_ next: Character?) {
            defer { run = "" }
            if run.count == 15 || (run.count == 18) { found.append(run) }
        }
        for ch in text {
            if ch.isASCII && ch.isNumber || ((ch == "X" || ch == "x") && run.count == 17) {
                run.append(ch)
            } else {
                flush(ch)
            }
        }
        flush(nil)
        return found
    }

    @Test func theCheckerFindsWhatItShould() {
        #expect(
            PrivacyTests.unmaskedIDs(in: "found '11010519491231002X' and 370102800101123, not 13800000000") == [
                "11010519491231002X", "370102800101123",
            ])
        #expect(PrivacyTests.unmaskedIDs(in: "110105********002X 370102*****1123").isEmpty)
        #expect(
            Diagnostic.maskingIdentityNumbers("a 11010519491231002X b 370102800101123 c 13800000000 d 2026-01-01")
                == "a 110105********002X b 370102*****1123 c 13800000000 d 2026-01-01")
    }

    /// Every field's column holds an 18-digit (then a 15-digit) ID number in turn, as after a shifted paste:
    /// no diagnostic, rejected row explanation or errors file explanation shows it in full.
    @Test(arguments: ["11010519491231002X", "370102800101123"])
    func anIDNumberInAnyColumnIsMaskedInEveryMessage(_ stray: String) throws {
        let env = try Office2()
        defer { env.remove() }
        let headers = PersonFields.all.map(\.header)
        var rows: [[String]] = [headers]
        for (i, field) in PersonFields.all.enumerated() where field.id != "idNumber" {
            var row = [String](repeating: "", count: headers.count)
            row[PersonFields.index["name"]!] = "某\(i)"
            row[PersonFields.index["idNumber"]!] = makeID("370102", "19800101", String(format: "%03d", 100 + i))
            row[PersonFields.index["hukouRegion"]!] = "370102001"
            row[i] = stray
            rows.append(row)
        }
        // And the stray number as the ID itself, broken.
        var broken = [String](repeating: "", count: headers.count)
        broken[PersonFields.index["name"]!] = "某"
        broken[PersonFields.index["idNumber"]!] = String(stray.dropLast()) + (stray.last == "1" ? "2" : "1")
        rows.append(broken)
        let report = try env.run(try env.csv("b.csv", rows))
        #expect(report.counts.rejected >= 10, "the stray number breaks date, code, region and integer columns")
        var messages = report.diagnostics.map(\.description) + report.rejected.map(\.explanation)
        messages += try env.store.rejectedRows().map(\.errors)
        try PersonSheets.writeErrors(report.rejected, to: env.path("errors.csv"))
        let errorsFile = try String(contentsOfFile: env.path("errors.csv"), encoding: .utf8)
        let reader = try CSVReader(path: env.path("errors.csv"))
        var explanations: [String] = []
        while let record = try reader.next() { explanations.append(record.fields.last ?? "") }
        #expect(explanations.first == "错误说明" && explanations.count == report.rejected.count + 1)
        messages += explanations.dropFirst()
        let rules = Set(report.diagnostics.map(\.ruleID))
        #expect(rules.isSuperset(of: ["date-format", "code-table", "region-format", "integer"]), "\(rules)")
        for m in messages { #expect(PrivacyTests.unmaskedIDs(in: m).isEmpty, "\(m.prefix(300))") }
        // The errors file keeps the cells as they were (the clerk must fix them), and only its owner can read it.
        #expect(errorsFile.contains(stray))
        let mode = try FileManager.default.attributesOfItem(atPath: env.path("errors.csv"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
