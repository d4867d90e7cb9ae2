public import AnzhiCore
import Foundation
public import GRDB
import Spreadsheet

/// An office's database: SQLite through GRDB, WAL mode, foreign keys on, migrated on open.
public final class Store: Sendable {
    /// The GRDB queue; serialises access, so the store can be shared across tasks.
    public let queue: DatabaseQueue
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

    /// Creates the database for `office` at `path`.
    /// - Throws: when a database already exists there, or it cannot be written.
    public static func create(path: String, office: Office) throws -> Store {
        if FileManager.default.fileExists(atPath: path) {
            throw StoreError("a database already exists at '\(path)'; choose another --db or remove it")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration())
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO office (id, code, name, level, region, created_at) VALUES (1, ?, ?, ?, ?, ?)",
                           arguments: [office.code, office.name, office.level.rawValue, office.region, Timestamp.now()])
        }
        return Store(path: path, queue: queue)
    }

    /// Opens an existing database and brings its schema up to date.
    public static func open(path: String) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("no database at '\(path)'; create one with `anzhi init` or choose it with --db / ANZHI_DB")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration())
        try Schema.migrator.migrate(queue)
        return Store(path: path, queue: queue)
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
}

/// Timestamps stored in the database: UTC, second precision, ISO 8601.
enum Timestamp {
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
