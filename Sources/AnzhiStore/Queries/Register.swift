import AnzhiCore
import Foundation
import GRDB
public import Spreadsheet

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
/// One visit (走访) to a person: its day, who visited and what was noted.
public struct VisitEntry: Sendable {
    public var date: String
    public var visitor: String
    public var note: String
}

public struct HistoryEntry: Sendable {
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var sourceFile: String?
    public var sourceSheet: String?
    public var sourceRow: Int?
    public var changedAt: String
}

/// Which conflicts `resolveConflicts` settles: the listed numbers (none: every open one), narrowed by field and
/// by the file whose import raised them.
public struct ConflictSelection: Sendable {
    public var ids: [Int64]
    /// A field id (`crime`).
    public var field: String?
    /// The file as named at import, or its last path component.
    public var file: String?

    public init(ids: [Int64] = [], field: String? = nil, file: String? = nil) {
        self.ids = ids
        self.field = field
        self.file = file
    }
}

/// What `resolveConflicts` did.
public struct ConflictResolution: Sendable {
    public var settled = 0
    /// Conflicts left open, with the reason.
    public var skipped: [(id: Int64, reason: StoreError)] = []
}

/// A row kept in the rejected-rows store.
public struct StoredRejectedRow: Sendable {
    public var id: Int64
    public var location: InputLocation
    public var headers: [String]
    public var cells: [String]
    /// The errors, each as `[rule] message`, joined by '；'.
    public var errors: String
    public var personKey: String?
    public var suspectedFalseIdentity: Bool
    /// The template headers (or own headers) of the cells the errors are about; empty for rows kept before the
    /// store recorded them.
    public var errorColumns: [String] = []
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
    /// The columns `person(from:)` reads, by position (GRDB's lookup by name lower-cases every name: for 55
    /// columns a row that was most of the time of a list of 12,000 people).
    static let selectPerson =
        "SELECT id, key, key_is_fallback, in_queue, extra, "
        + PersonFields.all.map(\.column).joined(separator: ", ") + " FROM person"

    /// A person from a row of `selectPerson`.
    static func person(from row: Row) -> StoredPerson {
        StoredPerson(
            id: row[0], key: row[1], keyIsFallback: row[2], inQueue: row[3],
            values: (0..<PersonFields.all.count).map { row[5 + $0] }, extra: BatchMerger.decodeExtra(row[4]))
    }

    /// A person from a raw row of `selectPerson`: the bulk path (GRDB's generic decoding of 55 columns was most
    /// of the time of a list of 12,000 people).
    /// With `fields` (positions), only those fields and no unknown columns are read.
    static func person(raw: RawRow, fields: Set<Int>? = nil) -> StoredPerson {
        func text(_ i: Int32) -> String? { raw.text(i).map { String(decoding: $0, as: UTF8.self) } }
        return StoredPerson(
            id: raw.int64(0), key: text(1) ?? "", keyIsFallback: raw.int64(2) != 0, inQueue: raw.int64(3) != 0,
            values: (0..<PersonFields.all.count).map { fields?.contains($0) == false ? nil : text(5 + Int32($0)) },
            extra: fields == nil ? BatchMerger.decodeExtra(text(4)) : [])
    }

    /// Calls `body` for every person of the register, ordered by key (stable exports), or in table order when
    /// `ordered` is false (reading in key order jumps between the index and the table for every row).
    public func forEachPerson(ordered: Bool = true, _ body: (StoredPerson) throws -> Void) throws {
        try scan(sql: Store.selectPerson + (ordered ? " ORDER BY key" : "")) { try body(Store.person(raw: $0)) }
    }

    /// The person with this key (an 18-digit ID number, normalised by the caller).
    public func person(key: String) throws -> StoredPerson? {
        try queue.read { db in
            try Row.fetchOne(db, sql: Store.selectPerson + " WHERE key = ?", arguments: [key]).map(Store.person(from:))
        }
    }

