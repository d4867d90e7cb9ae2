import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation

/// `anzhi outbox`: one signed, encrypted package per recipient with everything new for it.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Write one package per recipient with what is new for it (people, answers, notices, messages).",
        discussion: """
            A leadership office sends each direct subordinate the people whose 户籍 lies in its region, and the offices
            it may trust (its superior learns the offices below it); a prison sends each person to the lowest office
            it knows whose region covers the 户籍, with a pre-release notice (预释放名单) for everyone due for release
            before the end of next month; a 司法所 sends its 核实 results and receipts (回执) to the prison that holds
            each person. Messages go to whom they are written for. Something goes again only when it changed. Run it
            again and nothing new is written.
            Example: anzhi outbox -o 发件箱/

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Option(name: .shortAndLong, help: "The folder to write the packages to (created if missing).") var output: String
    @Option(help: "Only the package for this office.") var to: String?

    func run() throws {
        try Exit.run {
            try FileManager.default.createDirectory(
                atPath: output, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let db = try store.open()
            let keys = try OfficeKeys.load(from: OfficeKeys.path(forDatabase: store.path))
            let written = try Outbox(store: db, keys: keys).write(
                to: output, only: to, created: Clock.now(), today: Today.date())
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
