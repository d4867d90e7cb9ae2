public import AnzhiCore
import GRDB
import Spreadsheet

extension Store {
    /// The people waiting in this office's assignment queue (户籍 codes that stop above township level).
    public func queuedPeople() throws -> [StoredPerson] {
        try queue.read { db in
            try Row.fetchAll(db, sql: Store.selectPerson + " WHERE in_queue ORDER BY key").map(Store.person(from:))
        }
    }

    /// Assigns a queued person to a township of the office's jurisdiction (domain §2): the 户籍 code becomes
    /// `township`, with history, and the person leaves the queue.
    /// - Throws: when the person is not queued or the code is not a township inside the jurisdiction.
    public func assign(key: String, to township: String, regions: RegionTable) throws {
        let office = try office()
        guard RegionCode.isWellFormed(township), !RegionCode.stopsAboveTownship(township), regions.isKnown(township)
        else {
            throw StoreError(.invalidArgument, key: "error.invalid-argument.township-code", ["township": "\(township)"])
        }
        guard office.placement(ofHukou: township) == .register else {
            throw StoreError(
                .outsideJurisdiction,
                key: "error.outside-jurisdiction.township",
                ["township": "\(township)", "office": "\(office.region ?? office.code)"])
        }
        try queue.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, in_queue, hukou_region FROM person WHERE key = ?", arguments: [key])
            else {
                throw StoreError(.notFound, key: "error.not-found.person")
            }
            guard row["in_queue"] as Bool else {
                throw StoreError(.invalidArgument, key: "error.invalid-argument.not-queued")
            }
            let id: Int64 = row["id"]
            let old: String? = row["hukou_region"]
            try db.execute(
                sql: "UPDATE person SET hukou_region = ?, in_queue = 0 WHERE id = ?", arguments: [township, id])
            try db.execute(
                sql: """
                    INSERT INTO field_history (person_id, field, old_value, new_value, source_file, changed_at)
                    VALUES (?, 'hukouRegion', ?, ?, 'anzhi queue assign', ?)
                    """, arguments: [id, old, township, Timestamp.now()])
        }
    }
}
