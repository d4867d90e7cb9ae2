import Foundation
import Testing

@testable import AnzhiExchange

/// The splitter that keeps each report of `payload/reports.json` as the bytes it came in.
@Suite struct JSONArrayTests {
    func split(_ text: String) -> [String] {
        JSONArray.elements(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func elementsKeepTheirBytesWithStringsAndNestingRespected() {
        let elements = split(#"[{"a":"x,]}"},{"b":[1,{"c":"\"]"}]}, 3 ]"#)
        #expect(elements == [#"{"a":"x,]}"}"#, #"{"b":[1,{"c":"\"]"}]}"#, " 3 "])
        #expect(split("[]") == [] && split(" [ ] ") == [])
        #expect(split(#"{"a":1}"#) == [], "an object is not an array of reports")
        #expect(split("[1,2") == ["1"], "a cut array yields what is complete")
    }
}
