public import AnzhiCore
import Foundation
package import GRDB
public import Spreadsheet

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
            throw StoreError(.databaseExists, key: "error.database-exists.exists", location: InputLocation(file: path))
        }
        let temporary = path + ".init-\(getpid())"
        let companions = ["", "-wal", "-shm", "-journal"]
        defer { for c in companions { unlink(temporary + c) } }
        do {
            var queue: DatabaseQueue? = try DatabaseQueue(path: temporary, configuration: configuration())
            try Schema.migrator.migrate(queue!)
            try queue!.write { db in
                try db.execute(
                    sql: "INSERT INTO office (id, code, name, level, region, created_at) VALUES (1, ?, ?, ?, ?, ?)",
                    arguments: [office.code, office.name, office.level.rawValue, office.region, Timestamp.now()])
            }
            try queue!.close()  // checkpoints the WAL into the file
            queue = nil
        } catch {
            throw StoreError.describing(error, path: path)
        }
        // link() + unlink: unlike rename, refuses to replace a database that appeared meanwhile.
        guard link(temporary, path) == 0 else {
            let code = errno
            throw StoreError(
                .cannotOpen, key: "error.cannot-open.create", ["reason": SystemErrorText.text(code)],
                location: InputLocation(file: path), cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
        return try open(path: path)
    }

    /// Opens an existing database and brings its schema up to date.
    /// - Throws: `StoreError` in plain words when there is no database, the file is not one, or it cannot be opened.
    public static func open(path: String) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.noDatabase, key: "error.no-database.here", location: InputLocation(file: path))
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
    public func merging<T>(_ source: ImportSource, dryRun: Bool = false, _ body: (BatchMerger) throws -> T) throws -> T
    {
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
                let level = OfficeLevel(rawValue: row["level"])
            else {
                throw StoreError(
                    .notADatabase, key: "error.not-a-database.no-office",
                    location: InputLocation(file: path))
            }
            return Office(code: row["code"], name: row["name"], level: level, region: row["region"])
        }
    }
}

/// A store-level failure (no database, a broken one, a person or conflict that is not there).
public typealias StoreError = CodedError<StoreErrorCode>

/// The codes of `StoreError`.
public struct StoreErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears in messages, JSON and DIAGNOSTICS.md.
    public let description: String
    private init(_ description: String) { self.description = description }

    /// No database at the path.
    public static let noDatabase = StoreErrorCode("no-database")
    /// `init` found a database already there.
    public static let databaseExists = StoreErrorCode("database-exists")
    /// The file is not an SQLite database (or not Anzhi's).
    public static let notADatabase = StoreErrorCode("not-a-database")
    public static let cannotOpen = StoreErrorCode("cannot-open")
    public static let readOnly = StoreErrorCode("read-only")
    /// Another command holds the database.
    public static let busy = StoreErrorCode("busy")
    public static let damaged = StoreErrorCode("damaged")
    public static let diskFull = StoreErrorCode("disk-full")
    public static let permission = StoreErrorCode("permission")
    /// Any other SQLite failure.
    public static let databaseFailed = StoreErrorCode("database-failed")
    /// A person, conflict or row that is not in the register.
    public static let notFound = StoreErrorCode("not-found")
    /// A value the operation cannot take (a township code that is not one).
    public static let invalidArgument = StoreErrorCode("invalid-argument")
    /// A conflict whose stored value changed since it was raised.
    public static let staleConflict = StoreErrorCode("stale-conflict")
    /// A 户籍 or township outside the office's jurisdiction.
    public static let outsideJurisdiction = StoreErrorCode("outside-jurisdiction")
}

/// Timestamps stored in the database: UTC, second precision, ISO 8601.
enum Timestamp {
    /// Now, in UTC; on `Store.recordingDay` when one is set (only the time of day is then the clock's).
    static func now() -> String {
        // gmtime_r, not ISO8601DateFormatter: making a formatter (and its locale) per call was a tenth of the time
        // of importing thousands of small packages.
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let day =
            Store.recordingDay?.description
            ?? "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
        return "\(day)T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

extension Store {
    /// The day recorded times fall on, when the program runs with a fixed today (the CLI's `ANZHI_TODAY`, for
    /// reproducible runs and tests): deadlines counted from recorded times then follow the same today. Set once,
    /// before any store is used.
    nonisolated(unsafe) public static var recordingDay: CivilDate?
}

extension CodedError where Code == StoreErrorCode {
    /// SQLite's own words (`SQLite error 26: file is not a database`) said plainly for a person, with the file.
    public static func describing(_ error: any Error, path: String) -> StoreError {
        if let e = error as? StoreError { return e }
        let location = InputLocation(file: path)
        guard let e = error as? DatabaseError else {
            return StoreError(.databaseFailed, "\(error)", location: location, cause: error)
        }
        func make(_ code: StoreErrorCode, key: String, _ values: [String: String] = [:]) -> StoreError {
            StoreError(code, key: key, values, location: location, cause: e)
        }
        switch e.resultCode {
        case .SQLITE_NOTADB: return make(.notADatabase, key: "error.not-a-database.sqlite")
        case .SQLITE_CANTOPEN:
            return make(.cannotOpen, key: "error.cannot-open.sqlite")
        case .SQLITE_READONLY: return make(.readOnly, key: "error.read-only.sqlite")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return make(.busy, key: "error.busy.sqlite")
        case .SQLITE_CORRUPT: return make(.damaged, key: "error.damaged.sqlite")
        case .SQLITE_FULL:
            return make(.diskFull, key: "error.disk-full.sqlite")
        case .SQLITE_PERM, .SQLITE_AUTH: return make(.permission, key: "error.permission.sqlite")
        default:
            return make(
                .databaseFailed, key: "error.database-failed.sqlite", ["reason": "\(e.message ?? "\(e.resultCode)")"])
        }
    }
}
