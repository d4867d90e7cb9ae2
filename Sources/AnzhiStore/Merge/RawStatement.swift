import GRDB
import GRDBSQLite

/// Binds and steps a GRDB-prepared statement through the SQLite C API, for the import hot path.
/// It borrows the statement: GRDB owns and finalises it.
struct RawStatement {
    private let handle: OpaquePointer
    /// SQLite copies the bytes (SQLITE_TRANSIENT is a cast in C, so Swift does not import it).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    @inline(__always)
    func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else {
                sqlite3_bind_text(handle, index, "", 0, RawStatement.transient)  // empty text, not NULL
                return
            }
            base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
                _ = sqlite3_bind_text(handle, index, chars, Int32(utf8.count), RawStatement.transient)
            }
        }
    }

    @inline(__always)
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func step(_ db: Database) throws {
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
    }

    /// Steps a query: true while it yields a row (read it with `text` and `int64`), false at its end.
    func next(_ db: Database) throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        guard rc == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message)
        }
        return false
    }

    /// A text column of the current row (empty for NULL).
    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        return String(
            decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
}
