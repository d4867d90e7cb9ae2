import ArgumentParser
import Foundation
import Spreadsheet

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
            PersonsCommand.self, TemplateCommand.self, ReportCommand.self, OfficeStatsCommand.self, OfficeCommand.self,
            OutboxCommand.self, VerifyCommand.self, ReceiptCommand.self, MessageCommand.self, MessagesCommand.self,
            VerifyFailuresCommand.self, DueCommand.self, PrintCommand.self, ReviewCommand.self,
            SheetCommand.self,
        ]
    )

    /// Sets up the process before parsing: every file it creates is private (mode 0600: they hold personal
    /// data), a closed pipe is an error to handle rather than a signal that kills, and an interrupted command
    /// removes its temporary files before it ends.
    static func main() {
        umask(0o077)
        signal(SIGPIPE, SIG_IGN)
        Interrupts.install()
        let arguments = Interface.setUp(Array(CommandLine.arguments.dropFirst()))
        main(arguments)
    }
}

/// SIGINT and SIGTERM remove the temporaries (which hold the same personal data as the outputs) and end the
/// program with the shell's usual status (128 + the signal). An open database transaction is rolled back by
/// SQLite when the process ends.
enum Interrupts {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                TemporaryFiles.removeAll()
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
