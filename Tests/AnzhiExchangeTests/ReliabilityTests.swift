import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// Issue 8: values survive the round trip, inputs that are not what they say are named, bad files stop early.
@Suite struct ReliabilityTests {
    let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名"]
    func person(_ n: Int, crime: String = "盗窃罪") -> [String] {
        ["某\(n)", makeID("370102", "19800101", String(format: "%03d", 100 + n)), "370102001", crime]
    }

    @Test func aNULOrAnOverlongValueIsALocatedRowErrorNeverStored() throws {
        let env = try Office2()
        defer { env.remove() }
        let long = String(repeating: "长", count: 32_768)
        let report = try env.run(
            try env.csv("b.csv", [header, person(1, crime: "abc\u{0}def"), person(2, crime: long), person(3)]))
        #expect(report.counts == counts(rows: 3, inserted: 1, rejected: 2))
        #expect(report.diagnostics.map(\.ruleID) == ["nul-character", "cell-too-long"])
        #expect(report.diagnostics[0].location == InputLocation(file: "b.csv", row: 2, column: 4, columnName: "罪名"))
        #expect(
            report.diagnostics[0].message
                == "column '罪名' (D2): holds a NUL character (byte 0), which a spreadsheet cannot keep; remove it")
        #expect(
            report.diagnostics[1].message
                == "column '罪名' (D3): holds 32768 characters, more than a spreadsheet cell's 32767")
    }

    @Test func aSheetOfJunkColumnsKeepsTwoHundredAndTheRegisterStillExports() throws {
        let env = try Office2()
        defer { env.remove() }
        let junk = (1...250).map { "备注\($0)" }
        let report = try env.run(try env.csv("b.csv", [header + junk, person(1) + junk.map { "v" + $0 }]))
        #expect(report.counts == counts(rows: 1, inserted: 1))
        let warnings = report.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.filter { $0.ruleID == "unknown-column" }.count == 200)
        let tooMany = try #require(warnings.first { $0.ruleID == "too-many-columns" })
        #expect(tooMany.location.column == 205 && tooMany.location.columnName == "备注201")
        #expect(
            tooMany.message
                == "the sheet has 250 columns that are not fields; the first 200 are kept with each person, the other 50 (from '备注201' on) are not read"
        )
        #expect(try env.store.person(key: person(1)[1])?.extra.count == 200)
        #expect(try PersonSheets.writeRegister(env.store, to: env.path("r.xlsx")) == 1)
    }

    @Test func theFormulaGuardIsRemovedTheSameWayFromXLSXAndCSV() throws {
        for ext in ["xlsx", "csv"] {
            let env = try Office2()
            defer { env.remove() }
            let path = env.path("b.\(ext)")
            if ext == "csv" {
                _ = try env.csv("b.csv", [header, person(1, crime: "'=already")])
            } else {
                let xlsx = try XLSXWriter(path: path)
                try xlsx.startSheet("名单")
                try xlsx.writeRow(header.map { .text($0) })
                try xlsx.writeRow(person(1, crime: "'=already").map { .text($0) })
                try xlsx.close()
            }
            _ = try env.run(path)
            #expect(try env.store.person(key: person(1)[1])?.value("crime") == "=already", "\(ext)")
        }
    }

    @Test func tooManyRejectedRowsStopTheFileWithNothingImported() throws {
        let env = try Office2()
        defer { env.remove() }
        let rows = [header, person(1)] + (2...6).map { person($0, crime: "x") }.map { r in [r[0], "123", r[2], r[3]] }
        #expect(throws: ImportError.self) {
            _ = try env.run(try env.csv("b.csv", rows)) { $0.maxErrors = 3 }
        }
        do {
            _ = try env.run(env.path("b.csv")) { $0.maxErrors = 3 }
        } catch let error as ImportError {
            #expect(error.message.hasPrefix("more than 3 rows were rejected (stopped at row 6)"))
        }
        #expect(try count(env, "SELECT COUNT(*) FROM person") == 0)
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 0)
        #expect(try env.run(env.path("b.csv")) { $0.maxErrors = 5 }.counts == counts(rows: 6, inserted: 1, rejected: 5))
    }

    @Test func aHiddenSheetIsNamedAndCanBeReadOnRequest() throws {
        let env = try Office2()
        defer { env.remove() }
        let xlsx = try XLSXWriter(path: env.path("b.xlsx"))
        try xlsx.startSheet("名单")
        try xlsx.writeRow(header.map { .text($0) })
        try xlsx.writeRow(person(1).map { .text($0) })
        try xlsx.startSheet("补充", options: SheetOptions(visibility: .hidden))
        try xlsx.writeRow(header.map { .text($0) })
        try xlsx.writeRow(person(2).map { .text($0) })
        try xlsx.close()
        let report = try env.run(env.path("b.xlsx"))
        #expect(report.counts == counts(rows: 1, inserted: 1))
        #expect(report.diagnostics.map(\.ruleID) == ["hidden-sheet"])
        #expect(report.diagnostics.first?.location == InputLocation(file: "b.xlsx", sheet: "补充"))
        #expect(
            report.diagnostics.first?.message
                == "the sheet is hidden and was not read; name it as the sheet to read to import it"
        )
        let hidden = try env.run(env.path("b.xlsx")) { $0.sheet = "补充" }
        #expect(hidden.counts == counts(rows: 1, inserted: 1) && hidden.diagnostics.isEmpty)
        #expect(throws: SpreadsheetError.self) { _ = try env.run(env.path("b.xlsx")) { $0.sheet = "没有" } }
    }

    @Test func inputsThatAreNotWhatTheySayAreNamed() throws {
        let env = try Office2()
        defer { env.remove() }
        // CSV text under an .xlsx name is read as CSV, and the report says so.
        try (header.joined(separator: ",") + "\n" + person(1).joined(separator: ",") + "\n")
            .write(toFile: env.path("really.xlsx"), atomically: true, encoding: .utf8)
        let csv = try env.run(env.path("really.xlsx"))
        #expect(csv.format == "csv" && csv.encoding == .utf8 && csv.counts.inserted == 1)
        // A NUL in the first bytes of a CSV: still CSV, the row with the NUL is an error of its own.
        try Data(
            (header.joined(separator: ",") + "\n" + person(2, crime: "a\u{0}b").joined(separator: ",") + "\n"
                + person(3).joined(separator: ",") + "\n").utf8
        )
        .write(to: URL(fileURLWithPath: env.path("nul.csv")))
        let nul = try env.run(env.path("nul.csv"))
        #expect(
            nul.counts == counts(rows: 2, inserted: 1, rejected: 1)
                && nul.diagnostics.map(\.ruleID) == ["nul-character"])
        // UTF-16 text is named as such.
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(header.joined(separator: ",").data(using: .utf16LittleEndian)!)
        try utf16.write(to: URL(fileURLWithPath: env.path("u16.csv")))
        do {
            _ = try env.run(env.path("u16.csv"))
            Issue.record("UTF-16 text was read")
        } catch let error as SpreadsheetError {
            #expect(error.message.contains("it looks like UTF-16 text (bytes FF FE"), "\(error)")
        }
        // A mapping to a field that does not exist is refused with the list of fields.
        try "人员姓名,姓名\n证件号,身份证号码啊\n".write(toFile: env.path("map.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try env.run(env.path("nul.csv")) { $0.mappingFile = env.path("map.csv") }
            Issue.record("the mapping was accepted")
        } catch let error as ImportError {
            #expect(error.location == InputLocation(file: env.path("map.csv"), row: 2))
            #expect(error.message.hasPrefix("the mapping names '身份证号码啊', which is not a field; fields: 姓名、曾用名、"))
        }
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030SayWhereEachFailed() throws {
        let env = try Office2()
        defer { env.remove() }
        var bytes = Array((header.joined(separator: ",") + "\n").utf8)
        bytes += Array("张三,".utf8) + [0xC3, 0x28] + Array(",x\n".utf8)  // invalid UTF-8 on line 2
        bytes += [0x81, 0x20] + Array("\n".utf8)  // invalid GB18030 on line 3
        try Data(bytes).write(to: URL(fileURLWithPath: env.path("bad.csv")))
        do {
            _ = try env.run(env.path("bad.csv"))
            Issue.record("the file was read")
        } catch let error as SpreadsheetError {
            // Where UTF-8 failed (the clerk's real problem) comes first; the GB18030 attempt fails early on the UTF-8
            // header's bytes.
            #expect(
                error.message.hasPrefix(
                    "the file is neither UTF-8 (invalid at line 2, byte 8 of the line (C3 28 2C 78)) nor GB18030 (invalid at line 1, byte "
                ), "\(error.message)")
            #expect(error.message.hasSuffix("); check the file's encoding"))
        }
    }

    @Test func anUnclosedQuoteInABigFileStopsAtTheRecordLimit() throws {
        let env = try Office2()
        defer { env.remove() }
        var text = header.joined(separator: ",") + "\n\"" + person(1).joined(separator: ",") + "\n"
        let line = person(2).joined(separator: ",") + "\n"
        text += String(repeating: line, count: (10 << 20) / line.utf8.count)
        try text.write(toFile: env.path("q.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try env.run(env.path("q.csv"))
            Issue.record("the file was read")
        } catch let error as SpreadsheetError {
            #expect(
                error.message == "the record that starts here runs past 8 MiB (an unclosed quote, or not a CSV file)")
            #expect(error.location?.row == 2)
        }
    }
}
