import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension TemplateCommand {
    struct Persons: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "persons", abstract: "The person import template (XLSX).",
            discussion: "Example: anzhi template persons -o 导入模板.xlsx\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "The XLSX file to write.") var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["xlsx"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                try PersonSheets.writeTemplate(to: output, reference: try store.reference())
                Console.out(L("cli.wrote", "file", output))
                return 0
            }
        }
    }
}
