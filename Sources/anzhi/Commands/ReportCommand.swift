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
        abstract: L("help.report.abstract"),
        discussion: HelpText.discussion("help.report.discussion"),
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
        let progress = ProgressLine("progress.report", json: json) { try? db.counts().people }
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
            abstract: L("help.report.render.abstract"),
            discussion: HelpText.discussion("help.report.render.discussion", exitStatus: false))

        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp(L("help.report.render.period"))) var period: String
        @Option(name: .shortAndLong, help: ArgumentHelp(L("help.report.render.output"))) var output: String?
        @Flag(help: ArgumentHelp(L("help.report.render.json"))) var json = false
        @Flag(help: ArgumentHelp(L("help.report.render.details"))) var details = false
        @Option(help: ArgumentHelp(L("help.report.render.encoding"))) var encoding: TextEncoding = .utf8
        @Option(help: ArgumentHelp(L("help.common.layout"))) var layout: String?
        @Flag(name: .customLong("from-register"), help: ArgumentHelp(L("help.report.render.from-register")))
        var fromRegister = false
        @Flag(name: .customLong("no-charts"), help: ArgumentHelp(L("help.report.render.no-charts")))
        var noCharts = false

        func validate() throws {
            guard ReportPeriod(period) != nil else {
                throw ValidationError(L("usage.period", "period", period))
            }
            if output == nil && !json { throw ValidationError(L("usage.report.output-or-json")) }
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
