public import AnzhiCore
public import Foundation
import GRDB
import Spreadsheet

/// An office as this office knows it: its place in the hierarchy and its public keys.
public struct DirectoryEntry: Sendable, Hashable, Codable {
    public var office: Office
    /// The code of its superior office (nil for the centre, or when unknown).
    public var parent: String?
    /// Ed25519 public key (32 bytes), for its signatures.
    public var signingKey: Data?
    /// X25519 public key (32 bytes), for what is encrypted to it.
    public var agreementKey: Data?
    /// How the keys became known: `self`, `enrolment`, `reply`, `directory`.
    public var source: String

    public init(office: Office, parent: String?, signingKey: Data?, agreementKey: Data?, source: String) {
        self.office = office
        self.parent = parent
        self.signingKey = signingKey
        self.agreementKey = agreementKey
        self.source = source
    }
}

extension Store {
    /// Every office this office knows, itself included, by code.
    public func directory() throws -> [DirectoryEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM office_directory ORDER BY code").compactMap(Store.entry(from:))
        }
    }

    /// The office with this code, if known.
    public func directoryEntry(_ code: String) throws -> DirectoryEntry? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM office_directory WHERE code = ?", arguments: [code]).flatMap(
                Store.entry(from:))
        }
    }

    /// Adds or updates an office. An entry whose keys are already known is not replaced by different keys
    /// (a key change comes only through a new enrolment).
    /// - Throws: `StoreError(.invalidArgument)` when the keys differ from the ones known.
    public func addToDirectory(_ entry: DirectoryEntry) throws {
        try queue.write { db in
            if let known = try Row.fetchOne(
                db, sql: "SELECT signing_key FROM office_directory WHERE code = ?",
                arguments: [entry.office.code]),
                let key: Data = known["signing_key"], let new = entry.signingKey, key != new
            {
                throw StoreError(
                    .invalidArgument, key: "error.invalid-argument.office-keys", ["office": "\(entry.office.code)"])
            }
            try db.execute(
                sql: """
                    INSERT INTO office_directory (code, name, level, region, parent, signing_key, agreement_key, source, added_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, region = excluded.region,
                        parent = excluded.parent, signing_key = coalesce(excluded.signing_key, signing_key),
                        agreement_key = coalesce(excluded.agreement_key, agreement_key)
                    """,
                arguments: [
                    entry.office.code, entry.office.name, entry.office.level.rawValue, entry.office.region,
                    entry.parent, entry.signingKey, entry.agreementKey, entry.source, Timestamp.now(),
                ])
        }
    }

    static func entry(from row: Row) -> DirectoryEntry? {
        guard let level = OfficeLevel(rawValue: row["level"]) else { return nil }
        return DirectoryEntry(
            office: Office(code: row["code"], name: row["name"], level: level, region: row["region"]),
            parent: row["parent"], signingKey: row["signing_key"], agreementKey: row["agreement_key"],
            source: row["source"])
    }

    // MARK: Sequence numbers and enrolments

    /// The next sequence number for a package to `recipient` (1 for the first).
    public func nextOutgoingSequence(to recipient: String) throws -> Int {
        try queue.read { db in
            (try Int.fetchOne(
                db, sql: "SELECT max(sequence) FROM package_out WHERE recipient = ?", arguments: [recipient]) ?? 0) + 1
        }
    }

    /// The sequence numbers already read from `sender`.
    public func incomingSequences(from sender: String) throws -> Set<Int> {
        try queue.read { db in
            // Cached statements here and below: a superior reads thousands of packages in one command.
            Set(
                try Int.fetchAll(
                    db.cachedStatement(sql: "SELECT sequence FROM package_in WHERE sender = ?"), arguments: [sender]))
        }
    }

    /// Records a package read, inside the transaction that records what it carried.
    static func recordPackage(from sender: String, sequence: Int, kind: String, file: String, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO package_in (sender, sequence, kind, file, imported_at) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [sender, sequence, kind, file, Timestamp.now()])
    }

    /// Keeps the one-time secret of an enrolment written for `code`.
    public func recordEnrolment(code: String, secret: Data) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO enrolment (code, secret, written_at) VALUES (?, ?, ?)",
                arguments: [code, secret, Timestamp.now()])
        }
    }

    /// The one-time secret of an open enrolment for `code`, if any.
    public func enrolmentSecret(code: String) throws -> Data? {
        try queue.read { db in
            try Data.fetchOne(
                db, sql: "SELECT secret FROM enrolment WHERE code = ? AND answered_at IS NULL", arguments: [code])
        }
    }

    /// Closes an enrolment once its reply is in: the secret cannot be used again.
    public func closeEnrolment(code: String) throws {
        try queue.write { db in
            try db.execute(
                sql: "UPDATE enrolment SET answered_at = ? WHERE code = ?", arguments: [Timestamp.now(), code])
        }
    }
}
