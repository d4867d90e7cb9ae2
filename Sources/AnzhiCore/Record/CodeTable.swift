import Foundation
import Spreadsheet

/// A code table (domain §4, `Templates/code-tables/<id>.csv`): codes and names, both accepted on import,
/// stored by canonical name. Offices may edit the files; nothing is compiled in.
public struct CodeTable: Sendable {
    public struct Entry: Sendable, Hashable {
        public let code: String
        public let name: String
        public let aliases: [String]
    }

    public let id: String
    /// Entries in file order (the report's split order for placement kinds).
    public let entries: [Entry]
    private let lookup: [String: String]
    /// Values exactly as written in the file (the common case), looked up before folding.
    private let exact: [String: String]

    public init(id: String, entries: [Entry]) {
        self.id = id
        self.entries = entries
        var lookup: [String: String] = [:]
        for e in entries {
            for key in [e.code, e.name] + e.aliases where lookup[CodeTable.fold(key)] == nil {
                lookup[CodeTable.fold(key)] = e.name
            }
        }
        self.lookup = lookup
        var exact: [String: String] = [:]
        for e in entries { for key in [e.code, e.name] + e.aliases where exact[key] == nil { exact[key] = e.name } }
        self.exact = exact
    }

    /// The canonical name for a code, name or alias; nil when the table does not know it.
    public func canonical(_ value: String) -> String? {
        exact[value] ?? lookup[CodeTable.fold(value)]
    }

    /// The names, for drop-down lists.
    public var names: [String] { entries.map(\.name) }

    /// Case-folds ASCII and trims spaces, so `y`, ` Y ` and `Y` are one key.
    static func fold(_ s: String) -> String { s.trimmingSpaces().lowercased() }

    /// Reads `code,name,aliases` (aliases separated by `|`).
    public static func load(id: String, path: String) throws -> CodeTable {
        let reader = try CSVReader(path: path, encoding: .utf8)
        var entries: [Entry] = []
        var first = true
        while let r = try reader.next() {
            if first {
                first = false
                continue
            }
            guard r.count >= 2, !r[1].isEmpty else { continue }
            let aliases = r.count > 2 ? r[2].split(separator: "|").map { String($0) } : []
            entries.append(Entry(code: r[0], name: r[1], aliases: aliases))
        }
        return CodeTable(id: id, entries: entries)
    }
}
