public import AnzhiCore
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
    /// The people of the register (not the queue) whose 户籍 code starts with `regionPrefix`.
    public func people(underRegion regionPrefix: String) throws -> [StoredPerson] {
        var result: [StoredPerson] = []
        try scan(
            sql: Store.selectPerson + " WHERE NOT in_queue AND hukou_region LIKE ? || '%' ORDER BY key",
            arguments: [RegionCode.significant(regionPrefix)]
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
        people: [(id: Int64, hash: Int64)], directory: [String]
    ) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO package_out (recipient, sequence, kind, file, written_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [recipient, sequence, kind, file, Timestamp.now()])
            for (id, hash) in people {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO outbox_person (recipient, person_id, content_hash) VALUES (?, ?, ?)",
                    arguments: [recipient, id, hash])
            }
            for code in directory {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO outbox_directory (recipient, code) VALUES (?, ?)",
                    arguments: [recipient, code])
            }
        }
    }
}
