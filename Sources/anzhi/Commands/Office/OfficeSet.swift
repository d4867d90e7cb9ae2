import AnzhiReports
import AnzhiStore
import ArgumentParser
import Foundation

extension OfficeCommand {
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: L("help.office.set.abstract"),
            discussion: HelpText.discussion("help.office.set.discussion", ["keys": keyList]))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.office.set.assignments"))) var assignments: [String] = []

        /// `表号 (formNumber), 制表机关 (authority), …`
        static var keyList: String {
            FormSettings.Key.allCases.map { "\($0.rawValue) (\($0.alias))" }.joined(separator: ", ")
        }

        func validate() throws {
            _ = try parsed()
        }

        /// The assignments as keys and values; a malformed one or an unknown key is a usage error (64).
        func parsed() throws -> [(key: FormSettings.Key, value: String)] {
            try assignments.map { a in
                guard let eq = a.firstIndex(of: "=") else {
                    throw ValidationError(L("usage.office.set.form", "found", a, "keys", Self.keyList))
                }
                let name = String(a[..<eq]).trimmingCharacters(in: .whitespaces)
                guard let key = FormSettings.Key(name: name) else {
                    throw ValidationError(L("usage.office.set.key", "key", name, "keys", Self.keyList))
                }
                return (key, String(a[a.index(after: eq)...]).trimmingCharacters(in: .whitespaces))
            }
        }

        func run() throws {
            try Exit.run {
                let db = try store.open()
                try db.setFormSettings(try parsed().map { (key: $0.key.rawValue, value: Optional($0.value)) })
                let form = FormSettings(stored: try db.formSettings())
                for key in FormSettings.Key.allCases { Console.out("\(key.rawValue)\t\(form.values[key] ?? "—")") }
                return 0
            }
        }
    }
}
