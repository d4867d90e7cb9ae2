import AnzhiCore
import Foundation
import GRDB
import Spreadsheet

extension StoredPerson {
    /// A hash of the person's values and unknown columns, to tell whether they changed since last sent.
    public var contentHash: Int64 {
        var h = FNV1a()
        for v in values { h.mix(v) }
        for (k, v) in extra {
            h.mix(k)
            h.mix(v)
        }
        return h.value
    }
}

extension Store {
    /// The SQL condition "户籍 code under a region", with the region's significant prefix bound twice: a range on the
    /// 户籍 index, since SQLite serves `LIKE 'prefix%'` from no index by default (a query per subordinate read the
    /// whole register in key order). Codes that start with the prefix sort from it up to it followed by the highest
    /// character.
    static let hukouUnder = "hukou_region >= ? AND hukou_region < ? || char(1114111)"

    /// The people of the register (not the queue) whose 户籍 code starts with `regionPrefix`.
    public func people(underRegion regionPrefix: String) throws -> [StoredPerson] {
        var result: [StoredPerson] = []
        let prefix = RegionCode.significant(regionPrefix)
        try scan(
            sql: Store.selectPerson + " WHERE NOT in_queue AND \(Store.hukouUnder) ORDER BY key",
            arguments: [prefix, prefix]
        ) { result.append(Store.person(raw: $0)) }
        return result
    }

    /// The content hash last sent to `recipient`, by person id.
    public func sentHashes(to recipient: String) throws -> [Int64: Int64] {
        try queue.read { db in
            var m: [Int64: Int64] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT person_id, content_hash FROM outbox_person WHERE recipient = ?",
                arguments: [recipient])
            {
                m[row[0]] = row[1]
            }
            return m
        }
    }

    /// The directory codes already sent to `recipient`.
    public func sentDirectory(to recipient: String) throws -> Set<String> {
        try queue.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT code FROM outbox_directory WHERE recipient = ?", arguments: [recipient]))
        }
    }

    /// Records a package written: its sequence, and what it carried, in one transaction.
    public func recordOutgoing(
        to recipient: String, sequence: Int, kind: String, file: String,
        people: [(id: Int64, hash: Int64)], directory: [String], extras: OutgoingExtras = OutgoingExtras()
    ) throws {
        try queue.write { db in
            try Store.record(extras, to: recipient, file: file, in: db)
            try db.execute(
                sql: "INSERT INTO package_out (recipient, sequence, kind, file, written_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [recipient, sequence, kind, file, Timestamp.now()])
            // One cached statement bound through the C API: a package of 100,000 people records as many rows.
            let statement = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO outbox_person (recipient, person_id, content_hash) VALUES (?, ?, ?)")
            let raw = RawStatement(statement.sqliteStatement)
            for (id, hash) in people {
                raw.reset()
                raw.bind(1, recipient)
                raw.bind(2, id)
                raw.bind(3, hash)
                try raw.step(db)
            }
            for code in directory {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO outbox_directory (recipient, code) VALUES (?, ?)",
                    arguments: [recipient, code])
            }
        }
    }
}

/// One change of a person's history as it travels with the person (the person named by their key).
public struct TravellingChange: Sendable, Hashable {
    public var key: String
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var source: String?
    public var changedAt: String

    public init(key: String, field: String, oldValue: String?, newValue: String?, source: String?, changedAt: String) {
        self.key = key
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
        self.source = source
        self.changedAt = changedAt
    }
}

extension Store {
    /// The history of these people, oldest first, for a package (the source names file, sheet and row). Read
    /// through the raw scan: a package of 100,000 people carries at least as many changes.
    public func travellingHistory(of ids: [Int64]) throws -> [TravellingChange] {
        var changes: [TravellingChange] = []
        changes.reserveCapacity(ids.count)
        func text(_ r: RawRow, _ i: Int32) -> String? { r.text(i).map { String(decoding: $0, as: UTF8.self) } }
        try scan(
            sql: """
                SELECT p.key, h.field, h.old_value, h.new_value, h.source_file, h.source_sheet, h.source_row, h.changed_at
                FROM field_history h JOIN person p ON p.id = h.person_id
                WHERE h.person_id IN (SELECT value FROM json_each(?)) ORDER BY h.id
                """, arguments: [Store.jsonArray(ids)]
        ) { r in
            let source = [text(r, 4), text(r, 5), text(r, 6)].compactMap { $0 }.joined(separator: ":")
            changes.append(
                TravellingChange(
                    key: text(r, 0) ?? "", field: text(r, 1) ?? "", oldValue: text(r, 2),
                    newValue: text(r, 3), source: source.isEmpty ? nil : source, changedAt: text(r, 7) ?? ""))
        }
        return changes
    }
}
