import Foundation
import Testing

@testable import Spreadsheet

@Suite struct CSVReaderTests {
    func records(_ text: String, encoding: CSVEncodingChoice = .auto) throws -> [[String]] {
        try records(bytes: Array(text.utf8), encoding: encoding).map(\.fields)
    }

    func records(bytes: [UInt8], encoding: CSVEncodingChoice = .auto) throws -> [CSVRecord] {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let reader = try CSVReader(
            path: try tmp.write("in.csv", bytes: bytes), displayName: "in.csv", encoding: encoding)
        var all: [CSVRecord] = []
        while let r = try reader.next() { all.append(r) }
        return all
    }

    @Test func rfc4180Quoting() throws {
        let text = "a,\"b,c\",\"say \"\"hi\"\"\"\n\"multi\nline\",,x\n"
        #expect(try records(text) == [["a", "b,c", "say \"hi\""], ["multi\nline", "", "x"]])
    }

    @Test func lineEndingsAndLineNumbers() throws {
        let all = try records(bytes: Array("h1,h2\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r6,7".utf8))
        #expect(all.map(\.fields) == [["h1", "h2"], ["1", "2"], ["x\r\ny", "3"], ["4", "5"], ["6", "7"]])
        #expect(all.map(\.line) == [1, 2, 3, 5, 6])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try records(bytes: [0xEF, 0xBB, 0xBF] + Array("姓名,年龄\n".utf8)).map(\.fields) == [["姓名", "年龄"]])
    }

    @Test func emptyFieldsAndBlankLines() throws {
        #expect(try records(",,\n\nx\n") == [["", "", ""], [""], ["x"]])
    }

    @Test func gb18030IsDetectedAndDecoded() throws {
        // 张三,身份证 𠀀 (U+20000 needs a 4-byte GB18030 sequence)
        let text = "姓名,备注\n张三,𠀀\n"
        guard case .success(let gb) = TextEncoding.utf8ToGB18030(Array(text.utf8)) else {
            Issue.record("iconv cannot encode GB18030")
            return
        }
        #expect(gb != Array(text.utf8))
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let reader = try CSVReader(path: try tmp.write("gb.csv", bytes: gb))
        #expect(reader.encoding == .gb18030 && reader.encodingWasDetected)
        var fields: [[String]] = []
        while let r = try reader.next() { fields.append(r.fields) }
        #expect(fields == [["姓名", "备注"], ["张三", "𠀀"]])
    }

    @Test func validUTF8IsNotTakenForGB18030() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let reader = try CSVReader(path: try tmp.write("u.csv", "姓名\n张三\n"))
        #expect(reader.encoding == .utf8)
    }

    /// Each malformed input with the exact message and location it must produce.
    @Test(arguments: [
        ("a,\"open\nb\n", "the quoted field that starts here is never closed (missing closing quote)", 1, 3),
        ("a,b\nx,\"q\"z\n", "expected a separator or the end of the line after the closing quote, found 'z'", 2, 6),
        (
            "a,b\n中文x\"y,1\n", "a quote inside an unquoted field; quote the whole field and double the quote (\"\")", 2,
            4
        ),
    ])
    func malformedCSVIsALocatedError(text: String, message: String, line: Int, column: Int) throws {
        #expect {
            _ = try records(text)
        } throws: { error in
            guard let e = error as? SpreadsheetError else { return false }
            return e.code == .malformedCSV && e.message == message && e.location?.row == line
                && e.location?.column == column && e.location?.file == "in.csv"
        }
    }

    @Test func invalidBytesForTheChosenEncodingAreLocated() throws {
        // Valid GB18030 is not valid UTF-8: forcing UTF-8 must fail on line 2.
        let gb = try TextEncoding.utf8ToGB18030(Array("ok\n张三\n".utf8)).get()
        #expect {
            _ = try records(bytes: gb, encoding: .utf8)
        } throws: { error in
            let e = error as? SpreadsheetError
            return e?.code == .encoding && e?.location?.row == 2 && e?.message.contains("not valid UTF-8") == true
        }
        // A lone 0xFF is invalid in GB18030 too.
        #expect {
            _ = try records(bytes: Array("a\nb".utf8) + [0xFF], encoding: .gb18030)
        } throws: { error in
            let e = error as? SpreadsheetError
            return e?.code == .encoding && e?.location?.row == 2 && e?.message.contains("GB18030") == true
        }
    }
}

