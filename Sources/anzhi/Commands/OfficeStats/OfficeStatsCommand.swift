import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi office-stats`: part 1 of the form (工作机构、工作人员及经费), entered by hand per period.
struct OfficeStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office-stats", abstract: L("help.office-stats.abstract"),
        discussion: HelpText.discussion("help.office-stats.discussion"),
        subcommands: [Set.self, Import.self, Show.self])

    struct Common: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp(L("help.common.period"))) var period: String

        func definition() throws -> ReportDefinition {
            try ReportDefinition.load(layoutPath: try store.reference().folder + "/reports/安置帮教工作统计表-v1.layout")
        }

        func check(_ period: String) throws -> ReportPeriod {
            guard let p = ReportPeriod(period) else {
                throw ValidationError(L("usage.period", "period", period))
            }
            return p
        }
    }
}
