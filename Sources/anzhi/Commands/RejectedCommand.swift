import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi rejected list|export`: the rows imports refused, kept until the person is imported correctly.
struct RejectedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejected", abstract: "The rejected-rows store: rows refused by imports, to fix and re-import.",
        discussion: ExitStatus.help, subcommands: [List.self, Export.self])

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
                    let who = r.personKey.map { $0.hasPrefix("~") ? String($0.dropFirst()) : IDNumber.mask($0) } ?? "—"
                    Console.out("R\(r.id)\t\(r.location)\t\(who)\(r.suspectedFalseIdentity ? " (疑似三假)" : "")\t\(r.errors)")
                }
                Console.err("\(rows.count) rejected rows")
                return 0
            }
        }
    }

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
                    RejectedInput(location: $0.location, headers: $0.headers, cells: $0.cells, explanation: $0.errors,
                                  personKey: $0.personKey)
                }
                let written = try PersonSheets.writeErrors(inputs, to: output)
                Console.out("wrote \(rows.count) rejected rows to \(written.joined(separator: ", "))")
                return 0
            }
        }
    }
}
