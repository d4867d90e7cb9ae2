import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension RejectedCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List rejected rows: where each came from, the person, and why.",
            discussion: "Example: anzhi rejected list --file 监狱第3批.xlsx\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(help: "Only rows of this file (as named at import, or its file name).") var file: String?

        func run() throws {
            try Exit.run {
                let rows = try store.open().rejectedRows(file: file)
                for r in rows {
                    let who = r.personKey.map(PersonKey.display) ?? "—"
                    Console.out(
                        "R\(r.id)\t\(r.location)\t\(who)\(r.suspectedFalseIdentity ? L("rejected.false-identity") : "")\t\(r.errors)"
                    )
                }
                Console.err(L("rejected.count", "count", rows.count))
                return 0
            }
        }
    }
}
