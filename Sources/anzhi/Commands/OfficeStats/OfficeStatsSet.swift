import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension OfficeStatsCommand {
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: L("help.office-stats.set.abstract"),
            discussion: HelpText.discussion("help.office-stats.set.discussion"))
        @OptionGroup var common: Common
        @Argument(help: ArgumentHelp(L("help.office-stats.set.assignments"))) var assignments: [String]

        func run() throws {
            try Exit.run {
                let period = try common.check(common.period)
                let d = try common.definition()
                // The figures come from the command line: a wrong one is a usage error (64).
                let entries = try assignments.map { a in
                    do {
                        return try Part1Figures.entry(assignment: a, definition: d)
                    } catch let error as ReportError {
                        throw ValidationError(error.message)
                    }
                }
                try common.store.open().setOfficeStats(
                    period: period.description, entries.map { ($0.row, $0.item, $0.value) })
                Console.out(L("figures.set", "count", entries.count, "period", period))
                return 0
            }
        }
    }
}
