import Foundation
import Testing

@testable import Spreadsheet

@Suite struct WriterTests {
    func part(_ path: String, _ name: String) throws -> String {
        let zip = try ZipArchiveReader(path: path, displayName: path, limits: ZipLimits())
        guard let entry = zip.entry(named: name) else { throw SpreadsheetError(.missingPart, name) }
        return String(decoding: try zip.read(entry), as: UTF8.self)
    }

    @Test func roundTripThroughOurReader() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try SampleWorkbook.write(to: tmp.path("s.xlsx"))
        let reader = try XLSXReader(path: tmp.path("s.xlsx"))
        #expect(reader.sheets.map(\.name) == ["名册", "汇总", "代码表"])
        #expect(reader.sheets.map(\.visibility) == [.visible, .visible, .hidden])
        let rows = try reader.rows(of: try reader.sheet(named: "名册"))
        var got: [[CellValue]] = []
        while let row = try rows.next() {
            got.append((1...7).map { row[$0] })
        }
        let expected = SampleWorkbook.rows.map { r in r.map { $0 == .text("") ? CellValue.empty : $0 } }
        #expect(got == expected)
        _ = try SheetToCSV.convert(reader, sheet: try reader.sheet(at: 1), outputPath: tmp.path("1.csv"))
        #expect(
            try tmp.read("1.csv").split(separator: "\n", omittingEmptySubsequences: false)
                == SampleWorkbook.expectedCSV.split(separator: "\n", omittingEmptySubsequences: false))
        _ = try SheetToCSV.convert(reader, sheet: try reader.sheet(at: 2), outputPath: tmp.path("2.csv"))
        #expect(try tmp.read("2.csv") == SampleWorkbook.expectedSummaryCSV)
        let list = try reader.rows(of: try reader.sheet(named: "代码表"))
        var listValues: [CellValue] = []
        while let row = try list.next() { listValues.append(row[1]) }
        #expect(listValues == SampleWorkbook.longList.map { .text($0) })
    }

    @Test func worksheetXMLFollowsTheSchemaOrder() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try SampleWorkbook.write(to: tmp.path("s.xlsx"))
        let sheet1 = try part(tmp.path("s.xlsx"), "xl/worksheets/sheet1.xml")
        let order = [
            "<dimension ref=\"A1:G5\"/>", "<sheetViews>", "<sheetFormatPr", "<cols>", "<sheetData>", "</sheetData>",
            "<dataValidations count=\"2\">", "<pageMargins",
        ]
        var last = sheet1.startIndex
        for token in order {
            guard let r = sheet1.range(of: token, range: last..<sheet1.endIndex) else {
                Issue.record("missing or out of order: \(token)")
                return
            }
            last = r.upperBound
        }
        #expect(
            sheet1.contains(
                "<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"))
        #expect(sheet1.contains("<formula1>\"是,否\"</formula1>"))
        #expect(sheet1.contains("<formula1>'代码表'!$A$1:$A$56</formula1>"))
        #expect(sheet1.contains("<c r=\"G3\" t=\"s\">"))  // leading/trailing spaces live in the SST
        #expect(!sheet1.contains("<cols/>"))
        let sheet2 = try part(tmp.path("s.xlsx"), "xl/worksheets/sheet2.xml")
        #expect(sheet2.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"))
        #expect(sheet2.contains("<mergeCells count=\"1\"><mergeCell ref=\"A1:C1\"/></mergeCells>"))
        #expect(
            sheet2.contains("<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"landscape\"/>")
        )
        let workbook = try part(tmp.path("s.xlsx"), "xl/workbook.xml")
        #expect(
            workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'汇总'!$1:$2</definedName>"))
        #expect(workbook.contains("<sheet name=\"代码表\" sheetId=\"3\" state=\"hidden\" r:id=\"rId3\"/>"))
        let sst = try part(tmp.path("s.xlsx"), "xl/sharedStrings.xml")
        #expect(sst.contains("<si><t xml:space=\"preserve\"> 前后空格 </t></si>"))
        #expect(sst.contains("<si><t>王_x005F_x0041_五</t></si>"))
        #expect(sst.contains("<si><t>&lt;&amp;&gt;</t></si>"))
        let styles = try part(tmp.path("s.xlsx"), "xl/styles.xml")
        #expect(
            styles.contains(
                "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            ))
        #expect(styles.contains("<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"))
        #expect(styles.contains("<name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/>"))
        let types = try part(tmp.path("s.xlsx"), "[Content_Types].xml")
        #expect(types.contains("<Override PartName=\"/xl/worksheets/sheet3.xml\""))
    }

    /// A sheet is deflated on a second thread, in pieces, and its head (up to `<dimension>`) is joined in front at
    /// the end: the entry must still be one valid deflate stream with the right CRC and sizes, however many pieces.
    @Test(arguments: [0, 1, 40_000])
    func deflatedSheetsAreValidEntries(rows: Int) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = tmp.path("big.xlsx")
        let xlsx = try XLSXWriter(path: path, options: XLSXWriter.Options(sharedStrings: false))
        try xlsx.startSheet("数据")
        func text(_ r: Int) -> String { "第\(r)行" + String(repeating: "安置", count: r % 7) }
        for r in 0..<rows { try xlsx.writeRow([.text(text(r)), .number(Double(r))]) }
        try xlsx.close()
        // Python's zipfile checks every entry's CRC and sizes.
        if let python = Oracles.python {
            let out = try Oracles.run(
                python, ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())", path])
            #expect(out.stdout == "None\n", "\(out.stderr)")
        }
        #expect(
            try part(path, "xl/worksheets/sheet1.xml").contains(
                rows == 0 ? "<dimension ref=\"A1\"/>" : "<dimension ref=\"A1:B\(rows)\"/>"))
        let reader = try XLSXReader(path: path)
        let read = try reader.rows(of: try reader.sheet(at: 1))
        var n = 0
        var mismatches = 0
        while let row = try read.next() {
            if row[1] != .text(text(n)) || row[2] != .number(Double(n)) { mismatches += 1 }
            n += 1
        }
        #expect(n == rows)
        #expect(mismatches == 0)
    }

    @Test func outputIsDeterministic() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try SampleWorkbook.write(to: tmp.path("a.xlsx"))
        try SampleWorkbook.write(to: tmp.path("b.xlsx"))
        let a = try Data(contentsOf: URL(fileURLWithPath: tmp.path("a.xlsx")))
        let b = try Data(contentsOf: URL(fileURLWithPath: tmp.path("b.xlsx")))
        #expect(a == b)
    }

    @Test(arguments: [
        "", String(repeating: "长", count: 32), "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b", "'ab", "ab'",
        "History", "名册",
    ])
    func sheetNamesExcelRefuses(name: String) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let xlsx = try XLSXWriter(path: tmp.path("n.xlsx"))
        try xlsx.startSheet("名册")
        #expect(throws: SpreadsheetError.self) { try xlsx.startSheet(name) }
    }

    @Test func mergesMustNotOverlapAndRowsMustAscend() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let xlsx = try XLSXWriter(path: tmp.path("m.xlsx"))
        try xlsx.startSheet("S")
        try xlsx.merge(CellRange("A1:C2")!)
        #expect(throws: SpreadsheetError.self) { try xlsx.merge(CellRange("C2:D3")!) }
        try xlsx.writeRow([.text("x")], at: 5)
        #expect(throws: SpreadsheetError.self) { try xlsx.writeRow([.text("y")], at: 5) }
        try xlsx.close()
    }

    @Test func valuesExcelCannotHoldAreChangedWithAWarning() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let xlsx = try XLSXWriter(path: tmp.path("w.xlsx"))
        try xlsx.startSheet("S")
        try xlsx.writeRow([.number(.nan), .number(.infinity), .text(String(repeating: "𠀀", count: 20_000))])
        try xlsx.close()
        #expect(xlsx.warnings.count == 3)
        let reader = try XLSXReader(path: tmp.path("w.xlsx"))
        let row = try reader.rows(of: try reader.defaultSheet()).next()!
        #expect(row[1] == .error("#NUM!") && row[2] == .error("#NUM!"))
        guard case .text(let cut) = row[3] else {
            Issue.record("not text")
            return
        }
        #expect(cut.utf16.count == 32_766 && cut.count == 16_383)  // a surrogate pair is never split
    }

    @Test func cjkCountsDoubleInColumnWidths() {
        #expect(SheetState.displayWidth("abc") == 3)
        #expect(SheetState.displayWidth("张三") == 4)
        #expect(SheetState.displayWidth("ab\n张三丰") == 6)
    }

    /// Wrapped lines as Excel lays them out: CJK breaks anywhere, Latin words stay whole where they fit, a word
    /// wider than the cell is broken, line breaks count; a cell keeps a character of padding.
    @Test(arguments: [
        ("", 10.0, 1), ("abc", 10, 1), (String(repeating: "汉", count: 5), 11, 1),
        (String(repeating: "汉", count: 10), 11, 2), (String(repeating: "汉", count: 11), 11, 3),
        ("a\nb", 10, 2), ("hello world foo", 8, 3), ("abcdefghijklmnop", 6, 4), ("张三 a", 3, 3),
    ])
    func wrappedLines(text: String, width: Double, lines: Int) {
        #expect(SheetOptions.wrappedLines(text, width: width) == lines)
    }
}
