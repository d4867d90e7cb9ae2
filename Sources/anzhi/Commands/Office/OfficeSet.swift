import AnzhiReports
import AnzhiStore
import ArgumentParser
import Foundation

extension OfficeCommand {
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set the names and numbers the printed forms carry at head and foot: KEY=VALUE …",
            discussion: """
                Keys (Chinese name or ASCII alias): \(keyList). 表号 and 制表机关 print at the head of the \
                statistics form, the others at its foot beside 报出日期; a key that is not set prints as a blank \
                to sign (________). KEY= with no value clears a key. Prints every key with its value afterwards.
                Example: anzhi office set 表号=司统1表 制表机关=山东省司法厅 填表人=李四 phone=0531-86001234

                """ + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Argument(help: "KEY=VALUE assignments (KEY= clears).") var assignments: [String] = []

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
                    throw ValidationError("expected KEY=VALUE, found '\(a)'; keys: \(Self.keyList)")
                }
                let name = String(a[..<eq]).trimmingCharacters(in: .whitespaces)
                guard let key = FormSettings.Key(name: name) else {
                    throw ValidationError("unknown key '\(name)'; keys: \(Self.keyList)")
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
