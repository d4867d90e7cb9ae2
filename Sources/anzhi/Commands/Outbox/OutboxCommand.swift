import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation

/// `anzhi outbox`: one signed, encrypted package per recipient with everything new for it.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Write one package per recipient with what is new for it (people, directory entries).",
        discussion: """
            A leadership office sends each direct subordinate the people whose 户籍 lies in its region, and the offices
            it may trust; a prison sends each person to the lowest office it knows whose region covers the 户籍.
            A person goes again only when their values changed. Run it again and nothing new is written.
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
            let written = try Outbox(store: db, keys: keys).write(to: output, only: to, created: Clock.now())
            for w in written {
                Console.out(
                    [
                        w.recipient.code, w.recipient.name, "people", "people \(w.people)",
                        "offices \(w.directoryEntries)",
                        "#\(w.sequence)", w.file,
                    ].joined(separator: "\t"))
            }
            if written.isEmpty { Console.err("nothing new to send") }
            return 0
        }
    }
}