@Suite struct CSVWriterTests {
    func written(_ records: [[CSVValue]], dialect: CSVDialect) throws -> [UInt8] {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let w = try CSVWriter(path: tmp.path("o.csv"), dialect: dialect)
        for r in records { try w.writeRecord(r) }
        try w.close()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: tmp.path("o.csv"))))
    }

    @Test func plainDialect() throws {
        let out = try written([[.text("a,b"), .text("q\"x"), .text("line\nbreak"), .number("-5")]], dialect: .plain)
        #expect(String(decoding: out, as: UTF8.self) == "\"a,b\",\"q\"\"x\",\"line\nbreak\",-5\n")
    }

    @Test func excelDialectHasBOMCRLFAndGuard() throws {
        let out = try written(
            [[.text("=SUM(A1)"), .text("+1"), .text("-x"), .text("@a"), .text("\tt"), .number("-5"), .text("中")]],
            dialect: .excel)
        #expect(Array(out.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: out.dropFirst(3), as: UTF8.self) == "'=SUM(A1),'+1,'-x,'@a,'\tt,-5,中\r\n")
    }

    @Test func gb18030Output() throws {
        var dialect = CSVDialect.plain
        dialect.encoding = .gb18030
        let out = try written([[.text("张三"), .text("𠀀")]], dialect: dialect)
        let expected = try TextEncoding.utf8ToGB18030(Array("张三,𠀀\n".utf8)).get()
        #expect(out == expected)
        guard case .success(let back) = TextEncoding.gb18030ToUTF8(out) else {
            Issue.record("not GB18030")
            return
        }
        #expect(String(decoding: back, as: UTF8.self) == "张三,𠀀\n")
    }
}

@Suite struct TypeInferenceTests {
    @Test(arguments: [
        ("42", CellValue.number(42)), ("-5", .number(-5)), ("0", .number(0)), ("0.5", .number(0.5)),
        ("3.14", .number(3.14)), ("123456789012345", .number(123_456_789_012_345)),
        ("1234567890123456", .text("1234567890123456")),
        ("110105194912310025", .text("110105194912310025")),
        ("0123", .text("0123")), ("13812345678", .number(13_812_345_678)),
        ("1e5", .text("1e5")), ("1.", .text("1.")), (".5", .text(".5")), ("-", .text("-")),
        ("+5", .text("+5")), (" 5", .text(" 5")), ("1,000", .text("1,000")),
        ("2026-03-05", .date(CivilDate(year: 2026, month: 3, day: 5)!)),
        ("2026-02-30", .text("2026-02-30")), ("2026/03/05", .text("2026/03/05")), ("2026-3-5", .text("2026-3-5")),
        ("", .text("")), ("张三", .text("张三")),
    ])
    func inference(field: String, expected: CellValue) {
        #expect(CSVToSheet.infer(field) == expected)
    }
}

/// The reader streams in chunks: records, quotes, CRLF pairs and multi-byte characters cut at every place
/// must read exactly as when the file is read in one piece.
@Suite struct CSVChunkBoundaryTests {
    static let text = "姓名,备注,代码\r\n张三,\"多行\r\n文本, 含逗号\",001\r\n\"引号\"\"内\",𠀀𠀁,\r\n李四,,\"\"\r\nx,y,z"

    func read(_ bytes: [UInt8], encoding: CSVEncodingChoice, chunk: Int) throws -> ([[String]], [Int], TextEncoding) {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let r = try CSVReader(
            path: try tmp.write("c.csv", bytes: bytes), displayName: "c.csv", encoding: encoding,
            delimiter: UInt8(ascii: ","), chunkSize: chunk)
        var fields: [[String]] = []
        var lines: [Int] = []
        while let rec = try r.next() {
            fields.append(rec.fields)
            lines.append(rec.line)
        }
        return (fields, lines, r.encoding)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 11, 64, 1 << 20])
    func everyChunkSizeReadsTheSame(chunk: Int) throws {
        let expected: [[String]] = [
            ["姓名", "备注", "代码"], ["张三", "多行\r\n文本, 含逗号", "001"], ["引号\"内", "𠀀𠀁", ""], ["李四", "", ""], ["x", "y", "z"],
        ]
        let utf8 = try read(Array(CSVChunkBoundaryTests.text.utf8), encoding: .auto, chunk: chunk)
        #expect(utf8.0 == expected && utf8.1 == [1, 2, 4, 5, 6] && utf8.2 == .utf8)
        let gb = try TextEncoding.utf8ToGB18030(Array(CSVChunkBoundaryTests.text.utf8)).get()
        let gbRead = try read(gb, encoding: .auto, chunk: chunk)
        #expect(gbRead.0 == expected && gbRead.1 == [1, 2, 4, 5, 6] && gbRead.2 == .gb18030)
    }

    @Test(arguments: [1, 3, 1 << 20])
    func anInvalidByteIsLocatedWhateverTheChunk(chunk: Int) throws {
        let bytes = Array("ok,1\nfine,2\nbad,".utf8) + [0xFF] + Array("\n".utf8)
        #expect {
            _ = try read(bytes, encoding: .utf8, chunk: chunk)
        } throws: { error in
            let e = error as? SpreadsheetError
            return e?.code == .encoding && e?.location?.row == 3
                && e?.message.hasPrefix("the bytes at line 3, byte 5 of the line (FF 0A) are not valid UTF-8") == true
        }
    }
}
