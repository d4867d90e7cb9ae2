import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi persons list|show|export`: find people, look at one, write the register.
struct PersonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "persons", abstract: "Look at the register: find people, show one, export all.",
        discussion: ExitStatus.help, subcommands: [List.self, Show.self, Export.self])
}
