import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension TemplateCommand {
    struct Persons: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "persons", abstract: L("help.template.persons.abstract"),
            discussion: HelpText.discussion("help.template.persons.discussion"))
        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: ArgumentHelp(L("help.template.persons.output"))) var output: String

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
