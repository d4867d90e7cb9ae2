import ArgumentParser
import Foundation
import Spreadsheet

struct SheetList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: L("help.sheet.list.abstract"),
        discussion: HelpText.discussion("help.sheet.list.discussion"))

    @Argument(help: ArgumentHelp(L("help.sheet.list.file")))
    var file: String
    @Flag(help: ArgumentHelp(L("help.sheet.list.visibility"))) var visibility = false

    func run() throws {
        try Exit.run {
            let reader = try WorkbookReader.open(path: file)
            Console.err(
                "\(file): \(Diagnostic.Severity.note.word): "
                    + L("sheet.read-as", "kind", "\(reader.kind)", "name", reader.kind.name))
            for d in reader.warnings { Console.err(d.description) }
            for sheet in reader.sheets {
                Console.out(visibility ? "\(sheet.name)\t\(sheet.visibility.rawValue)" : sheet.name)
            }
            return 0
        }
    }
}
