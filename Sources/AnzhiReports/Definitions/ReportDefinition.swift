import Foundation
import Spreadsheet

/// One indicator of a report definition (`Templates/reports/*.csv`).
public struct Indicator: Sendable, Hashable {
    public enum Kind: String, Sendable { case count, visits, formula, rate }

    public let id: String
    public let label: String
    public let kind: Kind
    public let condition: String
    public let formula: String
    /// For rates: whether a numerator above the denominator is a data error.
    public let checkSubset: Bool
    /// The total this indicator is a split of.
    public let parent: String?
    public let part: String
    public let shown: Bool
}

/// A report definition: indicators as data, and the layout text that renders them.
public struct ReportDefinition: Sendable {
    public let indicators: [Indicator]
    public let layout: [String: String]

    /// The definition's name and version (layout keys `id` and `version`): reports of different definitions or
    /// versions are never summed.
    public var id: String { layout["id"] ?? "安置帮教工作统计表" }
    public var version: String { layout["version"] ?? "1" }

    /// Rows and items of part 1 (hand-entered figures), from the layout.
    public var part1Rows: [String] { layout["part1.rows"].map { $0.split(separator: ",").map(String.init) } ?? [] }
    public var part1Items: [String] { layout["part1.items"].map { $0.split(separator: ",").map(String.init) } ?? [] }

    /// Loads a layout file (`key = value` lines) and the definition CSV it names.
    /// - Throws: `ReportError` for a missing file or a malformed line.
    public static func load(layoutPath: String) throws -> ReportDefinition {
        guard let text = try? String(contentsOfFile: layoutPath, encoding: .utf8) else {
            throw ReportError("cannot read the report layout '\(layoutPath)'")
        }
        var layout: [String: String] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else { throw ReportError("\(layoutPath):\(n + 1): expected 'key = value'") }
            layout[line[..<eq].trimmingCharacters(in: .whitespaces)] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        guard let definitions = layout["definitions"] else { throw ReportError("\(layoutPath): no 'definitions = FILE' line") }
        let folder = (layoutPath as NSString).deletingLastPathComponent
        let reader = try CSVReader(path: folder + "/" + definitions, encoding: .utf8)
        guard let header = try reader.next()?.fields else { throw ReportError("\(definitions): empty") }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else { throw ReportError("\(definitions): no column '\(name)'") }
            return i
        }
        let id = try column("id"), label = try column("label"), kind = try column("kind"), condition = try column("condition")
        let formula = try column("formula"), check = try column("check"), parent = try column("parent")
        let part = try column("part"), show = try column("show")
        var indicators: [Indicator] = []
        while let r = try reader.next() {
            guard r.count >= header.count, !r[id].isEmpty else { continue }
            guard let k = Indicator.Kind(rawValue: r[kind]) else {
                throw ReportError("\(definitions):\(r.line): kind must be count, visits, formula or rate, found '\(r[kind])'")
            }
            indicators.append(Indicator(id: r[id], label: r[label], kind: k, condition: r[condition], formula: r[formula],
                                        checkSubset: r[check] == "subset", parent: r[parent].isEmpty ? nil : r[parent],
                                        part: r[part], shown: r[show] != "0"))
        }
        return ReportDefinition(indicators: indicators, layout: layout)
    }
}

/// A problem with a report definition or its inputs.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
