import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi report`: the 安置帮教工作统计表 for a period, as XLSX, CSV or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Compute the 安置帮教工作统计表 (半年报 2026H1, 全年报 2026) and render it.",
        discussion: """
            Example: anzhi report --period 2026H1 -o 半年报.xlsx --details
            Exit status: 0 when every check passes, 1 when the check section lists data errors, 2 on failure, 64 a \
            usage error (swift-argument-parser's convention).
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "The period: 2026H1 (1 Jan – 30 Jun) or 2026 (the year).") var period: String
    @Option(name: .shortAndLong, help: "The file to write: .xlsx (the form) or .csv (long format).") var output: String?
    @Flag(help: "Print the values as JSON on standard output.") var json = false
    @Flag(help: "Add sheets listing the people behind 未衔接, 未安置, 脱管 and 待核实 (XLSX).") var details = false
    @Option(help: "Encoding of CSV output: utf-8 (with BOM, CRLF) or gb18030.") var encoding: TextEncoding = .utf8
    @Option(help: "The report layout file (default: Templates/reports/安置帮教工作统计表-v1.layout).") var layout: String?

    func validate() throws {
        guard ReportPeriod(period) != nil else {
            throw ValidationError("--period is 2026H1 or 2026, found '\(period)'")
        }
        if output == nil && !json { throw ValidationError("give -o FILE (.xlsx or .csv), --json, or both") }
        if let output { try OutputPath.check(output, accepted: ["xlsx", "csv"], database: store.path) }
    }

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let reference = try store.reference()
            let layoutPath = layout ?? reference.folder + "/reports/安置帮教工作统计表-v1.layout"
            let definition = try ReportDefinition.load(layoutPath: layoutPath)
            let engine = ReportEngine(store: db, reference: reference)
            // The lists behind the figures (--details) come from the same scan as the figures.
            let lists =
                details && !(output ?? "").lowercased().hasSuffix(".csv")
                ? definition.layout.keys.filter { $0.hasPrefix("details.") }.sorted().map {
                    (name: String($0.dropFirst("details.".count)), condition: definition.layout[$0]!)
                } : []
            let (report, sheets) = try engine.compute(definition, period: ReportPeriod(period)!, lists: lists)
            if let output {
                if output.lowercased().hasSuffix(".csv") {
                    if details {
                        Console.err("note: --details adds sheets to an XLSX form; it is ignored for CSV output")
                    }
                    var dialect = CSVDialect.excel
                    dialect.encoding = encoding
                    try ReportFormats.writeCSV(report, to: output, dialect: dialect)
                } else {
                    try ReportFormats.writeXLSX(report, to: output, today: Today.date(), details: sheets)
                }
            }
            if json { Console.out(try ReportFormats.json(report)) }
            let failed = report.checks.filter { !$0.passed }
            for c in failed { Console.err("\(c.unit.code) \(c.unit.name): error: [report-check] \(c.message)") }
            if let output {
                Console.err(
                    "wrote \(output): \(report.units.count) rows, \(report.checks.count - failed.count)/\(report.checks.count) checks passed"
                )
            }
            return failed.isEmpty ? 0 : 1
        }
    }
}
