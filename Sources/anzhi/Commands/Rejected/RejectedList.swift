import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension RejectedCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: L("help.rejected.list.abstract"),
            discussion: HelpText.discussion("help.rejected.list.discussion"))
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp(L("help.rejected.list.file"))) var file: String?

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
