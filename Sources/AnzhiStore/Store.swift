public import AnzhiCore
import Foundation
package import GRDB
import Spreadsheet

/// An office's database: SQLite through GRDB, WAL mode, foreign keys on, migrated on open.
public final class Store: Sendable {
    /// The GRDB queue; serialises access, so the store can be shared across tasks. Only the store (and its
    /// tests) use it: other modules go through the store's operations (docs/store.md).
    package let queue: DatabaseQueue
    public let path: String

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// Creates the database for `office` at `path`. It is built under a temporary name and renamed into place
    /// once complete, so an interrupted `init` never leaves a half-made database behind.
    /// - Throws: when a database already exists there, or it cannot be written.
    public static func create(path: String, office: Office) throws -> Store {
        if FileManager.default.fileExists(atPath: path) {
            throw StoreError("a database already exists at '\(path)'; choose another --db or remove it")
        }
        let temporary = path + ".init-\(getpid())"
        let companions = ["", "-wal", "-shm", "-journal"]
        defer { for c in companions { unlink(temporary + c) } }
        do {
            var queue: DatabaseQueue? = try DatabaseQueue(path: temporary, configuration: configuration())
            try Schema.migrator.migrate(queue!)
            try queue!.write { db in
                try db.execute(sql: "INSERT INTO office (id, code, name, level, region, created_at) VALUES (1, ?, ?, ?, ?, ?)",
                               arguments: [office.code, office.name, office.level.rawValue, office.region, Timestamp.now()])
            }
            try queue!.close()  // checkpoints the WAL into the file
            queue = nil
        } catch {
            throw StoreError.describing(error, path: path)
        }
        // link() + unlink: unlike rename, refuses to replace a database that appeared meanwhile.
        guard link(temporary, path) == 0 else {
            throw StoreError("cannot create '\(path)': \(String(cString: strerror(errno)))")
        }
        return try open(path: path)
    }

    /// Opens an existing database and brings its schema up to date.
    /// - Throws: `StoreError` in plain words when there is no database, the file is not one, or it cannot be opened.
    public static func open(path: String) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no database at '\(path)'; create one with `anzhi init` or choose it with --db / ANZHI_DB")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            try Schema.migrator.migrate(queue)
            return Store(path: path, queue: queue)
        } catch {
            throw StoreError.describing(error, path: path)
        }
    }

    /// Runs `body` with a merge session inside one write transaction: everything it merges is committed
    /// together, or nothing when `body` throws (or when `dryRun`, which always rolls back).
    /// - Throws: what `body` throws; SQLite's failures as a `StoreError` in plain words.
    public func merging<T>(_ source: ImportSource, dryRun: Bool = false, _ body: (BatchMerger) throws -> T) throws -> T {
        do {
            if dryRun {
                var result: T?
                try queue.writeWithoutTransaction { db in
                    try db.inTransaction {
                        result = try body(try BatchMerger(db: db, source: source))
                        return .rollback
                    }
                }
                return result!
            }
            return try queue.write { db in try body(try BatchMerger(db: db, source: source)) }
        } catch let error as DatabaseError {
            throw StoreError.describing(error, path: path)
        }
    }

    /// The office this database belongs to.
    public func office() throws -> Office {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT code, name, level, region FROM office WHERE id = 1"),
                  let level = OfficeLevel(rawValue: row["level"]) else {
                throw StoreError("the database has no office; it was not created by `anzhi init`")
            }
            return Office(code: row["code"], name: row["name"], level: level, region: row["region"])
        }
    }
}

/// A store-level failure (no database, a broken one).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// SQLite's own words (`SQLite error 26: file is not a database`) said plainly for a person, with the file.
    public static func describing(_ error: any Error, path: String) -> StoreError {
        guard let e = error as? DatabaseError else { return StoreError("'\(path)': \(error)") }
        switch e.resultCode {
        case .SQLITE_NOTADB: return StoreError("'\(path)' is not an Anzhi database (not an SQLite file)")
        case .SQLITE_CANTOPEN: return StoreError("cannot open the database '\(path)' (check the folder and its permissions)")
        case .SQLITE_READONLY: return StoreError("the database '\(path)' is read-only here; the command needs to write it")
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError("the database '\(path)' is in use by another command; try again when it has finished")
        case .SQLITE_CORRUPT: return StoreError("the database '\(path)' is damaged; restore it from a backup")
        case .SQLITE_FULL: return StoreError("the disk is full: '\(path)' could not be written; nothing was changed")
        case .SQLITE_PERM, .SQLITE_AUTH: return StoreError("no permission to use the database '\(path)'")
        default: return StoreError("the database '\(path)' could not be used: \(e.message ?? "\(e.resultCode)")")
        }
    }
}

/// Timestamps stored in the database: UTC, second precision, ISO 8601.
enum Timestamp {
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
