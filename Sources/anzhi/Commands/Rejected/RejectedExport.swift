import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension RejectedCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the rejected rows as an errors file (XLSX or CSV) to correct and import again.",
            discussion: "Example: anzhi rejected export -o 待更正.xlsx\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX or CSV file to write.") var output: String
        @Option(help: "Only rows of this file (as named at import, or its file name).") var file: String?

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
                let written = try PersonSheets.writeErrors(inputs, to: output)
                Console.out(L("rejected.written", "count", rows.count, "files", written.joined(separator: ", ")))
                return 0
            }
        }
    }
}
