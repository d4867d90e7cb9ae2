import ArgumentParser
import Foundation
import Spreadsheet

/// The `anzhi` command: the engine of the 刑释解教人员信息管理系统 for one office.
@main
struct Anzhi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anzhi",
        abstract: L("help.anzhi.abstract"),
        discussion: HelpText.discussion("help.anzhi.discussion"),
        version: "0.1.0",
        // By who mainly uses a command; a discussion says when other offices use it too.
        groupedSubcommands: [
            CommandGroup(
                name: L("help.group.township"),
                subcommands: [
                    ImportCommand.self, VerifyCommand.self, ReceiptCommand.self, PrintCommand.self, PersonsCommand.self,
                    RejectedCommand.self, ConflictsCommand.self, DueCommand.self, MessagesCommand.self,
                    ReportCommand.self,
                ]),
            CommandGroup(
                name: L("help.group.county"), subcommands: [QueueCommand.self, ReviewCommand.self, OfficeCommand.self]),
            CommandGroup(
                name: L("help.group.prison"),
                subcommands: [OutboxCommand.self, VerifyFailuresCommand.self, MessageCommand.self]),
            CommandGroup(
                name: L("help.group.general"),
                subcommands: [InitCommand.self, TemplateCommand.self, OfficeStatsCommand.self, SheetCommand.self]),
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
        // What `main(arguments)` does, with argument-parser's own words of the help and usage messages said in the
        // chosen language.
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let text = HelpText.localized(fullMessage(for: error))
            let code = exitCode(for: error)
            if !text.isEmpty {
                if code == .success {
                    print(text)
                } else {
                    FileHandle.standardError.write(Data((text + "\n").utf8))
                }
            }
            Self.exit(withError: code)  // prints nothing for an ExitCode, ends with its status
        }
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
