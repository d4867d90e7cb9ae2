import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi report`: the 安置帮教工作统计表 for a period (rendered by default), its submission to the superior and
/// the superior's decision.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The 安置帮教工作统计表: render it (the default), submit it to the superior, see the decision.",
        discussion: """
            Examples: anzhi report --period 2026H1 -o 半年报.xlsx; anzhi report submit --period 2026H1; \
            anzhi report status --period 2026H1

            """ + ExitStatus.help,
        subcommands: [Render.self, ReportSubmit.self, ReportStatus.self],
        defaultSubcommand: Render.self)
}

/// Which report an office makes: a leadership office with enrolled subordinates aggregates their approved
/// submissions; any other office (or `--from-register`) computes from its own register.
struct ReportSource {
    let report: Report
    let base: BaseCounts
    let aggregated: AggregatedReport?
    let lists: [(name: String, people: [StoredPerson])]

    static func make(
        _ db: Store, reference: ReferenceData, definition: ReportDefinition, period: ReportPeriod,
        lists: [(name: String, condition: String)] = [], fromRegister: Bool = false, json: Bool = false
    ) throws -> ReportSource {
        let engine = ReportEngine(store: db, reference: reference)
        let office = try db.office()
        if !fromRegister, office.level.isLeadership, try !Hierarchy.subordinates(of: db).isEmpty {
            let a = try Hierarchy.aggregate(engine: engine, definition: definition, period: period)
            return ReportSource(report: a.report, base: a.base, aggregated: a, lists: [])
        }
        let progress = ProgressLine("progress.report", total: try db.counts().people, json: json)
        let (base, people) = try engine.scan(definition, period: period, lists: lists) { progress?.update($0) }
        progress?.finish()
        let report = try ReportEngine.finish(
            definition, period: period, office: office, base: base,
            part1: try db.officeStats(period: period.description))
        return ReportSource(report: report, base: base, aggregated: nil, lists: people)
    }

    /// The sheets an aggregate adds: 对照 (the cross-check) and 报送情况 (each subordinate's state).
    func sheets(today: CivilDate) -> [(name: String, header: [String], rows: [[String]])] {
        guard let a = aggregated else { return [] }
        return [
            ("对照", AggregatedReport.crossCheckHeader, a.crossCheck),
            ("报送情况", ReviewCommand.header, a.states.map { ReviewCommand.row($0, today: today) }),
        ]
    }
}

extension ReportCommand {
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Compute the 安置帮教工作统计表 (半年报 2026H1, 全年报 2026) and render it.",
            discussion: """
                A leadership office with enrolled subordinates renders one row per direct subordinate from its latest \
                approved submission, a 本级 row for its own assignment queue and 合计 (rates recomputed from the summed \
                counts); the form says 未完成 and names who is missing, and sheets 对照 and 报送情况 compare and list. \
                `--from-register` computes from the office's own register instead.
                Example: anzhi report --period 2026H1 -o 半年报.xlsx --details
                Exit status: 0 when every check passes, 1 when the check section lists data errors, 2 on failure, 64 a \
                usage error (swift-argument-parser's convention).
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "The period: 2026H1 (1 Jan – 30 Jun) or 2026 (the year).") var period: String
        @Option(name: .shortAndLong, help: "The file to write: .xlsx (the form) or .csv (long format).") var output:
            String?
        @Flag(help: "Print the values as JSON on standard output.") var json = false
        @Flag(help: "Add sheets listing the people behind 未衔接, 未安置, 脱管 and 待核实 (XLSX).") var details = false
        @Option(help: "Encoding of CSV output: utf-8 (with BOM, CRLF) or gb18030.") var encoding: TextEncoding = .utf8
        @Option(help: "The report layout file (default: Templates/reports/安置帮教工作统计表-v1.layout).") var layout: String?
        @Flag(name: .customLong("from-register"), help: "At a leadership office: compute from its own register.")
        var fromRegister = false
        @Flag(name: .customLong("no-charts"), help: "Leave out the sheet 图表 of a leadership office's form.")
        var noCharts = false

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
                // The lists behind the figures (--details) come from the same scan as the figures.
                let lists =
                    details && !(output ?? "").lowercased().hasSuffix(".csv")
                    ? definition.layout.keys.filter { $0.hasPrefix("details.") }.sorted().map {
                        (name: String($0.dropFirst("details.".count)), condition: definition.layout[$0]!)
                    } : []
                let source = try ReportSource.make(
                    db, reference: reference, definition: definition, period: ReportPeriod(period)!, lists: lists,
                    fromRegister: fromRegister, json: json)
                let report = source.report
                let sheets = source.lists
                if let output {
                    if output.lowercased().hasSuffix(".csv") {
                        if details {
                            Console.err(L("report.details-csv"))
                        }
                        var dialect = CSVDialect.excel
                        dialect.encoding = encoding
                        try ReportFormats.writeCSV(report, to: output, dialect: dialect)
                    } else {
                        // A leadership form carries charts, with the periods before it that have approved reports.
                        let charts = source.aggregated != nil && !noCharts
                        let trend =
                            charts
                            ? try ReportPeriod(period)!.earlier(4).filter {
                                try !db.submissions(incoming: true, period: $0.description).isEmpty
                            }.map {
                                try ReportSource.make(db, reference: reference, definition: definition, period: $0)
                                    .report
                            } : []
                        try ReportFormats.writeXLSX(
                            report, to: output, today: Today.date(),
                            form: FormSettings(stored: try db.formSettings()), details: sheets,
                            sheets: source.sheets(today: Today.date()), charts: charts, trend: trend)
                    }
                }
                if json { Console.out(try ReportFormats.json(report)) }
                let failed = report.checks.filter { !$0.passed }
                for c in failed {
                    Console.err(
                        "\(c.unit.code) \(c.unit.name): \(Diagnostic.Severity.error.word): [report-check] \(c.message)")
                }
                if let p = report.provisional {
                    Console.err(
                        "\(Diagnostic.Severity.warning.word): [report-incomplete] "
                            + L("report.incomplete", "missing", p))
                }
                if let output {
                    Console.err(
                        L(
                            "report.written", "file", output, "rows", report.units.count, "passed",
                            report.checks.count - failed.count, "checks", report.checks.count)
                    )
                }
                return failed.isEmpty ? 0 : 1
            }
        }
    }
}
