import AnzhiCore
import GRDB
import GRDBSQLite

/// One row of a raw scan, valid only inside the scan's callback: text columns as UTF-8 bytes owned by SQLite.
struct RawRow {
    let handle: OpaquePointer

    /// The bytes of a text column (0-based), or nil for NULL.
    @inline(__always)
    func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }

    @inline(__always)
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
}

/// One person during a register scan. The bytes it lends are valid only inside the scan's callback: a million
/// people are read without building a `String` for each value.
public struct RegisterScanRow {
    let raw: RawRow

    /// The person's handle number.
    @inline(__always) public var id: Int64 { raw.int64(0) }
    /// The merge key's bytes.
    @inline(__always) public var key: UnsafeBufferPointer<UInt8>? { raw.text(1) }
    /// The 户籍 region code's bytes.
    @inline(__always) public var hukouRegion: UnsafeBufferPointer<UInt8>? { raw.text(2) }
    /// Whether the person waits in the assignment queue.
    @inline(__always) public var inQueue: Bool { raw.int64(3) != 0 }
    /// The value of the `i`-th field the scan asked for (0-based), as bytes, or nil when empty.
    @inline(__always) public func field(_ i: Int) -> UnsafeBufferPointer<UInt8>? { raw.text(4 + Int32(i)) }
}

extension Store {
    /// Runs a query and calls `body` for each row without building GRDB rows: the report's scan over a
    /// register of a million people is the reason (text columns are read in place).
    func scan(sql: String, arguments: [String] = [], _ body: (RawRow) throws -> Void) throws {
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
                    throw DatabaseError(
                        resultCode: ResultCode(rawValue: rc),
                        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                try body(RawRow(handle: handle))
            }
            sqlite3_reset(handle)
        }
    }

    /// Calls `body` for every person of the register, in table order, with the values of `fields` (field ids,
    /// `PersonFields`) lent as bytes.
    public func scanRegister(fields: [String], _ body: (RegisterScanRow) throws -> Void) throws {
        let columns = fields.map { PersonFields.spec($0).column }
        try scan(sql: "SELECT id, key, hukou_region, in_queue\(columns.map { ", " + $0 }.joined()) FROM person") {
            try body(RegisterScanRow(raw: $0))
        }
    }

    /// Calls `body` for every visit with the visited person's 户籍 code and queue flag and the visit date, as bytes
    /// valid inside the callback.
    public func scanVisits(
        _ body: (
            _ hukouRegion: UnsafeBufferPointer<UInt8>?, _ inQueue: Bool,
            _ date: UnsafeBufferPointer<UInt8>?
        ) throws -> Void
    ) throws {
        try scan(
            sql: "SELECT p.hukou_region, p.in_queue, v.visit_date FROM visit v JOIN person p ON p.id = v.person_id"
        ) {
            try body($0.text(0), $0.int64(1) != 0, $0.text(2))
        }
    }
}
