import Foundation
public import Spreadsheet

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
    /// Where the condition is written (the definition file, its line and the condition's column), for errors.
    public var source: InputLocation?
}

/// A report definition: indicators as data, and the layout text that renders them.
public struct ReportDefinition: Sendable {
    public let indicators: [Indicator]
    public let layout: [String: String]
    /// Where each layout key is written (the layout file and line), for errors in the conditions it holds.
    public var layoutSources: [String: InputLocation] = [:]

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
        let text: String
        do {
            text = try String(contentsOfFile: layoutPath, encoding: .utf8)
        } catch {
            throw ReportError(
                .definition, key: "error.definition.layout", location: InputLocation(file: layoutPath),
                cause: error)
        }
        var layout: [String: String] = [:]
        var sources: [String: InputLocation] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let here = InputLocation(file: layoutPath, row: n + 1)
            guard let eq = line.firstIndex(of: "=") else {
                throw ReportError(.definition, key: "error.definition.line", location: here)
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            layout[key] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sources[key] = here
        }
        guard let definitions = layout["definitions"] else {
            throw ReportError(
                .definition, key: "error.definition.definitions", location: InputLocation(file: layoutPath))
        }
        let folder = (layoutPath as NSString).deletingLastPathComponent
        let definitionsPath = folder + "/" + definitions
        let reader = try CSVReader(path: definitionsPath, encoding: .utf8)
        guard let header = try reader.next()?.fields else {
            throw ReportError(
                .definition, key: "error.definition.empty", location: InputLocation(file: definitionsPath))
        }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw ReportError(
                    .definition, key: "error.definition.column", ["name": "\(name)"],
                    location: InputLocation(file: definitionsPath, row: 1))
            }
            return i
        }
        let id = try column("id")
        let label = try column("label")
        let kind = try column("kind")
        let condition = try column("condition")
        let formula = try column("formula")
        let check = try column("check")
        let parent = try column("parent")
        let part = try column("part")
        let show = try column("show")
        var indicators: [Indicator] = []
        while let r = try reader.next() {
            guard r.count >= header.count, !r[id].isEmpty else { continue }
            guard let k = Indicator.Kind(rawValue: r[kind]) else {
                throw ReportError(
                    .definition, key: "error.definition.kind", ["found": "\(r[kind])"],
                    location: InputLocation(file: definitionsPath, row: r.line, column: kind + 1, columnName: "kind"))
            }
            indicators.append(
                Indicator(
                    id: r[id], label: r[label], kind: k, condition: r[condition], formula: r[formula],
                    checkSubset: r[check] == "subset", parent: r[parent].isEmpty ? nil : r[parent],
                    part: r[part], shown: r[show] != "0",
                    source: InputLocation(
                        file: definitionsPath, row: r.line, column: condition + 1,
                        columnName: "condition")))
        }
        var definition = ReportDefinition(indicators: indicators, layout: layout)
        definition.layoutSources = sources
        return definition
    }
}

/// A report definition that cannot be used, a report that cannot be read, or a formula that does not work.
public typealias ReportError = CodedError<ReportErrorCode>

/// The codes of `ReportError`.
public struct ReportErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears in messages, JSON and DIAGNOSTICS.md.
    public let description: String
    private init(_ description: String) { self.description = description }

    /// The layout or definition file is missing or malformed.
    public static let definition = ReportErrorCode("definition")
    /// A condition does not parse or names an unknown field.
    public static let condition = ReportErrorCode("condition")
    /// A formula or rate names an indicator not defined before it.
    public static let formula = ReportErrorCode("formula")
    /// A period that is not `2026H1` or `2026`.
    public static let period = ReportErrorCode("period")
    /// A report made with another definition or version.
    public static let incompatible = ReportErrorCode("incompatible")
    /// A part-1 figure that names no row or item of the form, or is not a whole number ≥ 0.
    public static let figures = ReportErrorCode("figures")
}
