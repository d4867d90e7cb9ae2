import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi office-stats`: part 1 of the form (工作机构、工作人员及经费), entered by hand per period.
struct OfficeStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office-stats", abstract: "Enter part 1 of the statistics form (工作机构、工作人员及经费) for a period.",
        discussion: ExitStatus.help, subcommands: [Set.self, Import.self, Show.self])

    struct Common: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Option(help: "The period: 2026H1 or 2026.") var period: String

        func definition() throws -> ReportDefinition {
            try ReportDefinition.load(layoutPath: try store.reference().folder + "/reports/安置帮教工作统计表-v1.layout")
        }

        func check(_ period: String) throws -> ReportPeriod {
            guard let p = ReportPeriod(period) else { throw ValidationError("--period is 2026H1 or 2026, found '\(period)'") }
            return p
        }

        /// Checks a row and item against the layout and a value for a whole number ≥ 0.
        func entry(_ row: String, _ item: String, _ value: String, _ d: ReportDefinition) throws -> (row: String, item: String, value: Int) {
            guard d.part1Rows.contains(row) else { throw ValidationError("row '\(row)' is not one of \(d.part1Rows.joined(separator: ", "))") }
            guard d.part1Items.contains(item) else { throw ValidationError("item '\(item)' is not one of \(d.part1Items.joined(separator: ", "))") }
            guard let n = Int(value), n >= 0 else { throw ValidationError("\(row).\(item): expected a whole number ≥ 0, found '\(value)'") }
            return (row, item, n)
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set figures: ROW.ITEM=VALUE, e.g. 司法所.专职人员=3.", discussion: ExitStatus.help)
        @OptionGroup var common: Common
        @Argument(help: "ROW.ITEM=VALUE assignments.") var assignments: [String]

        func run() throws {
            try Exit.run {
                let period = try common.check(common.period)
                let d = try common.definition()
                let entries = try assignments.map { a -> (row: String, item: String, value: Int) in
                    let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
                    let key = parts.first?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
                    guard parts.count == 2, key.count == 2 else { throw ValidationError("expected ROW.ITEM=VALUE, found '\(a)'") }
                    return try common.entry(key[0], key[1], parts[1], d)
                }
                try common.store.open().setOfficeStats(period: period.description, entries)
                Console.out("set \(entries.count) figures for \(period)")
                return 0
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Read the figures from a small sheet: rows in column A, items in the header row.", discussion: ExitStatus.help)
        @OptionGroup var common: Common
        @Argument(help: "An XLSX or CSV file.") var file: String

        func run() throws {
            try Exit.run {
                let period = try common.check(common.period)
                let d = try common.definition()
                var grid: [[String]] = []
                if file.lowercased().hasSuffix(".csv") {
                    let csv = try CSVReader(path: file)
                    while let r = try csv.next() { grid.append(r.fields) }
                } else {
                    let x = try XLSXReader(path: file)
                    let rows = try x.rows(of: try x.defaultSheet())
                    while let r = try rows.next() {
                        let width = r.cells.last?.column ?? 0
                        grid.append((0..<width).map { CellText.string(r[$0 + 1]) })
                    }
                }
                guard let headerIndex = grid.firstIndex(where: { row in row.contains { d.part1Items.contains($0) } }) else {
                    throw ValidationError("\(file): no header row naming any of \(d.part1Items.joined(separator: ", "))")
                }
                let header = grid[headerIndex]
                var entries: [(row: String, item: String, value: Int)] = []
                for row in grid[(headerIndex + 1)...] where !row.isEmpty && d.part1Rows.contains(row[0]) {
                    for (i, item) in header.enumerated() where i > 0 && i < row.count && d.part1Items.contains(item) && !row[i].isEmpty {
                        entries.append(try common.entry(row[0], item, row[i], d))
                    }
                }
                try common.store.open().setOfficeStats(period: period.description, entries)
                Console.out("set \(entries.count) figures for \(period) from \(file)")
                return 0
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the figures of a period.", discussion: ExitStatus.help)
        @OptionGroup var common: Common

        func run() throws {
            try Exit.run {
                let period = try common.check(common.period)
                let d = try common.definition()
                let stats = try common.store.open().officeStats(period: period.description)
                Console.out((["项目"] + d.part1Items).joined(separator: "\t"))
                for row in d.part1Rows {
                    Console.out(([row] + d.part1Items.map { String(stats[row]?[$0] ?? 0) }).joined(separator: "\t"))
                }
                return 0
            }
        }
    }
}
