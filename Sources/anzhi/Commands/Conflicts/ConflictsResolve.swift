import AnzhiCore
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension ConflictsCommand {
    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve", abstract: "Accept or reject proposed values: by number, range, field, file or all.",
            discussion: """
                Examples: anzhi conflicts resolve 3 5 10-40 --accept
                          anzhi conflicts resolve --file 监狱第3批.xlsx --field 罪名 --reject
                          anzhi conflicts resolve --all --accept

                """ + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Conflict numbers and ranges (3 5 10-40), from `anzhi conflicts list`.") var ids: [String] = []
        @Flag(help: "Every open conflict (narrowed by --field and --file when given).") var all = false
        @Option(help: "Only conflicts of this field (its header, such as 罪名, or its id).") var field: String?
        @Option(help: "Only conflicts raised by the import of this file.") var file: String?
        @Flag(help: "Apply the proposed values.") var accept = false
        @Flag(help: "Keep the stored values.") var reject = false
        @Flag(help: "Accept even where the value changed since the conflict was raised.") var force = false

        func validate() throws {
            if accept == reject { throw ValidationError("give exactly one of --accept and --reject") }
            if ids.isEmpty && !all && field == nil && file == nil {
                throw ValidationError("name the conflicts: numbers or ranges, --all, --field or --file")
            }
            if all && !ids.isEmpty { throw ValidationError("give conflict numbers or --all, not both") }
            _ = try numbers()
            _ = try fieldID()
        }

        /// The numbers and ranges given, expanded.
        func numbers() throws -> [Int64] {
            var result: [Int64] = []
            for text in ids {
                let parts = text.trimmingPrefix("#").split(separator: "-", omittingEmptySubsequences: false)
                if parts.count == 1, let n = Int64(parts[0]) {
                    result.append(n)
                } else if parts.count == 2, let a = Int64(parts[0]), let b = Int64(parts[1].trimmingPrefix("#")),
                    a <= b, b - a < 1_000_000
                {
                    result.append(contentsOf: a...b)
                } else {
                    throw ValidationError("'\(text)' is not a conflict number or a range such as 3-40")
                }
            }
            return result
        }

        func fieldID() throws -> String? {
            guard let field else { return nil }
            if let spec = PersonFields.all.first(where: {
                $0.id == field || $0.header == field || $0.aliases.contains(field)
            }) {
                return spec.id
            }
            throw ValidationError(
                "--field '\(field)' is not a field; fields: \(PersonFields.all.map(\.header).joined(separator: "、"))")
        }

        func run() throws {
            try Exit.run {
                let selection = ConflictSelection(ids: try numbers(), field: try fieldID(), file: file)
                let outcome = try store.open().resolveConflicts(selection, accept: accept, force: force)
                for (_, reason) in outcome.skipped {
                    Console.err(L("conflicts.skipped", "reason", reason.message + (Hints.hint(for: reason) ?? "")))
                }
                Console.out(
                    L(accept ? "conflicts.accepted" : "conflicts.rejected", "count", outcome.settled)
                        + (outcome.skipped.isEmpty ? "" : L("conflicts.left-open", "count", outcome.skipped.count)))
                return outcome.skipped.isEmpty ? 0 : 1
            }
        }
    }
}
