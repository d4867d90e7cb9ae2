import GRDB
import GRDBSQLite

/// One row of a raw scan, valid only inside the scan's callback: text columns as UTF-8 bytes owned by SQLite.
public struct RawRow {
    let handle: OpaquePointer

    /// The bytes of a text column (0-based), or nil for NULL.
    @inline(__always)
    public func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }

    @inline(__always)
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
}

extension Store {
    /// Runs a query and calls `body` for each row without building GRDB rows: the report's scan over a
    /// register of a million people is the reason (text columns are read in place).
    public func scan(sql: String, arguments: [String] = [], _ body: (RawRow) throws -> Void) throws {
        try queue.read { db in
            let statement = try db.makeStatement(sql: sql)
            let handle = statement.sqliteStatement
            let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
            for (i, a) in arguments.enumerated() {
                _ = a.withCString { sqlite3_bind_text(handle, Int32(i + 1), $0, -1, transient) }
            }
            while true {
                let rc = sqlite3_step(handle)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                try body(RawRow(handle: handle))
            }
            sqlite3_reset(handle)
        }
    }
}
