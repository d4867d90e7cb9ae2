import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi template persons`: the blank import template.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "Write blank import templates.",
        discussion: ExitStatus.help, subcommands: [Persons.self])
}