    /// The history of a person, oldest first.
    public func history(of personID: Int64) throws -> [HistoryEntry] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT field, old_value, new_value, source_file, source_sheet, source_row, changed_at
                    FROM field_history WHERE person_id = ? ORDER BY id
                    """, arguments: [personID]
            ).map {
                HistoryEntry(
                    field: $0["field"], oldValue: $0["old_value"], newValue: $0["new_value"],
                    sourceFile: $0["source_file"],
                    sourceSheet: $0["source_sheet"], sourceRow: $0["source_row"], changedAt: $0["changed_at"])
            }
        }
    }

    /// The visits (走访) to a person, oldest first.
    public func visits(of personID: Int64) throws -> [VisitEntry] {
        try queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT visit_date, visitor, note FROM visit WHERE person_id = ? ORDER BY visit_date, id",
                arguments: [personID]
            ).map { VisitEntry(date: $0["visit_date"], visitor: $0["visitor"], note: $0["note"]) }
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
                ConflictEntry(
                    id: $0["id"], personID: $0["person_id"], personName: $0["person_name"], personKey: $0["person_key"],
                    field: $0["field"], currentValue: $0["current_value"], proposedValue: $0["proposed_value"],
                    proposedBy: $0["proposed_by"], sourceFile: $0["source_file"], sourceSheet: $0["source_sheet"],
                    sourceRow: $0["source_row"], resolution: $0["resolution"])
            }
        }
    }

    /// Resolves one conflict: `accept` applies the proposed value (with history), `reject` keeps the current one.
    /// Accepting settles the other open proposals for the same field, and a 户籍 code moves the person in or out
    /// of the assignment queue.
    /// - Throws: when the conflict does not exist or is already resolved, when the value changed since the
    ///   conflict was raised (unless `force`), or when an accepted 户籍 lies outside the office's jurisdiction.
    public func resolveConflict(_ id: Int64, accept: Bool, force: Bool = false) throws {
        let outcome = try resolveConflicts(ConflictSelection(ids: [id]), accept: accept, force: force)
        if let (_, reason) = outcome.skipped.first { throw reason }
    }

    /// Resolves every open conflict the selection names, in one transaction, and says what it did. A conflict
    /// that cannot be settled (stale, already settled by an earlier one of the same field, a 户籍 outside the
    /// jurisdiction) is skipped with its reason; the others are settled.
    /// - Throws: when the selection names a conflict number that does not exist.
    public func resolveConflicts(_ selection: ConflictSelection, accept: Bool, force: Bool = false) throws
        -> ConflictResolution
    {
        let office = try self.office()
        return try queue.write { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if !selection.ids.isEmpty {
                let known = Set(
                    try Int64.fetchAll(
                        db, sql: "SELECT id FROM conflict WHERE id IN (SELECT value FROM json_each(?))",
                        arguments: [Self.jsonArray(selection.ids)]))
                if let missing = selection.ids.first(where: { !known.contains($0) }) {
                    throw StoreError(.notFound, key: "error.not-found.conflict", ["id": "\(missing)"])
                }
                conditions.append("c.id IN (SELECT value FROM json_each(?))")
                arguments += [Self.jsonArray(selection.ids)]
            }
            if let field = selection.field {
                conditions.append("c.field = ?")
                arguments += [field]
            }
            if let file = selection.file {
                // The file as it was named at import, or its last path component.
                conditions.append("(c.source_file = ? OR c.source_file LIKE '%/' || ?)")
                arguments += [file, file]
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db, sql: "SELECT c.* FROM conflict c\(filter) ORDER BY c.id", arguments: arguments)
            var result = ConflictResolution()
            let now = Timestamp.now()
            for c in rows {
                let id: Int64 = c["id"]
                // Re-read: an earlier conflict of this run may have superseded this one.
                guard
                    try String.fetchOne(db, sql: "SELECT resolved_at FROM conflict WHERE id = ?", arguments: [id])
                        == nil
                else {
                    if !selection.ids.isEmpty && selection.field == nil && selection.file == nil {
                        result.skipped.append(
                            (
                                id,
                                StoreError(
                                    .invalidArgument, key: "error.invalid-argument.conflict-resolved", ["id": "\(id)"])
                            ))
                    }
                    continue
                }
                if accept, let reason = try Self.accept(c, in: db, office: office, force: force, now: now) {
                    result.skipped.append((id, reason))
                    continue
                }
                try db.execute(
                    sql: "UPDATE conflict SET resolved_at = ?, resolution = ? WHERE id = ?",
                    arguments: [now, accept ? "accepted" : "rejected", id])
                result.settled += 1
            }
            return result
        }
    }

    /// Applies an accepted conflict's value; returns why it cannot be applied, or nil when it was.
    private static func accept(_ c: Row, in db: Database, office: Office, force: Bool, now: String) throws
        -> StoreError?
    {
        let id: Int64 = c["id"]
        let field: String = c["field"]
        guard let index = PersonFields.index[field] else {
            return StoreError(
                .invalidArgument, key: "error.invalid-argument.conflict-field", ["id": "\(id)", "field": "\(field)"])
        }
        let spec = PersonFields.all[index]
        let personID: Int64 = c["person_id"]
        let old = try String.fetchOne(db, sql: "SELECT \(spec.column) FROM person WHERE id = ?", arguments: [personID])
        let proposed: String = c["proposed_value"]
        let current: String? = c["current_value"]
        if old != current, !force {
            return StoreError(
                .staleConflict,
                key: "error.stale-conflict.conflict",
                ["id": "\(id)", "field": "\(spec.header)", "now": "\(old ?? "")", "then": "\(current ?? "")"]
            )
        }
        var queued: Bool?
        if field == "hukouRegion" {
            switch office.placement(ofHukou: proposed) {
            case .outside:
                return StoreError(
                    .outsideJurisdiction,
                    key: "error.outside-jurisdiction.conflict", ["id": "\(id)", "hukou": "\(proposed)"])
            case .assignmentQueue: queued = true
            case .register: queued = false
            }
        }
        // The accepted value is now the office's decision, not a non-owner's supply.
        try db.execute(
            sql: "UPDATE person SET \(spec.column) = ?, supplied = supplied & ~? WHERE id = ?",
            arguments: [proposed, Int64(1) << Int64(index), personID])
        if let queued {
            try db.execute(sql: "UPDATE person SET in_queue = ? WHERE id = ?", arguments: [queued, personID])
        }
        try db.execute(
            sql: """
                UPDATE conflict SET resolved_at = ?, resolution = 'superseded'
                WHERE person_id = ? AND field = ? AND id != ? AND resolved_at IS NULL
                """, arguments: [now, personID, field, id])
        try db.execute(
            sql: """
                INSERT INTO field_history (person_id, field, old_value, new_value, import_id, source_file, source_sheet, source_row, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                personID, field, old, proposed, c["import_id"], c["source_file"], c["source_sheet"], c["source_row"],
                now,
            ])
        return nil
    }

    static func jsonArray(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }

    /// Rejected rows kept from earlier imports, oldest first; only those of a file (as named at import, or by
    /// its last path component) when `file` is given.
    public func rejectedRows(file: String? = nil) throws -> [StoredRejectedRow] {
        try queue.read { db in
            var sql = "SELECT * FROM rejected_row"
            var arguments: StatementArguments = []
            if let file {
                sql += " WHERE source_file = ? OR source_file LIKE '%/' || ?"
                arguments += [file, file]
            }
            sql += " ORDER BY import_id, id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                func array(_ s: String) -> [String] {
                    (try? JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String]) ?? []
                }
                return StoredRejectedRow(
                    id: row["id"],
                    location: InputLocation(
                        file: row["source_file"], sheet: row["source_sheet"], row: row["source_row"]),
                    headers: array(row["headers"]), cells: array(row["cells"]), errors: row["errors"],
                    personKey: row["person_key"], suspectedFalseIdentity: row["suspected_false_identity"],
                    errorColumns: (row["error_columns"] as String?).map(array) ?? [])
            }
        }
    }

    /// How many people the register holds (and how many wait in the assignment queue).
    public func counts() throws -> (people: Int, queued: Int, openConflicts: Int) {
        try queue.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM person WHERE in_queue") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conflict WHERE resolved_at IS NULL") ?? 0
            )
        }
    }
}
