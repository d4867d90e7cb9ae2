import Spreadsheet
import Testing

@testable import AnzhiExchange

/// The small CSV parts of a package (history, messages, notices): what parses, and what refuses the part.
@Suite struct PartCSVTests {
    func records(_ text: String, columns: Int = 3) throws -> [[String?]] {
        var out: [[String?]] = []
        try PartCSV.parse(
            Array(text.utf8), columns: columns, location: InputLocation(file: "p.zip", part: "payload/x.csv")
        ) { out.append($0) }
        return out
    }

    @Test func recordsRoundTripThroughTheWriter() throws {
        var bytes: [UInt8] = []
        PartCSV.append(["h1", "h2", "h3"], to: &bytes)
        PartCSV.append(["a", nil, "x,y"], to: &bytes)
        PartCSV.append(["引号\"", "多\n行", ""], to: &bytes)
        // An empty value is written unquoted, so it reads as none.
        #expect(
            try records(String(decoding: bytes, as: UTF8.self)) == [["a", nil, "x,y"], ["引号\"", "多\n行", nil]])
    }

    @Test func emptyLinesAndCarriageReturnsAreSkipped() throws {
        #expect(try records("h1,h2,h3\r\na,b,c\r\n\r\nd,e,f") == [["a", "b", "c"], ["d", "e", "f"]])
    }

    /// A record with too few or too many fields used to be skipped without a word; it now refuses the part, naming the
    /// line where the record starts (a quoted field may span lines).
    @Test(arguments: [
        ("h1,h2,h3\na,b,c\n\"two\nlines\",b,c\nshort,b\n", 5, 2),
        ("h1,h2,h3\na,b,c,d\n", 2, 4),
    ])
    func aRecordWithTheWrongNumberOfFieldsRefusesThePart(text: String, line: Int, found: Int) {
        do {
            _ = try records(text)
            Issue.record("parsed")
        } catch let error as PackageError {
            #expect(error.codeName == "part-altered")
            #expect(error.location == InputLocation(file: "p.zip", part: "payload/x.csv"))
            #expect(error.message.hasPrefix("line \(line) of the part has \(found) fields where 3 were expected"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func anUnterminatedQuoteRefusesThePart() {
        #expect(throws: PackageError.self) { try records("h1,h2,h3\na,\"b,c\n") }
    }
}
