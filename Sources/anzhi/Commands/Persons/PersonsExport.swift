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
            abstract: L("help.persons.export.abstract"),
            discussion: HelpText.discussion("help.persons.export.discussion"))
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(L("help.persons.export.output"))) var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["xlsx", "csv"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let progress = ProgressLine("progress.export") { try? db.counts().people }
                let n = try PersonSheets.writeRegister(db, to: output) { progress?.update($0) }
                progress?.finish()
                Console.out(L("persons.exported", "count", n, "file", output))
                return 0
            }
        }
    }
}
