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
            guard let p = ReportPeriod(period) else {
                throw ValidationError("--period is 2026H1 or 2026, found '\(period)'")
            }
            return p
        }
    }
}
