import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension OfficeStatsCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: L("help.office-stats.import.abstract"),
            discussion: HelpText.discussion("help.office-stats.import.discussion"))
        @OptionGroup var common: Common
        @Argument(help: ArgumentHelp(L("help.office-stats.import.file"))) var file: String

        func run() throws {
            try Exit.run {
                let period = try common.check(common.period)
                let d = try common.definition()
                let entries = try Part1Figures.read(file: file, definition: d)
                try common.store.open().setOfficeStats(
                    period: period.description, entries.map { ($0.row, $0.item, $0.value) })
                Console.out(L("figures.imported", "count", entries.count, "period", period, "file", file))
                return 0
            }
        }
    }
}
