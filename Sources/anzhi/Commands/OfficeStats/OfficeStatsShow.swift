import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension OfficeStatsCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: L("help.office-stats.show.abstract"),
            discussion: HelpText.discussion("help.office-stats.show.discussion"))
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
