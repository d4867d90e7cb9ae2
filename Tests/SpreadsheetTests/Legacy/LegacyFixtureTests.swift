import Foundation
import Testing

@testable import Spreadsheet

/// Every case of `Tests/Fixtures/legacy` (see its README): .xls written by LibreOffice and by xlwt, HTML tables
/// and XML Spreadsheet 2003 written by hand, each read through `WorkbookReader` (the kind decided by the bytes)
/// and converted by `SheetToCSV`, compared with the expected CSV exactly.
@Suite struct LegacyFixtureTests {
    static let cases = Fixtures.cases("legacy")

    static func input(_ name: String) throws -> String {
        let dir = Fixtures.path("legacy/\(name)")
        let file = try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix("input.") }
        return dir + "/" + (file ?? "input.xls")
    }

    @Test(arguments: cases)
    func fixture(_ name: String) throws {
        let dir = Fixtures.path("legacy/\(name)")
        let input = try LegacyFixtureTests.input(name)
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let warningsFile = try? String(contentsOfFile: dir + "/expected-warnings.txt", encoding: .utf8)
        let expectedWarnings = warningsFile.map { $0.split(separator: "\n").map(String.init) } ?? []
        if let expectedError = try? String(contentsOfFile: dir + "/expected-error.txt", encoding: .utf8) {
            let lines = expectedError.split(separator: "\n").map(String.init)
            do {
                let reader = try WorkbookReader.open(path: input, displayName: "input")
                _ = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("out.csv"))
                Issue.record("\(name): expected the error \(lines)")
            } catch let error as SpreadsheetError {
                #expect(error.codeName == lines[0], "\(error)")
                if lines.count > 1 { #expect(error.message.contains(lines[1]), "\(error)") }
                #expect(error.location?.file == "input", "the error names the file: \(error)")
            }
            return
        }
        let reader = try WorkbookReader.open(path: input, displayName: "input")
        if let kind = try? String(contentsOfFile: dir + "/expected-kind.txt", encoding: .utf8) {
            #expect(reader.kind.name == kind.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let sheets = try? String(contentsOfFile: dir + "/expected-sheets.txt", encoding: .utf8) {
            #expect(reader.sheets.map(\.name) == sheets.split(separator: "\n").map(String.init))
            for sheet in reader.sheets {
                let path = dir + "/expected-sheet-\(sheet.position).csv"
                guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                _ = try SheetToCSV.convert(reader, sheet: sheet, outputPath: tmp.path("s\(sheet.position).csv"))
                #expect(try tmp.read("s\(sheet.position).csv") == expected, "sheet \(sheet.position)")
            }
        }
        let expected = try String(contentsOfFile: dir + "/expected.csv", encoding: .utf8)
        let report = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("out.csv"))
        #expect(try tmp.read("out.csv") == expected)
        let found = report.diagnostics.filter { $0.ruleID != "uncached-formula" }.map(\.ruleID)
        #expect(found == expectedWarnings, "\(report.diagnostics)")
        for d in report.diagnostics { #expect(d.location.file == "input", "the warning is located: \(d)") }
    }

    @Test func theCorpusIsThere() {
        #expect(LegacyFixtureTests.cases.count >= 20)
    }

    @Test func kindsAreDecidedByTheBytes() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        // The same .xls under an .xlsx name, and an HTML page under a .csv name.
        let xls = tmp.path("really-xls.xlsx")
        try FileManager.default.copyItem(atPath: try LegacyFixtureTests.input("xlwt-types"), toPath: xls)
        #expect(try WorkbookReader.open(path: xls).kind == .xls(biffVersion: 8))
        let html = try tmp.write("page.csv", "<html><body><table><tr><td>1</td></tr></table></body></html>")
        #expect(try WorkbookReader.open(path: html).kind == .htmlTable)
        let xml = try LegacyFixtureTests.input("xml2003-merged-dates")
        #expect(try WorkbookReader.open(path: xml).kind == .spreadsheetML2003)
        let xlsx = Fixtures.path("xlsx/basic-shared/input.xlsx")
        #expect(try WorkbookReader.open(path: xlsx).kind == .xlsx)
    }

    @Test func typedCellsFromAnXLS() throws {
        let reader = try WorkbookReader.open(path: try LegacyFixtureTests.input("xlwt-types"))
        let rows = try reader.rows(of: try reader.defaultSheet())
        var values: [CellValue] = []
        while let row = try rows.next() { values += row.cells.map(\.value) }
        #expect(values.contains(.boolean(true)))
        #expect(values.contains(.error("#DIV/0!")))
        #expect(values.contains(.date(CivilDate(year: 1949, month: 12, day: 31)!)))
        #expect(values.contains(.duration(seconds: 36 * 3600)))
        #expect(values.contains(.number(13_812_345_678)))
        #expect(values.contains(.text("11010519491231002X")))
    }

    @Test func hiddenSheetsKeepTheirVisibility() throws {
        // LibreOffice saved the first sheet visible and the very hidden one hidden (calamine reads the same).
        let reader = try WorkbookReader.open(path: try LegacyFixtureTests.input("lo-hidden-first"))
        #expect(reader.sheets.map(\.name) == ["Hidden", "Chart1", "Secret", "Visible"])
        #expect(reader.sheets.map(\.visibility) == [.visible, .visible, .hidden, .visible])
        let xml = try WorkbookReader.open(path: try LegacyFixtureTests.input("xml2003-merged-dates"))
        #expect(xml.sheets.map(\.visibility) == [.visible, .hidden])
    }
}
