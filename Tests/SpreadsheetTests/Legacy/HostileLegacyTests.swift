import Foundation
import Testing

@testable import Spreadsheet

/// Hostile and broken legacy files, built byte by byte in the test (`TestXLS`): each is refused with a specific
/// code or read with a located warning, in bounded time, never a trap.
@Suite struct HostileLegacyTests {
    /// The base workbook most cases break: a shared string and a number in row 1.
    static func baseStream(sst: [UInt8] = TestXLS.sst(["名字"]), extraSheet: [[UInt8]] = []) -> [UInt8] {
        TestXLS.workbook(
            globals: [sst],
            sheet: extraSheet + [TestXLS.labelSST(row: 0, column: 0, 0), TestXLS.number(row: 0, column: 1, 42)])
    }

    enum Outcome: Sendable, CustomTestStringConvertible {
        case refused(String, String)
        case read(String, warnings: [String])

        var testDescription: String {
            switch self {
            case .refused(let code, _): return "refused \(code)"
            case .read(_, let w): return "read, warnings \(w)"
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: @Sendable () -> [UInt8]
        let outcome: Outcome
        var testDescription: String { "\(name): \(outcome.testDescription)" }
    }

    static let cases: [Case] = [
        Case(
            name: "looping FAT chain",
            bytes: {
                let built = TestXLS.compoundFile([("Workbook", baseStream())])
                var bytes = built.bytes
                let layout = built.layout
                let sectors = layout.streamSectors["Workbook"]!
                TestXLS.patch(&bytes, at: TestXLS.fatEntryOffset(layout, sectors.last!), UInt32(sectors[0]))
                return bytes
            }, outcome: .refused("damaged-xls", "loops")),
        Case(
            name: "directory entry past the end",
            bytes: {
                let built = TestXLS.compoundFile([("Workbook", baseStream())])
                var bytes = built.bytes
                let layout = built.layout
                TestXLS.patch(&bytes, at: layout.entryOffset["Workbook"]! + 116, 100_000)
                return bytes
            }, outcome: .refused("damaged-xls", "sector 100000")),
        Case(
            name: "sector count 2^32",
            bytes: {
                var bytes = TestXLS.compoundFile([("Workbook", baseStream())]).bytes
                TestXLS.patch(&bytes, at: 44, 0xFFFF_FFFF)
                return bytes
            }, outcome: .refused("damaged-xls", "4294967295 allocation-table sectors")),
        Case(
            name: "stream size larger than the file",
            bytes: {
                let built = TestXLS.compoundFile([("Workbook", baseStream())])
                var bytes = built.bytes
                let layout = built.layout
                TestXLS.patch(&bytes, at: layout.entryOffset["Workbook"]! + 120, 0x7FFF_FFFF)
                return bytes
            }, outcome: .read("名字,42\n", warnings: ["xls-stream-size"])),
        Case(
            name: "SST count larger than its strings",
            bytes: { TestXLS.compoundFile([("Workbook", baseStream(sst: TestXLS.sst(["名字"], declared: 1000)))]).bytes },
            outcome: .read("名字,42\n", warnings: ["xls-sst-count"])),
        Case(
            name: "shared-string index past the table",
            bytes: {
                TestXLS.compoundFile([
                    ("Workbook", baseStream(extraSheet: [TestXLS.labelSST(row: 0, column: 3, 7)]))
                ]).bytes
            }, outcome: .refused("damaged-xls", "shared string 7")),
        Case(
            name: "record length past the stream",
            bytes: {
                var stream = baseStream()
                stream.removeLast(TestXLS.eof.count)  // the sheet's EOF: the broken record is the stream's last
                stream += TestXLS.u16(0x0203) + TestXLS.u16(0xFFF0) + [1, 2, 3]
                return TestXLS.compoundFile([("Workbook", stream)]).bytes
            }, outcome: .refused("damaged-xls", "past the end of the stream")),
        Case(
            name: "CONTINUE with no parent",
            bytes: {
                TestXLS.compoundFile([("Workbook", baseStream(extraSheet: [TestXLS.record(0x003C, [1, 2, 3, 4])]))])
                    .bytes
            }, outcome: .read("名字,42\n", warnings: ["xls-stray-continue"])),
        Case(
            name: "FILEPASS (encrypted)",
            bytes: {
                let stream = TestXLS.workbook(
                    globals: [TestXLS.record(0x002F, [1, 0, 1, 0] + [UInt8](repeating: 0, count: 50))],
                    sheet: [TestXLS.number(row: 0, column: 0, 1)])
                return TestXLS.compoundFile([("Workbook", stream)]).bytes
            }, outcome: .refused("encrypted-workbook", "password-protected")),
        Case(
            name: "no workbook stream",
            bytes: { TestXLS.compoundFile([("WordDocument", [UInt8](repeating: 1, count: 5000))]).bytes },
            outcome: .refused("unsupported-xls", "no Workbook")),
        Case(
            name: "BIFF4",
            bytes: {
                TestXLS.compoundFile([
                    ("Book", TestXLS.record(0x0409, [0, 0, 0x10, 0]) + [UInt8](repeating: 0, count: 5000))
                ]).bytes
            }, outcome: .refused("unsupported-xls", "BIFF4")),
        Case(
            name: "truncated header",
            bytes: { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 100) },
            outcome: .refused("damaged-xls", "cut short")),
        Case(
            name: "sheet offset past the stream",
            bytes: {
                var stream = baseStream()
                // BOUNDSHEET's lbPlyPos: find the record (type 0x0085) and point it far away.
                let at = (0..<stream.count - 4).first {
                    stream[$0] == 0x85 && stream[$0 + 1] == 0 && stream[$0 + 2] == 0x0E
                }!
                stream.replaceSubrange(at + 4..<at + 8, with: TestXLS.u32(0x0FFF_FFFF))
                return TestXLS.compoundFile([("Workbook", stream)]).bytes
            }, outcome: .refused("damaged-xls", "past the end of the workbook stream")),
    ]

