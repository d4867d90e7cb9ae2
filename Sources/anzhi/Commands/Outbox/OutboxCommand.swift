import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation

/// `anzhi outbox`: one signed, encrypted package per recipient with everything new for it.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: L("help.outbox.abstract"),
        discussion: HelpText.discussion("help.outbox.discussion"))
    @OptionGroup var store: StoreOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.outbox.output"))) var output: String
    @Option(help: ArgumentHelp(L("help.outbox.to"))) var to: String?

    func run() throws {
        try Exit.run {
            try FileManager.default.createDirectory(
                atPath: output, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let db = try store.open()
            let keys = try OfficeKeys.load(from: OfficeKeys.path(forDatabase: store.path))
            var outbox = Outbox(store: db, keys: keys)
            let progress = ProgressLine("progress.outbox")
            if let progress { outbox.progress = { progress.update($0) } }
            let written = try outbox.write(to: output, only: to, created: Clock.now(), today: Today.date())
            progress?.finish()
            for w in written {
                // The cycle's counts only when there are any (the columns of a plain people package stay as they were).
                let cycle = [
                    ("results", w.results), ("notices", w.notices), ("messages", w.messages), ("reports", w.reports),
                    ("decisions", w.decisions),
                ]
                .filter { $0.1 > 0 }.map { L("outbox.count." + $0.0, "count", $0.1) }
                Console.out(
                    ([
                        w.recipient.code, w.recipient.name, "people", L("outbox.count.people", "count", w.people),
                        L("outbox.count.offices", "count", w.directoryEntries),
                    ]
                        + cycle + ["#\(w.sequence)", w.file]).joined(separator: "\t"))
            }
            if written.isEmpty { Console.err(L("outbox.nothing")) }
            return 0
        }
    }
}
