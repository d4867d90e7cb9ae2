import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi template persons`: the blank import template.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: L("help.template.abstract"),
        discussion: HelpText.discussion("help.template.discussion"), subcommands: [Persons.self])
}
