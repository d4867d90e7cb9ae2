import AnzhiCore
import AnzhiStore
import ArgumentParser
import Spreadsheet

extension ConflictsCommand {
    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve", abstract: L("help.conflicts.resolve.abstract"),
            discussion: HelpText.discussion("help.conflicts.resolve.discussion"))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.conflicts.resolve.ids"))) var ids: [String] = []
        @Flag(help: ArgumentHelp(L("help.conflicts.resolve.all"))) var all = false
        @Option(help: ArgumentHelp(L("help.conflicts.resolve.field"))) var field: String?
        @Option(help: ArgumentHelp(L("help.conflicts.resolve.file"))) var file: String?
        @Flag(help: ArgumentHelp(L("help.conflicts.resolve.accept"))) var accept = false
        @Flag(help: ArgumentHelp(L("help.conflicts.resolve.reject"))) var reject = false
        @Flag(help: ArgumentHelp(L("help.conflicts.resolve.force"))) var force = false

        func validate() throws {
            if accept == reject { throw ValidationError(L("usage.conflicts.accept-or-reject")) }
            if ids.isEmpty && !all && field == nil && file == nil {
                throw ValidationError(L("usage.conflicts.name-them"))
            }
            if all && !ids.isEmpty { throw ValidationError(L("usage.conflicts.ids-or-all")) }
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
                    throw ValidationError(L("usage.conflicts.not-a-number", "text", text))
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
                L(
                    "usage.conflicts.not-a-field", "field", field, "fields",
                    PersonFields.all.map(\.header).joined(separator: "、")))
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
