import Foundation
import Spreadsheet
import Testing

/// Every case of `Tests/Fixtures/xlsx` (see its README): the CSV the reader gives, or the error it must refuse
/// the file with. The fixtures are built by `make_fixtures.py` from raw XML, one reader-checklist item each.
@Suite struct ReaderFixtureTests {
    static let cases = Fixtures.cases("xlsx")

    @Test(arguments: cases)
    func fixture(_ name: String) throws {
        let dir = Fixtures.path("xlsx/\(name)")
        let input = dir + "/input.xlsx"
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        if let expected = try? String(contentsOfFile: dir + "/expected.csv", encoding: .utf8) {
            let reader = try XLSXReader(path: input, displayName: "input.xlsx")
            let report = try SheetToCSV.convert(
                reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("out.csv"))
            #expect(try tmp.read("out.csv") == expected)
            var records = 0
            let expectedReader = try CSVReader(path: dir + "/expected.csv", encoding: .utf8)
            while try expectedReader.next() != nil { records += 1 }
            #expect(report.rows == records)
        } else if let expectedError = try? String(contentsOfFile: dir + "/expected-error.txt", encoding: .utf8) {
            let needle = expectedError.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let reader = try XLSXReader(path: input, displayName: "input.xlsx")
                _ = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("out.csv"))
                Issue.record("\(name): expected an error containing '\(needle)'")
            } catch let error as SpreadsheetError {
                #expect(error.description.contains(needle), "\(error)")
                #expect(error.description.hasPrefix("input.xlsx"), "the error names the file: \(error)")
            }
        } else {
            Issue.record("fixture \(name) has neither expected.csv nor expected-error.txt")
        }
        if let sheets = try? String(contentsOfFile: dir + "/expected-sheets.txt", encoding: .utf8) {
            let reader = try XLSXReader(path: input)
            #expect(reader.sheets.map(\.name) == sheets.split(separator: "\n").map(String.init))
        }
    }

    @Test func theCorpusIsThere() {
        #expect(ReaderFixtureTests.cases.count >= 40, "Tests/Fixtures/xlsx holds the corpus built by make_fixtures.py")
    }

    @Test func errorsNameThePartRowAndColumn() throws {
        let reader = try XLSXReader(path: Fixtures.path("xlsx/sst-out-of-range/input.xlsx"), displayName: "b.xlsx")
        let rows = try reader.rows(of: try reader.defaultSheet())
        #expect {
            while try rows.next() != nil {}
        } throws: { error in
            guard let e = error as? SpreadsheetError, let loc = e.location else { return false }
            return loc.file == "b.xlsx" && loc.part == "xl/worksheets/sheet1.xml" && loc.row != nil && loc.column != nil
                && e.message.contains("shared string")
        }
    }

    @Test func formulaWithoutCachedValueIsReportedNotZero() throws {
        let reader = try XLSXReader(path: Fixtures.path("xlsx/formulas/input.xlsx"))
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let report = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
        #expect(report.diagnostics.count >= 1)
        #expect(
            report.diagnostics.allSatisfy {
                $0.ruleID == "uncached-formula" && $0.severity == .warning && $0.location.row != nil
            })
        var uncached = 0
        let rows = try reader.rows(of: try reader.defaultSheet())
        while let row = try rows.next() {
            uncached += row.cells.filter { $0.value == .uncachedFormula }.count
        }
        #expect(uncached == report.diagnostics.count)
    }

    @Test func hiddenSheetsAreListedWithTheirVisibility() throws {
        let reader = try XLSXReader(path: Fixtures.path("xlsx/hidden-first/input.xlsx"))
        #expect(reader.sheets.first?.visibility == .hidden)
        #expect(try reader.defaultSheet().visibility == .visible)
        // Hidden, Secret (veryHidden), Visible; the chartsheet is not a worksheet
        #expect(try reader.defaultSheet().position == 3)
        #expect(reader.sheets.map(\.visibility) == [.hidden, .veryHidden, .visible])
    }

    @Test func typedCellsFromTheCellTypesFixture() throws {
        let reader = try XLSXReader(path: Fixtures.path("xlsx/cell-types/input.xlsx"))
        let rows = try reader.rows(of: try reader.defaultSheet())
        var values: [CellValue] = []
        while let row = try rows.next() { values += row.cells.map(\.value) }
        #expect(values.contains(.boolean(true)))
        #expect(values.contains(.error("#DIV/0!")))
        #expect(values.contains(.error("#N/A")))
        #expect(values.contains(.number(0.30000000000000004)))
        #expect(values.contains(.date(CivilDate(year: 2026, month: 3, day: 5)!)))
    }
}
