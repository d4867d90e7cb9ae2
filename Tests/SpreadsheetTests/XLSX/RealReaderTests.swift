import Foundation
import Spreadsheet
import Testing

/// What we write must open in the programs people use, with the same values: LibreOffice Calc (through its
/// CSV export) and openpyxl.
@Suite struct RealReaderTests {
    static let openpyxlDump = #"""
        import csv, datetime, json, sys
        import openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        facts = {"sheets": [[ws.title, ws.sheet_state] for ws in wb.worksheets]}
        def text(c):
            v = c.value
            if v is None: return ""
            if isinstance(v, bool): return "TRUE" if v else "FALSE"
            if isinstance(v, datetime.datetime):
                return v.strftime("%Y-%m-%d") if c.number_format == "yyyy-mm-dd" else v.strftime("%Y-%m-%d %H:%M:%S")
            if isinstance(v, float) and v.is_integer(): return str(int(v))
            return str(v)
        for ws in wb.worksheets:
            with open(sys.argv[2] + "/" + ws.title + ".csv", "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, lineterminator="\n")
                for row in ws.iter_rows():
                    w.writerow([text(c) for c in row])
        s1, s2 = wb.worksheets[0], wb.worksheets[1]
        facts["freeze"] = s1.freeze_panes
        facts["validations"] = [str(dv.sqref) for dv in s1.data_validations.dataValidation]
        facts["merged"] = [str(r) for r in s2.merged_cells.ranges]
        facts["percentFormat"] = s2["C3"].number_format
        facts["idFormat"] = s1.column_dimensions["B"].number_format if "B" in s1.column_dimensions else None
        facts["headerBold"] = s1["A1"].font.b
        facts["landscape"] = s2.page_setup.orientation
        facts["printTitles"] = s2.print_title_rows
        print(json.dumps(facts, ensure_ascii=False))
        """#

    @Test(.enabled(if: Oracles.hasOpenpyxl, Comment(rawValue: Oracles.openpyxlMissing)))
    func openpyxlReadsWhatWeWrite() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try SampleWorkbook.write(to: tmp.path("s.xlsx"))
        let script = try tmp.write("dump.py", RealReaderTests.openpyxlDump)
        let out = try Oracles.run(Oracles.python!, [script, tmp.path("s.xlsx"), tmp.url.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try tmp.read("名册.csv") == SampleWorkbook.expectedCSV)
        #expect(try tmp.read("汇总.csv") == SampleWorkbook.expectedSummaryCSV)
        let facts = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(facts["sheets"] as? [[String]] == [["名册", "visible"], ["汇总", "visible"], ["代码表", "hidden"]])
        #expect(facts["freeze"] as? String == "B2")
        #expect(facts["validations"] as? [String] == ["E2:E100", "G2:G100"])
        #expect(facts["merged"] as? [String] == ["A1:C1"])
        #expect(facts["percentFormat"] as? String == "0.00%")
        #expect(facts["idFormat"] as? String == "@")
        #expect(facts["headerBold"] as? Bool == true)
        #expect(facts["landscape"] as? String == "landscape")
        #expect(facts["printTitles"] as? String == "$1:$2")
    }

    /// Issue 7: openpyxl writes a formula it cannot calculate as `<f>SUM(A1:A2)</f><v />`; to-csv must warn.
    @Test(.enabled(if: Oracles.hasOpenpyxl, Comment(rawValue: Oracles.openpyxlMissing)))
    func anUncalculatedFormulaSavedByOpenpyxlIsWarnedAbout() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let script = try tmp.write(
            "make.py",
            """
            import sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "统计"
            ws["A1"] = 1; ws["A2"] = 2; ws["A3"] = "=SUM(A1:A2)"
            wb.save(sys.argv[1])
            """)
        let made = try Oracles.run(Oracles.python!, [script, tmp.path("f.xlsx")])
        #expect(made.status == 0, "\(made.stderr)")
        let reader = try XLSXReader(path: tmp.path("f.xlsx"))
        let report = try SheetToCSV.convert(reader, sheet: try reader.sheet(named: "统计"), outputPath: tmp.path("f.csv"))
        #expect(try tmp.read("f.csv") == "1\n2\n")  // trailing empty rows are trimmed
        #expect(report.diagnostics.map(\.ruleID) == ["uncached-formula"])
        #expect(report.diagnostics.first?.location.sheet == "统计" && report.diagnostics.first?.location.row == 3)
        #expect(report.diagnostics.first?.message == "cell A3 has a formula but no cached value; written as empty")
    }

    @Test(.enabled(if: Oracles.soffice != nil, Comment(rawValue: Oracles.sofficeMissing)))
    func libreOfficeReadsWhatWeWrite() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        try SampleWorkbook.write(to: tmp.path("s.xlsx"))
        // A CSV → XLSX conversion of GB18030 input (the from-csv path), too.
        let legacy = try LegacyExport.write(to: tmp.path("legacy.csv"))
        let csv = try CSVReader(path: legacy)
        let report = try CSVToSheet.convert(csv, outputPath: tmp.path("c.xlsx"))
        #expect(report.rows == 200 && report.columns == 25 && report.encoding == .gb18030)
        let out = try Oracles.libreOfficeCSV([tmp.path("s.xlsx"), tmp.path("c.xlsx")], outDir: tmp.url.path)
        #expect(out.status == 0, "\(out.stderr)")
        // LibreOffice writes values as shown: the percent cell appears as 87.50%.
        #expect(try tmp.read("s-名册.csv") == SampleWorkbook.expectedCSV)
        #expect(
            try tmp.read("s-汇总.csv")
                == SampleWorkbook.expectedSummaryCSV.replacingOccurrences(of: "0.875", with: "87.50%"))
        // Every record of the GB18030 CSV comes back from LibreOffice unchanged.
        let original = try CSVReader(path: legacy)
        let back = try CSVReader(path: tmp.path("c-Sheet1.csv"), encoding: .utf8)
        var n = 0
        while let a = try original.next() {
            let b = try back.next()
            #expect(a.fields == b?.fields, "record \(n + 1)")
            n += 1
        }
        #expect(n == 201)
        #expect(try back.next() == nil)
    }
}
