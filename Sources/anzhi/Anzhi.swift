import ArgumentParser

/// The `anzhi` command: the engine of the 刑释解教人员信息管理系统 for one office.
@main
struct Anzhi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anzhi",
        abstract: "Anzhi (安置): import, verify and report on people released from prison, for one office.",
        discussion: ExitStatus.help,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ImportCommand.self, ConflictsCommand.self, RejectedCommand.self, QueueCommand.self,
            PersonsCommand.self, TemplateCommand.self, ReportCommand.self, OfficeStatsCommand.self, SheetCommand.self,
        ]
    )
}
