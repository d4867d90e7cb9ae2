import Foundation
import Testing

/// `anzhi sheet …` end to end: stdout, stderr and exit status of the built binary.
@Suite struct SheetCommandTests {
    @Test func listPrintsSheetNamesOneALine() throws {
        let r = try CLI.run(["sheet", "list", CLI.fixture("xlsx/multi-sheet/input.xlsx")])
        #expect(r.status == 0)
        #expect(r.stdout == "名册\nSheet 2\n数据\n")
        let v = try CLI.run(["sheet", "list", "--visibility", CLI.fixture("xlsx/hidden-first/input.xlsx")])
        #expect(v.stdout == "Hidden\thidden\nSecret\tveryHidden\nVisible\tvisible\n")
    }

    /// Legacy kinds are read by the same commands, whatever their name; `sheet list` says which kind it read.
    @Test func listAndToCSVReadLegacyKinds() throws {
        let xls = try CLI.run(["sheet", "list", CLI.fixture("legacy/xlwt-types/input.xls")])
        #expect(xls.status == 0)
        #expect(xls.stdout == "名册\n")
        #expect(xls.stderr.contains("note: read as Excel 97–2003 workbook (.xls, BIFF8) [xls-biff8]"), "\(xls.stderr)")
        let html = try CLI.run(["sheet", "list", CLI.fixture("xlsx/html-xls/input.xlsx")])
        #expect(html.status == 0 && html.stdout == "Sheet1\n")
        #expect(html.stderr.contains("[html]"))
        let xml = try CLI.run(["sheet", "list", "--visibility", CLI.fixture("legacy/xml2003-merged-dates/input.xml")])
        #expect(xml.stdout == "名册\tvisible\n隐藏\thidden\n")
        #expect(xml.stderr.contains("[xml-spreadsheet-2003]"))
        let lo = try CLI.run(["sheet", "list", CLI.fixture("legacy/lo-multi-sheet/input.xls")])
        #expect(lo.stdout == "名册\nSheet 2\n数据\n")
        let csv = try CLI.run(["sheet", "to-csv", CLI.fixture("xlsx/html-xls/input.xlsx")])
        #expect(csv.status == 0 && csv.stdout == "1\n")
        let gbk = try CLI.run(["sheet", "to-csv", CLI.fixture("legacy/html-java-gbk/input.xls")])
        #expect(gbk.status == 0)
        #expect(
            gbk.stdout
                == (try String(contentsOfFile: CLI.fixture("legacy/html-java-gbk/expected.csv"), encoding: .utf8)))
        let ml = try CLI.run(["sheet", "to-csv", CLI.fixture("xlsx/spreadsheetml-2003/input.xlsx")])
        #expect(ml.status == 0, "\(ml.stderr)")
    }

    @Test func toCSVOnStdoutBySheetNameAndPosition() throws {
        let file = CLI.fixture("xlsx/multi-sheet/input.xlsx")
        let byName = try CLI.run(["sheet", "to-csv", file, "--sheet", "数据"])
        let byIndex = try CLI.run(["sheet", "to-csv", file, "--sheet-index", "3"])
        #expect(byName.status == 0 && byIndex.status == 0)
        #expect(byName.stdout == byIndex.stdout)
        #expect(
            byName.stdout
                == (try String(contentsOfFile: CLI.fixture("xlsx/multi-sheet/expected-sheet-3.csv"), encoding: .utf8)))
        let missing = try CLI.run(["sheet", "to-csv", file, "--sheet", "没有"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no worksheet named '没有'"))
    }

    @Test func uncachedFormulaWarnsAndExitsOne() throws {
        let r = try CLI.run(["sheet", "to-csv", CLI.fixture("xlsx/formulas/input.xlsx")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("warning: [uncached-formula]"))
        #expect(r.stderr.hasPrefix(CLI.fixture("xlsx/formulas/input.xlsx") + ":Sheet1:"))
    }

    /// Thrown errors print like diagnostics: the location first, then `error: [code] message`.
    @Test(arguments: [
        ("cfb-xls", "!Workbook", "damaged-xls", "BOF"), ("cfb-encrypted", "", "encrypted-workbook", "encrypted"),
        ("truncated-zip", "", "damaged-zip", "truncated"), ("empty-file", "", "empty-file", "empty"),
        ("bomb-ratio", "!xl/worksheets/sheet1.xml", "hostile-input", "zip bomb"),
        ("entity-expansion", "!xl/worksheets/sheet1.xml:Sheet1", "hostile-input", "DTD"),
    ])
    func unreadableFilesExitTwoWithAClearMessage(fixture: String, part: String, code: String, words: String) throws {
        let file = CLI.fixture("xlsx/\(fixture)/input.xlsx")
        let r = try CLI.run(["sheet", "to-csv", file])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("\(file)\(part): error: [\(code)] "), "\(r.stderr)")
        #expect(r.stderr.contains(words))
    }

    @Test func fromCSVThenToCSVRoundTripsAGB18030Export() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        // An old system's export, made here: IDs, codes with leading zeros, quotes, commas, a 4-byte character.
        var text = "序号,姓名,身份证号,罪犯编号,户籍地址,备注,X\r\n"
        for i in 1...50 {
            text +=
                "\(i),\(i % 7 == 0 ? "𠀀\(i)" : "张\(i)"),37010219800101\(String(format: "%03d", i))X,\(String(format: "%07d", i)),"
                + "\"济南市历下区\(i)号, 3单元\",\(i % 5 == 0 ? "\"他说\"\"已报到\"\"\"" : ""),x\r\n"
        }
        try text.write(toFile: tmp.path("utf8.csv"), atomically: true, encoding: .utf8)
        let convert = try CLI.runShell(
            "/usr/bin/iconv -f UTF-8 -t GB18030 '\(tmp.path("utf8.csv"))' > '\(tmp.path("gb.csv"))'")
        #expect(convert.status == 0, "\(convert.stderr)")
        let w = try CLI.run([
            "sheet", "from-csv", tmp.path("gb.csv"), "-o", tmp.path("o.xlsx"), "--text-columns", "身份证号,X",
        ])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stderr.contains("read as gb18030 (detected)"))
        let r = try CLI.run(["sheet", "to-csv", tmp.path("o.xlsx"), "-o", tmp.path("back.csv")])
        #expect(r.status == 0)
        // The export uses CRLF; to-csv writes LF. Same records otherwise.
        #expect(try tmp.read("back.csv") == text.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    @Test func fromCSVRejectsMalformedInputWithItsLocation() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        try "a,b\n1,\"open\n".write(toFile: tmp.path("bad.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["sheet", "from-csv", tmp.path("bad.csv"), "-o", tmp.path("o.xlsx")])
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("bad.csv:2:3: error: [malformed-csv] the quoted field that starts here is never closed"))
        #expect(!FileManager.default.fileExists(atPath: tmp.path("o.xlsx")))
    }

    @Test func badUsageIsReported() throws {
        let r = try CLI.run(["sheet", "to-csv", "x.xlsx", "--sheet", "a", "--sheet-index", "1"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("give --sheet or --sheet-index, not both"))
    }
}
