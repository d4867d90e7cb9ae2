import GRDB

extension Store {
    /// Sets hand-entered part-1 figures for a period (row → item → value), replacing earlier values.
    public func setOfficeStats(period: String, _ values: [(row: String, item: String, value: Int)]) throws {
        try queue.write { db in
            let now = Timestamp.now()
            for v in values {
                try db.execute(
                    sql: """
                        INSERT INTO office_stats (period, row, item, value, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (period, row, item) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        """, arguments: [period, v.row, v.item, v.value, now])
            }
        }
    }

    /// The part-1 figures of a period: row → item → value.
    public func officeStats(period: String) throws -> [String: [String: Int]] {
        try queue.read { db in
            var out: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT row, item, value FROM office_stats WHERE period = ?", arguments: [period])
            {
                out[row["row"], default: [:]][row["item"]] = row["value"]
            }
            return out
        }
    }
}