    @Test(arguments: cases)
    func hostile(_ c: Case) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = try tmp.write("h.xls", bytes: c.bytes())
        let clock = ContinuousClock()
        let started = clock.now
        switch c.outcome {
        case .refused(let code, let text):
            do {
                let reader = try WorkbookReader.open(path: path, displayName: "h.xls")
                _ = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
                Issue.record("\(c.name): expected \(code)")
            } catch let error as SpreadsheetError {
                #expect(error.codeName == code, "\(error)")
                #expect(error.message.contains(text), "\(error)")
                #expect(error.location?.file == "h.xls")
            }
        case .read(let csv, let warnings):
            let reader = try WorkbookReader.open(path: path, displayName: "h.xls")
            let report = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
            #expect(try tmp.read("o.csv") == csv)
            #expect(report.diagnostics.map(\.ruleID) == warnings)
            #expect(report.diagnostics.allSatisfy { $0.location.file == "h.xls" && $0.location.part != nil })
        }
        #expect(clock.now - started < .seconds(20))
    }

    /// 65,536 rows × 256 columns of MULBLANK (plus one number): nothing is stored for a blank, so the sheet reads
    /// as one cell, quickly.
    @Test func sixteenMillionBlanks() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var sheet: [[UInt8]] = [TestXLS.number(row: 0, column: 0, 7)]
        let xfs = [UInt8](repeating: 15, count: 512)  // 256 xf indexes (15, 0 pairs read as 0x0F0F: any index)
        for row in 0..<65_536 {
            sheet.append(TestXLS.record(0x00BE, TestXLS.u16(row) + TestXLS.u16(0) + xfs + TestXLS.u16(255)))
        }
        let path = try tmp.write(
            "blank.xls", bytes: TestXLS.compoundFile([("Workbook", TestXLS.workbook(sheet: sheet))]).bytes)
        let clock = ContinuousClock()
        let started = clock.now
        let reader = try WorkbookReader.open(path: path)
        let report = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
        #expect(try tmp.read("o.csv") == "7\n")
        #expect(report.rows == 1)
        #expect(clock.now - started < .seconds(20))
    }

    /// A BIFF5 workbook (Excel 5.0/95) whose strings are GBK bytes by its CODEPAGE record (936).
    @Test func biff5WithGBK() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let gbk: (String) -> [UInt8] = { s in
            var out: [UInt8] = []
            if case .success(let b) = TextEncoding.utf8ToGB18030(Array(s.utf8)) { out = b }
            return out
        }
        let name = gbk("张三")
        let label = TestXLS.record(
            0x0204, TestXLS.u16(0) + TestXLS.u16(0) + TestXLS.u16(15) + TestXLS.u16(name.count) + name)
        let sheetName = gbk("名册")
        var stream = TestXLS.bof(biff: 5, dt: 0x0005) + TestXLS.record(0x0042, TestXLS.u16(936))
        stream += TestXLS.record(0x1FFF, [UInt8](repeating: 0x20, count: 4200))
        let boundSheetSize = 4 + 6 + 1 + sheetName.count
        let offset = stream.count + boundSheetSize + TestXLS.eof.count
        stream += TestXLS.record(0x0085, TestXLS.u32(UInt32(offset)) + [0, 0, UInt8(sheetName.count)] + sheetName)
        stream +=
            TestXLS.eof + TestXLS.bof(biff: 5, dt: 0x0010) + label + TestXLS.number(row: 0, column: 1, 1.5)
            + TestXLS.eof
        let path = try tmp.write("b5.xls", bytes: TestXLS.compoundFile([("Book", stream)]).bytes)
        let reader = try WorkbookReader.open(path: path)
        #expect(reader.kind == .xls(biffVersion: 5))
        #expect(reader.sheets.map(\.name) == ["名册"])
        _ = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
        #expect(try tmp.read("o.csv") == "张三,1.5\n")
    }

    /// An SST string cut by a CONTINUE in its characters, compressed before and UTF-16 after (the CONTINUE's first
    /// byte says so), then a rich-text string whose formatting runs follow in the CONTINUE.
    @Test func sstStringsAcrossContinue() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var first: [UInt8] = TestXLS.u32(2) + TestXLS.u32(2)
        first += TestXLS.u16(4) + [0] + Array("ab".utf8)
        var second: [UInt8] = [1] + TestXLS.u16(0x63)  // options byte: UTF-16 from here; "c"
        second += TestXLS.u16(0x540D)  // 名
        second += TestXLS.u16(2) + [0x08] + TestXLS.u16(1)  // "xy": 2 characters, rich text, 1 run
        second += Array("xy".utf8) + [0, 0]
        let third: [UInt8] = [0, 0]  // the rest of the formatting run: no options byte, it is not character data
        let sst = TestXLS.record(0x00FC, first) + TestXLS.record(0x003C, second) + TestXLS.record(0x003C, third)
        let stream = TestXLS.workbook(
            globals: [sst],
            sheet: [TestXLS.labelSST(row: 0, column: 0, 0), TestXLS.labelSST(row: 0, column: 1, 1)])
        let path = try tmp.write("c.xls", bytes: TestXLS.compoundFile([("Workbook", stream)]).bytes)
        let reader = try WorkbookReader.open(path: path)
        _ = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
        #expect(try tmp.read("o.csv") == "abc名,xy\n")
        #expect(reader.warnings.isEmpty)
    }

    /// An HTML page of 10 MB on one line: read in bounded time as one sheet.
    @Test func tenMegabyteHTMLLine() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var page = "<html><body><table>"
        let row = "<tr>" + (1...20).map { "<td>v\($0)</td>" }.joined() + "</tr>"
        while page.utf8.count < 10_000_000 { page += row }
        page += "</table></body></html>"
        let path = try tmp.write("big.xls", page)
        let clock = ContinuousClock()
        let started = clock.now
        let reader = try WorkbookReader.open(path: path)
        let report = try SheetToCSV.convert(reader, sheet: try reader.defaultSheet(), outputPath: tmp.path("o.csv"))
        #expect(report.columns == 20)
        #expect(report.rows > 40_000)
        #expect(clock.now - started < .seconds(20))
    }

    /// XML Spreadsheet 2003 with a DTD and entities (billion laughs): refused, nothing expanded.
    @Test func spreadsheetMLWithEntities() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let path = try tmp.write(
            "e.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
            <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&b;</Data></Cell></Row></Table></Worksheet>
            </Workbook>
            """)
        #expect(throws: SpreadsheetError.self) { _ = try WorkbookReader.open(path: path) }
        do {
            _ = try WorkbookReader.open(path: path, displayName: "e.xml")
        } catch let error as SpreadsheetError {
            #expect(error.codeName == "hostile-input", "\(error)")
        }
    }
}

/// Random damage to real .xls, HTML and XML Spreadsheet 2003 files (a fixed seed, so a failure reproduces): every
/// variant is read or refused with a `SpreadsheetError`, never a trap, each in bounded time. `LEGACY_FUZZ_ROUNDS=N`
/// runs more than the 150 a file.
@Suite struct LegacyFuzzTests {
    @Test(arguments: [
        "xlwt-types", "lo-basic-shared", "lo-merged", "xlwt-long-sst", "html-java-gbk", "html-excel-classes",
        "xml2003-merged-dates",
    ])
    func damagedCopiesNeverTrap(_ name: String) throws {
        let original = try FileBytes.read(try LegacyFixtureTests.input(name))
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        var random = SplitMix(seed: 14)
        let clock = ContinuousClock()
        let rounds = Int(ProcessInfo.processInfo.environment["LEGACY_FUZZ_ROUNDS"] ?? "") ?? 150
        for round in 0..<rounds {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 8)) {
                let at = Int(random.next() % UInt64(bytes.count))
                // Mostly single bytes; sometimes a whole little-endian word set to an extreme.
                if random.next() % 4 == 0, at + 4 <= bytes.count {
                    let extreme: [UInt8] =
                        random.next() % 2 == 0 ? [0xFF, 0xFF, 0xFF, 0xFF] : [0xFE, 0xFF, 0xFF, 0x7F]
                    bytes.replaceSubrange(at..<at + 4, with: extreme)
                } else {
                    bytes[at] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            if random.next() % 10 == 0 { bytes.removeLast(Int(random.next() % UInt64(bytes.count / 2))) }
            let path = try tmp.write("f\(round).xls", bytes: bytes)
            let started = clock.now
            do {
                let reader = try WorkbookReader.open(path: path)
                for sheet in reader.sheets {
                    _ = try SheetToCSV.convert(reader, sheet: sheet, outputPath: tmp.path("o.csv"))
                }
            } catch is SpreadsheetError {
                // refused: fine
            }
            #expect(clock.now - started < .seconds(20), "round \(round)")
        }
    }
}
