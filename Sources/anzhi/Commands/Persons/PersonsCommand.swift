import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi persons list|show|export`: find people, look at one, write the register.
struct PersonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persons", abstract: L("help.persons.abstract"),
        discussion: HelpText.discussion("help.persons.discussion"),
        subcommands: [List.self, Show.self, Export.self])
}
