import Foundation
import Testing

@testable import Spreadsheet

/// Bad input never crashes: every part of a small workbook cut short or garbled at many places gives either a
/// result or a `SpreadsheetError`, never a trap.
@Suite struct RobustnessTests {
    static let parts: [(String, String)] = [
        (
            "[Content_Types].xml",
            #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#
        ),
        (
            "_rels/.rels",
            #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        ),
        (
            "xl/workbook.xml",
            #"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
        (
            "xl/_rels/workbook.xml.rels",
            #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
        ),
        (
            "xl/sharedStrings.xml",
            #"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>姓名</t></si><si><r><t>张</t></r><r><t>三</t></r><rPh><t>x</t></rPh></si></sst>"#
        ),
        (
            "xl/styles.xml",
            #"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#
        ),
        (
            "xl/worksheets/sheet1.xml",
            #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>_x000D_备注</t></is></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>45658</v></c><c r="C2" t="e"><v>#N/A</v></c><c r="D2"><f>1+1</f></c></row></sheetData><mergeCells><mergeCell ref="A3:B3"/></mergeCells></worksheet>"#
        ),
    ]

    enum Outcome: Equatable {
        case read(csv: String)
        case refused(code: String)
    }

    /// Writes the parts as a workbook and converts its first sheet; every outcome is either a CSV or a
    /// `SpreadsheetError` that names the file (any other error, or a trap, fails the test).
    func convert(
        _ parts: [(String, [UInt8])], in tmp: TemporaryDirectory, _ n: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let path = tmp.path("w\(n).xlsx")
        let zip = try ZipArchiveWriter(path: path)
        for (name, bytes) in parts { try zip.add(name, bytes: bytes) }
        try zip.close()
        do {
            let reader = try XLSXReader(path: path)
            _ = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o\(n).csv"))
            return .read(csv: try tmp.read("o\(n).csv"))
        } catch let error as SpreadsheetError {
            #expect(error.location?.file.hasPrefix(path) == true, "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            #expect(
                !FileManager.default.fileExists(atPath: tmp.path("o\(n).csv")), "a refused file writes nothing",
                sourceLocation: sourceLocation)
            return .refused(code: error.codeName)
        }
    }

    @Test func theIntactWorkbookReads() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        #expect(
            try convert(RobustnessTests.parts.map { ($0.0, Array($0.1.utf8)) }, in: tmp, 0)
                == .read(csv: "姓名,\"\r备注\",\n张三,2025-01-01,#N/A\n"))
    }

    @Test(arguments: RobustnessTests.parts.indices)
    func everyPartCutShortOrGarbled(part: Int) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let original = Array(RobustnessTests.parts[part].1.utf8)
        var n = 0
        var outcomes: [Outcome] = []
        var generator = SplitMix(seed: UInt64(part))
        for cut in stride(from: 0, to: original.count, by: max(1, original.count / 40)) {
            var parts = RobustnessTests.parts.map { ($0.0, Array($0.1.utf8)) }
            parts[part].1 = Array(original[0..<cut])
            n += 1
            outcomes.append(try convert(parts, in: tmp, n))
            var garbled = original
            for _ in 0..<3 {
                garbled[Int(generator.next() % UInt64(garbled.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            parts[part].1 = garbled
            n += 1
            outcomes.append(try convert(parts, in: tmp, n))
        }
        #expect(outcomes.count >= 40)
        // A part cut to nothing is not XML: every part the reader needs refuses the workbook then (the content
        // types part is not needed to read a sheet).
        if RobustnessTests.parts[part].0 != "[Content_Types].xml" {
            #expect(
                outcomes[0] != .read(csv: "姓名,\"\r备注\",\n张三,2025-01-01,#N/A\n"), "an empty part changes the outcome")
        }
        // And the process is still healthy: the intact workbook reads as before.
        #expect(
            try convert(RobustnessTests.parts.map { ($0.0, Array($0.1.utf8)) }, in: tmp, 0)
                == .read(csv: "姓名,\"\r备注\",\n张三,2025-01-01,#N/A\n"))
    }
}

/// A small deterministic generator, so a failing case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
