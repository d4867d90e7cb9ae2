import AnzhiCore
import Foundation
import GRDB

/// A person as stored: canonical values by field, plus the unknown columns kept with them.
public struct StoredPerson: Sendable {
    public var id: Int64
    public var key: String
    public var keyIsFallback: Bool
    public var inQueue: Bool
    /// Canonical text per field, in `PersonFields.all` order.
    public var values: [String?]
    public var extra: [(String, String)]

    public func value(_ field: String) -> String? { values[PersonFields.index[field]!] }
}

/// A change from the field history.
public struct HistoryEntry: Sendable {
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var sourceFile: String?
    public var sourceSheet: String?
    public var sourceRow: Int?
    public var changedAt: String
}

/// An open or resolved conflict.
public struct ConflictEntry: Sendable {
    public var id: Int64
    public var personID: Int64
    public var personName: String?
    public var personKey: String
    public var field: String
    public var currentValue: String?
    public var proposedValue: String
    public var proposedBy: String
    public var sourceFile: String?
    public var sourceSheet: String?
    public var sourceRow: Int?
    public var resolution: String?
}

extension Store {
    static func person(from row: Row) -> StoredPerson {
        StoredPerson(id: row["id"], key: row["key"], keyIsFallback: row["key_is_fallback"], inQueue: row["in_queue"],
                     values: PersonFields.all.map { row[$0.column] }, extra: BatchMerger.decodeExtra(row["extra"]))
    }

    /// Calls `body` for every person of the register, ordered by key (stable exports).
    public func forEachPerson(_ body: (StoredPerson) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM person ORDER BY key")
            while let row = try rows.next() { try body(Store.person(from: row)) }
        }
    }

    /// The person with this key (an 18-digit ID number, normalised by the caller).
    public func person(key: String) throws -> StoredPerson? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM person WHERE key = ?", arguments: [key]).map(Store.person(from:))
        }
    }

    /// The history of a person, oldest first.
    public func history(of personID: Int64) throws -> [HistoryEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT field, old_value, new_value, source_file, source_sheet, source_row, changed_at
                FROM field_history WHERE person_id = ? ORDER BY id
                """, arguments: [personID]).map {
                HistoryEntry(field: $0["field"], oldValue: $0["old_value"], newValue: $0["new_value"], sourceFile: $0["source_file"],
                             sourceSheet: $0["source_sheet"], sourceRow: $0["source_row"], changedAt: $0["changed_at"])
            }
        }
    }

    /// Conflicts, open ones only unless `all`.
    public func conflicts(all: Bool = false, personID: Int64? = nil) throws -> [ConflictEntry] {
        try queue.read { db in
            var sql = """
                SELECT c.*, p.name AS person_name, p.key AS person_key FROM conflict c JOIN person p ON p.id = c.person_id
                """
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !all { conditions.append("c.resolved_at IS NULL") }
            if let personID {
                conditions.append("c.person_id = ?")
                arguments += [personID]
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY c.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                ConflictEntry(id: $0["id"], personID: $0["person_id"], personName: $0["person_name"], personKey: $0["person_key"],
                              field: $0["field"], currentValue: $0["current_value"], proposedValue: $0["proposed_value"],
                              proposedBy: $0["proposed_by"], sourceFile: $0["source_file"], sourceSheet: $0["source_sheet"],
                              sourceRow: $0["source_row"], resolution: $0["resolution"])
            }
        }
    }

    /// Resolves a conflict: `accept` applies the proposed value (with history), `reject` keeps the current one.
    /// Accepting settles the other open proposals for the same field, and a 户籍 code moves the person in or out
    /// of the assignment queue.
    /// - Throws: when the conflict does not exist or is already resolved, when the value changed since the
    ///   conflict was raised (unless `force`), or when an accepted 户籍 lies outside the office's jurisdiction.
    public func resolveConflict(_ id: Int64, accept: Bool, force: Bool = false) throws {
        let office = try self.office()
        try queue.write { db in
            guard let c = try Row.fetchOne(db, sql: "SELECT * FROM conflict WHERE id = ?", arguments: [id]) else {
                throw StoreError("no conflict \(id)")
            }
            guard (c["resolved_at"] as String?) == nil else { throw StoreError("conflict \(id) is already resolved") }
            let now = Timestamp.now()
            if accept {
                let field: String = c["field"]
                guard let index = PersonFields.index[field] else { throw StoreError("conflict \(id) names an unknown field '\(field)'") }
                let column = PersonFields.all[index].column
                let personID: Int64 = c["person_id"]
                let old = try String.fetchOne(db, sql: "SELECT \(column) FROM person WHERE id = ?", arguments: [personID])
                let proposed: String = c["proposed_value"]
                if old != (c["current_value"] as String?), !force {
                    throw StoreError("conflict \(id) is stale: \(PersonFields.all[index].header) is now '\(old ?? "")', not '\((c["current_value"] as String?) ?? "")' as when it was raised; look again, or resolve with --force")
                }
                try db.execute(sql: "UPDATE person SET \(column) = ? WHERE id = ?", arguments: [proposed, personID])
                if field == "hukouRegion" {
                    switch office.placement(ofHukou: proposed) {
                    case .outside: throw StoreError("conflict \(id): 户籍 \(proposed) lies outside this office's jurisdiction; reject it instead")
                    case .assignmentQueue: try db.execute(sql: "UPDATE person SET in_queue = 1 WHERE id = ?", arguments: [personID])
                    case .register: try db.execute(sql: "UPDATE person SET in_queue = 0 WHERE id = ?", arguments: [personID])
                    }
                }
                try db.execute(sql: """
                    UPDATE conflict SET resolved_at = ?, resolution = 'superseded'
                    WHERE person_id = ? AND field = ? AND id != ? AND resolved_at IS NULL
                    """, arguments: [now, personID, field, id])
                try db.execute(sql: """
                    INSERT INTO field_history (person_id, field, old_value, new_value, import_id, source_file, source_sheet, source_row, changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [personID, field, old, proposed, c["import_id"], c["source_file"], c["source_sheet"], c["source_row"], now])
            }
            try db.execute(sql: "UPDATE conflict SET resolved_at = ?, resolution = ? WHERE id = ?",
                           arguments: [now, accept ? "accepted" : "rejected", id])
        }
    }

    /// Rejected rows kept from earlier imports (the newest import first).
    public func rejectedRows(importID: Int64? = nil) throws -> [(location: String, headers: [String], cells: [String], errors: String)] {
        try queue.read { db in
            var sql = "SELECT * FROM rejected_row"
            var arguments: StatementArguments = []
            if let importID {
                sql += " WHERE import_id = ?"
                arguments += [importID]
            }
            sql += " ORDER BY import_id DESC, id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                func array(_ s: String) -> [String] {
                    (try? JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String]) ?? []
                }
                let loc = "\(row["source_file"] as String):\((row["source_sheet"] as String?).map { $0 + ":" } ?? "")\(row["source_row"] as Int)"
                return (loc, array(row["headers"]), array(row["cells"]), row["errors"])
            }
        }
    }

    /// How many people the register holds (and how many wait in the assignment queue).
    public func counts() throws -> (people: Int, queued: Int, openConflicts: Int) {
        try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE in_queue") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conflict WHERE resolved_at IS NULL") ?? 0)
        }
    }
}
