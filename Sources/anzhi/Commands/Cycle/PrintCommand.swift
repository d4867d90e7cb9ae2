import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi print`: the one-page 核实单 or 回执 for a person, to print and sign.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Write the one-page 核实单 (verification) or 回执 (receipt) for a person, ready to print and sign.",
        discussion: """
            A4 portrait, 11 pt text. The form carries the person's full 公民身份号码: keep the printout safe.
            Examples:
              anzhi print verification '#17' -o 核实单-17.xlsx
              anzhi print receipt '#17' -o 回执-17.xlsx

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Argument(help: "verification (核实单) or receipt (回执).") var kind: PersonForms.Kind
    @Argument(help: "The person: a handle such as #17 or the 公民身份号码.") var person: String
    @Option(name: .shortAndLong, help: "The XLSX file to write.") var output: String

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
