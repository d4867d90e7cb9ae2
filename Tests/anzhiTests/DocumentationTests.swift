import Foundation
import Testing

/// DIAGNOSTICS.md lists every rule id and error code the code can emit, and nothing else.
@Suite struct DocumentationTests {
    static let root = CLI.packageRoot

    /// Every `.swift` file under Sources, as text.
    static func sources() throws -> [String] {
        let base = root.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".swift")
            } ?? []
        return try files.map { try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8) }
    }

    /// Matches of `pattern`'s first group in `text`.
    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test func everyRuleIDIsDocumentedAndEveryDocumentedOneIsEmitted() throws {
        // Code only: comments describe formats with placeholder rule names.
        let code = try DocumentationTests.sources().joined(separator: "\n").split(separator: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
        var emitted = Set<String>()
        for pattern in [
            #"Diagnostic\(\s*\.(?:error|warning|note),\s*"([a-z0-9-]+)""#,
            #"report\(\s*\.(?:error|warning|note),\s*"([a-z0-9-]+)""#,
            #"(?:error|warning)(?:\.word\))?: \[([a-z0-9-]+)\]"#,
            #"case \.[a-zA-Z]+(?:, \.[a-zA-Z]+)*: return "(id-[a-z0-9-]+)""#,
        ] {
            emitted.formUnion(try DocumentationTests.matches(pattern, in: code))
        }
        #expect(emitted.count > 30, "the patterns still find the rules")
        let doc = try String(
            contentsOf: DocumentationTests.root.appendingPathComponent("DIAGNOSTICS.md"), encoding: .utf8)
        let rules = doc.components(separatedBy: "## Thrown errors").first ?? doc
        let documented = Set(try DocumentationTests.matches(#"(?m)^\| `([a-z0-9-]+)` \|"#, in: rules))
        #expect(emitted.subtracting(documented).sorted() == [], "emitted but not in DIAGNOSTICS.md")
        #expect(documented.subtracting(emitted).sorted() == [], "in DIAGNOSTICS.md but never emitted")
    }

    @Test func everyErrorCodeIsDocumented() throws {
        var codes = Set<String>()
        for text in try DocumentationTests.sources() {
            // Each error type's codes: `public static let x = SomethingErrorCode("the-code")`.
            codes.formUnion(try DocumentationTests.matches(#"ErrorCode\("([a-z0-9-]+)"\)"#, in: text))
            codes.formUnion(try DocumentationTests.matches(#"CommandError\(\s*codeName:\s*"([a-z0-9-]+)""#, in: text))
        }
        #expect(
            codes.contains("not-a-database") && codes.contains("legacy-xls") && codes.contains("templates-not-found"))
        let doc = try String(
            contentsOf: DocumentationTests.root.appendingPathComponent("DIAGNOSTICS.md"), encoding: .utf8)
        let table = doc.components(separatedBy: "## Thrown errors").last ?? ""
        let documented = Set(try DocumentationTests.matches(#"`([a-z0-9-]+)`"#, in: table))
        #expect(codes.subtracting(documented).sorted() == [], "thrown but not in DIAGNOSTICS.md")
        #expect(documented.subtracting(codes).sorted() == [], "in DIAGNOSTICS.md but never thrown")
    }
}
