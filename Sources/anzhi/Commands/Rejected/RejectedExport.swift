import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension RejectedCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: L("help.rejected.export.abstract"),
            discussion: HelpText.discussion("help.rejected.export.discussion"))
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(L("help.rejected.export.output"))) var output: String
        @Option(help: ArgumentHelp(L("help.rejected.export.file"))) var file: String?

        func validate() throws {
            try OutputPath.check(output, accepted: ["xlsx", "csv"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                let rows = try store.open().rejectedRows(file: file)
                let inputs = rows.map {
                    RejectedInput(
                        location: $0.location, headers: $0.headers, cells: $0.cells, explanation: $0.errors,
                        personKey: $0.personKey, errorColumns: $0.errorColumns)
                }
                let written = try PersonSheets.writeErrors(inputs, to: output, text: .chosen)
                Console.out(L("rejected.written", "count", rows.count, "files", written.joined(separator: ", ")))
                return 0
            }
        }
    }
}
