import AnzhiCore
import AnzhiReports
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// A report definition that does not work says where: its file, line and column.
@Suite struct DefinitionTests {
    func definition(_ rows: [String], layout: String = "definitions = d.csv\n") throws -> (String, ReportDefinition) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-def-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try (["id,label,kind,condition,formula,check,parent,part,show"] + rows).joined(separator: "\n")
            .write(to: dir.appendingPathComponent("d.csv"), atomically: true, encoding: .utf8)
        try layout.write(to: dir.appendingPathComponent("d.layout"), atomically: true, encoding: .utf8)
        return (dir.path, try ReportDefinition.load(layoutPath: dir.appendingPathComponent("d.layout").path))
    }

    @Test func aConditionThatDoesNotParseNamesItsFileLineAndColumn() throws {
        let (dir, d) = try definition([
            "A1,本期,count,releaseDate in P,,,,A,1", "A2,在册,count,onRegister(P.end) and risk = '高危,,,,A,1",
        ])
        let store = try Store.create(
            path: dir + "/s.sqlite", office: Office(code: "370102001", name: "x", level: .township, region: "370102001")
        )
        do {
            _ = try ReportEngine(store: store, reference: ReportEnv.reference).compute(
                d, period: ReportPeriod("2026H1")!)
            Issue.record("a broken condition compiled")
        } catch let error as ReportError {
            #expect(error.code == .condition)
            #expect(error.location == InputLocation(file: dir + "/d.csv", row: 3, column: 4, columnName: "condition"))
            #expect(error.description.hasPrefix("\(dir)/d.csv:3:4"), "\(error.description)")
            #expect(
                error.description.hasSuffix(": error: [condition] indicator A2: a quote is not closed"),
                "\(error.description)")
        }
    }

    @Test func aMalformedLayoutNamesItsLine() throws {
        #expect {
            _ = try definition([], layout: "definitions = d.csv\ntitle 安置帮教\n")
        } throws: { error in
            let e = error as? ReportError
            return e?.code == .definition && e?.location?.row == 2 && e?.message == "expected 'key = value'"
        }
    }
}
