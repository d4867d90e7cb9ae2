import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension PersonsCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the register in the template layout (XLSX or CSV), full ID numbers included.",
            discussion: "Example: anzhi persons export -o 名册.xlsx\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX or CSV file to write.") var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["xlsx", "csv"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let progress = ProgressLine("progress.export", total: try db.counts().people)
                let n = try PersonSheets.writeRegister(db, to: output) { progress?.update($0) }
                progress?.finish()
                Console.out(L("persons.exported", "count", n, "file", output))
                return 0
            }
        }
    }
}
