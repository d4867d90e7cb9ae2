import GRDB

extension Store {
    /// Sets or clears the office's form settings (key → value; nil or an empty value removes the key), all in
    /// one transaction. The keys are the report module's to define; the store keeps any text it is given.
    public func setFormSettings(_ values: [(key: String, value: String?)]) throws {
        try queue.write { db in
            let now = Timestamp.now()
            for (key, value) in values {
                if let value, !value.isEmpty {
                    try db.execute(
                        sql: """
                            INSERT INTO office_form (key, value, updated_at) VALUES (?, ?, ?)
                            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                            """, arguments: [key, value, now])
                } else {
                    try db.execute(sql: "DELETE FROM office_form WHERE key = ?", arguments: [key])
                }
            }
        }
    }

    /// The office's form settings: key → value, only the keys that are set.
    public func formSettings() throws -> [String: String] {
        try queue.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM office_form") {
                out[row["key"]] = row["value"]
            }
            return out
        }
    }
}
