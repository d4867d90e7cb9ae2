import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi print`: the one-page 核实单 or 回执 for a person, to print and sign.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: L("help.print.abstract"),
        discussion: HelpText.discussion("help.print.discussion"))
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp(L("help.print.kind"))) var kind: PersonForms.Kind
    @Argument(help: ArgumentHelp(L("help.common.person"))) var person: String
    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.print.output"))) var output: String

    func validate() throws {
        try OutputPath.check(output, option: "-o", accepted: ["xlsx"], database: store.path, inputs: [])
    }

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let p = try PersonArgument.find(person, in: db)
            try PersonForms.write(kind, person: p, office: try db.office(), today: Today.date(), to: output)
            Console.out(
                L(
                    "cycle.form-written", "person", p.handle, "name", p.value("name") ?? "", "form", kind.title, "file",
                    output))
            return 0
        }
    }
}
