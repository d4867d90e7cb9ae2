public import AnzhiCore
import Foundation
import GRDB
public import Spreadsheet

/// Where a batch came from, for history, conflicts and the import log.
public struct ImportSource: Sendable {
    /// The file as the user named it.
    public var file: String
    /// A hash of the file's bytes (FNV-1a, 64 bits): recognises the same file imported again.
    public var contentHash: String
    /// Which side sent it: the owner's values update; the other side's fill empty fields or become conflicts.
    public var side: BatchSide
    /// `persons` or `visits`.
    public var kind: String

    public init(file: String, contentHash: String, side: BatchSide, kind: String) {
        self.file = file
        self.contentHash = contentHash
        self.side = side
        self.kind = kind
    }
}

/// The counts of one import; rows = inserted + updated + unchanged + rejected + outside, always.
public struct ImportCounts: Sendable, Codable, Equatable {
    public var rows = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var conflicts = 0
    public var rejected = 0
    /// Rows of other offices' jurisdictions: counted apart, not stored (domain §4).
    public var outside = 0
    /// Rows rejected by earlier imports that this import brought in correctly (they left the rejected store).
    public var corrected = 0

    public init() {}
}

/// A row that failed validation, as it was read, for the rejected-rows store and the errors file.
public struct RejectedInput: Sendable {
    public var location: InputLocation
    public var headers: [String]
    public var cells: [String]
    public var diagnostics: [Diagnostic]
    /// The person the row is about, when it can be told (a valid ID number, else the ID text or the fallback
    /// key): the row leaves the store once that person is imported correctly.
    public var personKey: String?
    /// The row's errors, each as `[rule] message`, joined by '；' (the errors file's 错误说明).
    public var explanation: String
    /// The columns the row's errors are about, each named by its template header (or by its own header when it is
    /// no field), without repeats: the errors file fills these cells red. Named, not numbered, because the errors
    /// file lays the row out in the template's order, not the source's.
    public var errorColumns: [String]
    /// Whether the row is a visit: it leaves the store only through its corrected row, since importing the person
    /// does not record the visit.
    public var isVisit = false

    /// A row that failed validation; `errorColumns` defaults to the headers the error diagnostics name.
    public init(
        location: InputLocation, headers: [String], cells: [String], diagnostics: [Diagnostic],
        personKey: String? = nil, errorColumns: [String]? = nil, isVisit: Bool = false
    ) {
        self.isVisit = isVisit
        self.location = location
        self.headers = headers
        self.cells = cells
        self.diagnostics = diagnostics
        self.personKey = personKey
        let errors = diagnostics.filter { $0.severity == .error }
        explanation = errors.map { "[\($0.ruleID)] \($0.message)" }.joined(separator: "；")
        self.errorColumns = RejectedInput.unique(errorColumns ?? errors.compactMap(\.location.columnName))
    }

    /// A row read back from the rejected-rows store, whose errors are kept as text.
    public init(
        location: InputLocation, headers: [String], cells: [String], explanation: String, personKey: String?,
        errorColumns: [String] = []
    ) {
        self.location = location
        self.headers = headers
        self.cells = cells
        self.diagnostics = []
        self.personKey = personKey
        self.explanation = explanation
        self.errorColumns = errorColumns
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

/// Where a row of an errors file came from (its 源文件, 源工作表, 源行号 columns): importing the corrected row
/// removes the rejected row it stands for.
public struct RejectedOrigin: Sendable, Hashable {
    public var file: String
    public var sheet: String?
    public var row: Int

    public init(file: String, sheet: String?, row: Int) {
        self.file = file
        self.sheet = sheet
        self.row = row
    }
}

/// Merges validated records into the register inside the caller's transaction (domain §4).
///
/// The merge rule: the owner's value for a field replaces the stored one; a non-owner's value fills a field that
/// is still empty (marked as supplied by the non-owner, so the owner's value later replaces it without a
/// conflict), and becomes a conflict only when it differs from a stored non-empty value. A `migration` batch
/// owns every field. Every change is written to the field history with its source; a blank cell never clears.
///
/// The store keeps, per person, a hash of the last record merged into it, so a row that repeats an earlier
/// import is recognised as unchanged without reading the person back.
public final class BatchMerger {
    public enum Outcome: Equatable { case inserted, updated, unchanged }

    private let db: Database
    public let importID: Int64
    private let source: ImportSource
    private let now: String
    /// Per field: whether this import's side owns it.
    private let owns: [Bool]
    /// Keys of people with rows rejected by earlier imports: only for them does a merge clear the store.
    private var rejectedKeys: Set<String> = []
    private var known: [String: (id: Int64, hash: Int64)] = [:]
    private static let fields = PersonFields.all
    private static let verificationIndex = PersonFields.index["verification"]!
    private static let insertSQL: String = {
        let columns =
            ["key", "key_is_fallback", "in_queue", "row_hash", "extra", "created_import", "updated_import", "supplied"]
            + fields.map(\.column)
        return
            "INSERT INTO person (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }()

    /// Starts an import: writes its log row and loads the keys already in the register. Only the store makes
    /// one, inside its transaction (`Store.merging`).
    init(db: Database, source: ImportSource) throws {
        self.db = db
        self.source = source
        now = Timestamp.now()
        owns = BatchMerger.fields.map { source.side.owns($0) }
        try db.execute(
            sql: """
                INSERT INTO import (file, content_hash, source_side, kind, imported_at, rows, inserted, updated, unchanged, conflicts, rejected)
                VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)
                """, arguments: [source.file, source.contentHash, source.side.rawValue, source.kind, now])
        importID = db.lastInsertedRowID
        let rows = try Row.fetchCursor(db, sql: "SELECT key, id, row_hash, hukou_region FROM person")
        while let row = try rows.next() {
            let key: String = row[0]
            known[key] = (row[1], row[2])
            storedHukou[key] = .some(row[3])
            if PersonKey.isFallback(key) { fallbackKeys += 1 }
        }
        openConflictPersons = Set(
            try Int64.fetchAll(db, sql: "SELECT DISTINCT person_id FROM conflict WHERE resolved_at IS NULL"))
        rejectedKeys = Set(
            try String.fetchAll(
                db, sql: "SELECT DISTINCT person_key FROM rejected_row WHERE person_key IS NOT NULL AND NOT visit"))
    }

    /// How many people are keyed without an ID number: only then is a new ID checked against their keys.
    private var fallbackKeys = 0
    /// People with open conflicts: only for them do merges look up or settle conflicts.
    private var openConflictPersons: Set<Int64> = []
    private static let selectSQL =
        "SELECT extra, in_queue, supplied, \(fields.map(\.column).joined(separator: ", ")) FROM person WHERE id = ?"

    /// The stored 户籍 code of every person at the start of the import (nil inside when the person has none):
    /// placement of rows that do not, or may not, change it is decided from this.
    public private(set) var storedHukou: [String: String?] = [:]

    /// When a file with the same content was imported before, if it was (to say "already imported").
    public func previousImport() throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT imported_at FROM import WHERE content_hash = ? AND id < ? ORDER BY id LIMIT 1",
            arguments: [source.contentHash, importID])
    }

    /// The person id for a key, if the register has it.
    public func personID(forKey key: String) -> Int64? { known[key]?.id }

    /// Merges one record; returns what happened and how many new conflicts it raised.
    /// - Parameter recordHash: `BatchMerger.hash(record)` when the caller has it already (it is computed once a row).
    public func merge(
        _ record: ValidRecord, at location: InputLocation, inQueue: Bool,
        recordHash: Int64? = nil
    ) throws -> (Outcome, conflicts: Int) {
        // The same values from the other side mean something else (proposals, not updates): the side is hashed too.
        let salt: Int64
        switch source.side {
        case .prison: salt = 0x5bd1_e995
        case .office: salt = 0x2f6b_8a3c_1d4e_7f90
        case .migration: salt = 0x1b87_3593_cc9e_2d51
        }
        let hash = (recordHash ?? BatchMerger.hash(record)) ^ salt
        if fallbackKeys > 0, known[record.key] == nil, !record.keyIsFallback, let fallback = record.fallbackKey,
            let earlier = known[fallback]
        {
            // A person first registered without an ID number now arrives with one: the same record, re-keyed.
            try db.execute(
                sql: "UPDATE person SET key = ?, key_is_fallback = 0 WHERE id = ?", arguments: [record.key, earlier.id])
            try history(earlier.id, field: "key", old: fallback, new: record.key, at: location)
            known[fallback] = nil
            known[record.key] = earlier
            fallbackKeys -= 1
        }
        guard let existing = known[record.key] else {
            try insert(record, hash: hash, inQueue: inQueue, at: location)
            return (.inserted, 0)
        }
        if existing.hash == hash { return (.unchanged, 0) }
        return try update(existing.id, with: record, hash: hash, inQueue: inQueue, at: location)
    }

    /// The insert is the hot path of a first import (measured: GRDB's `StatementArguments` of 58 boxed values
    /// took a third of it), so it binds straight through the SQLite C API on GRDB's cached statement.
    /// A new person takes every value given; those of fields the sender does not own are marked as supplied.
    private func insert(_ record: ValidRecord, hash: Int64, inQueue: Bool, at location: InputLocation) throws {
        let statement = try db.cachedStatement(sql: BatchMerger.insertSQL)
        let raw = RawStatement(statement.sqliteStatement)
        raw.reset()
        raw.bind(1, record.key)
        raw.bind(2, record.keyIsFallback ? 1 : 0)
        raw.bind(3, inQueue ? 1 : 0)
        raw.bind(4, hash)
        raw.bind(5, BatchMerger.encodeExtra(record.extra))
        raw.bind(6, importID)
        raw.bind(7, importID)
        var supplied: Int64 = 0
        for (i, v) in record.values.enumerated() {
            raw.bind(Int32(9 + i), v)
            if v != nil, !owns[i] { supplied |= 1 << Int64(i) }
        }
        raw.bind(8, supplied)
        try raw.step(db)
        let id = db.lastInsertedRowID
        known[record.key] = (id, hash)
        try history(id, field: "*", old: nil, new: "created", at: location)
        if record.keyIsFallback { fallbackKeys += 1 }
    }

    private func addConflict(_ id: Int64, field: String, current: String?, proposed: String, at location: InputLocation)
        throws
    {
        openConflictPersons.insert(id)
        try db.execute(
            sql: """
                INSERT INTO conflict (person_id, field, current_value, proposed_value, proposed_by, import_id,
                                      source_file, source_sheet, source_row, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, field, current, proposed, source.side.rawValue, importID, source.file,
                location.sheet, location.row, now,
            ])
    }

    private func update(
        _ id: Int64, with record: ValidRecord, hash: Int64, inQueue: Bool,
        at location: InputLocation
    ) throws -> (Outcome, conflicts: Int) {
        // Columns by position (GRDB's lookup by name lower-cases the name: 58 times a row adds up).
        let select = try db.cachedStatement(sql: BatchMerger.selectSQL)
        guard let row = try Row.fetchOne(select, arguments: [id]) else {
            throw StoreError(.notFound, key: "error.not-found.person-vanished", ["id": "\(id)"])
        }
        let hasOpenConflicts = openConflictPersons.contains(id)
        let storedSupplied: Int64 = row[2]
        var supplied = storedSupplied
        var assignments: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        var conflicts = 0
        var correctedByPrison = false
        for (i, spec) in BatchMerger.fields.enumerated() {
            guard let new = record.values[i] else { continue }  // a blank cell never clears a value
            let old: String? = row[i + 3]
            let bit: Int64 = 1 << Int64(i)
            if owns[i] {
                supplied &= ~bit  // the owner has spoken: the value is no longer a non-owner's
                if old == new { continue }
                assignments.append("\(spec.column) = ?")
                arguments.append(new)
                try history(id, field: spec.id, old: old, new: new, at: location)
                correctedByPrison = correctedByPrison || source.side == .prison
                // The owner now says what the other side proposed: those proposals are settled.
                if hasOpenConflicts {
                    try db.execute(
                        sql: """
                            UPDATE conflict SET resolved_at = ?, resolution = 'agreed'
                            WHERE person_id = ? AND field = ? AND proposed_value = ? AND resolved_at IS NULL
                            """, arguments: [now, id, spec.id, new])
                }
            } else if old == nil {
                // A non-owner's value fills an empty field, marked as supplied by the non-owner.
                assignments.append("\(spec.column) = ?")
                arguments.append(new)
                supplied |= bit
                try history(id, field: spec.id, old: nil, new: new, at: location)
            } else if old != new, try !hasOpenConflicts || openConflict(id, field: spec.id, proposed: new) == false {
                try addConflict(id, field: spec.id, current: old, proposed: new, at: location)
                conflicts += 1
            }
        }
        // A record the 司法所 could not verify, corrected by the prison, waits for verification again (domain §5:
        // 核实失败 → prison corrects → 待核实), at the prison and at the office alike; the round stays in history.
        let verification = BatchMerger.verificationIndex
        if correctedByPrison, record.values[verification] == nil, (row[verification + 3] as String?) == "核实失败" {
            assignments.append("verification = ?")
            arguments.append("待核实")
            try history(id, field: "verification", old: "核实失败", new: "待核实", at: location)
        }
        if supplied != storedSupplied {
            assignments.append("supplied = ?")
            arguments.append(supplied)
        }
        if !record.extra.isEmpty {
            var merged = BatchMerger.decodeExtra(row[0])
            var changed = false
            for (header, value) in record.extra where merged.first(where: { $0.0 == header })?.1 != value {
                merged.removeAll { $0.0 == header }
                merged.append((header, value))
                changed = true
            }
            if changed {
                assignments.append("extra = ?")
                arguments.append(BatchMerger.encodeExtra(merged))
                try history(id, field: "extra", old: row[0], new: BatchMerger.encodeExtra(merged), at: location)
            }
        }
        // Only a change of values counts as an update (the owner confirming a supplied value does not).
        let applied = assignments.contains { $0 != "supplied = ?" }
        let wasQueued: Bool = row[1]
        if wasQueued != inQueue, applied || inQueue == false {
            assignments.append("in_queue = ?")
            arguments.append(inQueue)
        }
        assignments.append("row_hash = ?")
        arguments.append(hash)
        if applied {
            assignments.append("updated_import = ?")
            arguments.append(importID)
        }
        arguments.append(id)
        // The same sets of changed columns recur across a batch: cached statements, not a compile per row.
        let update = try db.cachedStatement(
            sql: "UPDATE person SET \(assignments.joined(separator: ", ")) WHERE id = ?")
        try update.execute(arguments: StatementArguments(arguments))
        known[record.key] = (id, hash)
        return (applied ? .updated : .unchanged, conflicts)
    }

    private func openConflict(_ id: Int64, field: String, proposed: String) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM conflict WHERE person_id = ? AND field = ? AND proposed_value = ? AND resolved_at IS NULL)
                """, arguments: [id, field, proposed]) ?? false
    }

    private func history(_ id: Int64, field: String, old: String?, new: String?, at location: InputLocation) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO field_history (person_id, field, old_value, new_value, import_id, source_file, source_sheet, source_row, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let raw = RawStatement(statement.sqliteStatement)
        raw.reset()
        raw.bind(1, id)
        raw.bind(2, field)
        raw.bind(3, old)
        raw.bind(4, new)
        raw.bind(5, importID)
        raw.bind(6, source.file)
        raw.bind(7, location.sheet)
        raw.bind(8, location.row.map(Int64.init))
        raw.bind(9, now)
        try raw.step(db)
    }

    /// Marks a person whose 户籍 moved out of the jurisdiction as exited, reason 迁出 (domain §4 注销原因), dated today,
    /// with history; an exit already recorded is kept.
    public func markMovedOut(key: String, on day: CivilDate, at location: InputLocation) throws {
        guard let id = known[key]?.id else { return }
        let exit = PersonFields.spec("exitDate").column
        let reason = PersonFields.spec("exitReason").column
        let old = try Row.fetchOne(db, sql: "SELECT \(exit), \(reason) FROM person WHERE id = ?", arguments: [id])
        let oldDate: String? = old?[0]
        let oldReason: String? = old?[1]
        guard oldDate == nil else { return }
        let today = day.description
        try db.execute(sql: "UPDATE person SET \(exit) = ?, \(reason) = '迁出' WHERE id = ?", arguments: [today, id])
        try history(id, field: "exitDate", old: nil, new: today, at: location)
        try history(id, field: "exitReason", old: oldReason, new: "迁出", at: location)
    }

    /// Keeps a rejected row as it was read, once: the same row rejected again (a re-import) is not stored twice.
    public func reject(_ rejected: RejectedInput) throws {
        let errors = rejected.explanation
        let suspect = rejected.diagnostics.contains { $0.ruleID.hasPrefix("id-") && $0.severity == .error }
        let headers = BatchMerger.json(rejected.headers)
        let cells = BatchMerger.json(rejected.cells)
        var h = FNV1a()
        for part in [
            rejected.location.file, rejected.location.sheet, rejected.location.row.map(String.init), headers, cells,
        ] {
            h.mix(part)
        }
        let content = String(UInt64(bitPattern: h.value), radix: 16)
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO rejected_row (import_id, source_file, source_sheet, source_row, headers, cells, errors,
                                                    suspected_false_identity, person_key, content_hash, error_columns,
                                                    visit)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                importID, rejected.location.file, rejected.location.sheet, rejected.location.row ?? 0,
                headers, cells, errors, suspect, rejected.personKey, content, BatchMerger.json(rejected.errorColumns),
                rejected.isVisit,
            ])
    }

    /// Removes the rejected rows of earlier imports that a correctly imported row stands for: those about the same
    /// person (when `key` is given), and the one an errors-file row names as its origin. Returns how many left the
    /// store.
    public func clearRejected(key: String?, origin: RejectedOrigin?) throws -> Int {
        var removed = 0
        if let key, rejectedKeys.contains(key) {
            // Only rows the same side sent: another side's rejected row about the person still holds its own data.
            try db.execute(
                sql: """
                    DELETE FROM rejected_row WHERE person_key = ? AND NOT visit AND import_id < ?
                    AND import_id IN (SELECT id FROM import WHERE source_side = ?)
                    """, arguments: [key, importID, source.side.rawValue])
            removed += db.changesCount
        }
        if let origin {
            try db.execute(
                sql: """
                    DELETE FROM rejected_row WHERE source_file = ? AND source_row = ? AND coalesce(source_sheet, '') = ?
                    AND import_id < ?
                    """, arguments: [origin.file, origin.row, origin.sheet ?? "", importID])
            removed += db.changesCount
        }
        return removed
    }

    /// Records a visit; false when the same visit is already recorded.
    public func addVisit(personID: Int64, date: String, visitor: String, note: String) throws -> Bool {
        try db.execute(
            sql: "INSERT OR IGNORE INTO visit (person_id, visit_date, visitor, note, import_id) VALUES (?, ?, ?, ?, ?)",
            arguments: [personID, date, visitor, note, importID])
        return db.changesCount > 0
    }

    /// Adds the history that came with people from another office, each change under its original time and with
    /// its source prefixed by where it came from; changes of people not in the register are skipped, and a change
    /// already recorded is not added twice (only people who already hold changes from that origin are checked: a
    /// first package costs one insert a change). Runs in the import's transaction, so the people and their history
    /// are imported together or not at all. Returns how many were added.
    public func addTravellingHistory(_ changes: [TravellingChange], from origin: String) throws -> Int {
        let prefix = "\(origin): "
        let seen = Set(
            try Int64.fetchAll(
                db, sql: "SELECT DISTINCT person_id FROM field_history WHERE source_file LIKE ? || '%'",
                arguments: [prefix]))
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO field_history (person_id, field, old_value, new_value, source_file, changed_at) VALUES (?, ?, ?, ?, ?, ?)
                """)
        let raw = RawStatement(insert.sqliteStatement)
        var added = 0
        for c in changes {
            guard let id = known[c.key]?.id else { continue }
            let source = prefix + (c.source ?? "—")
            if seen.contains(id),
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM field_history WHERE person_id = ? AND field = ? AND old_value IS ? AND new_value IS ?
                                       AND changed_at = ? AND source_file = ?)
                        """, arguments: [id, c.field, c.oldValue, c.newValue, c.changedAt, source]) == true
            {
                continue
            }
            raw.reset()
            raw.bind(1, id)
            raw.bind(2, c.field)
            raw.bind(3, c.oldValue)
            raw.bind(4, c.newValue)
            raw.bind(5, source)
            raw.bind(6, c.changedAt)
            try raw.step(db)
            added += 1
        }
        return added
    }

    /// Writes the final counts to the import log.
    public func finish(_ counts: ImportCounts) throws {
        try db.execute(
            sql: """
                UPDATE import SET rows = ?, inserted = ?, updated = ?, unchanged = ?, conflicts = ?, rejected = ?, outside = ?
                WHERE id = ?
                """,
            arguments: [
                counts.rows, counts.inserted, counts.updated, counts.unchanged, counts.conflicts,
                counts.rejected, counts.outside, importID,
            ])
    }

    /// FNV-1a over the values and unknown columns, separated so that moving text between fields changes it.
    public static func hash(_ record: ValidRecord) -> Int64 {
        var h = FNV1a()
        for v in record.values { h.mix(v) }
        for (k, v) in record.extra {
            h.mix(k)
            h.mix(v)
        }
        return h.value
    }

    static func json(_ strings: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: strings)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func encodeExtra(_ extra: [(String, String)]) -> String? {
        guard !extra.isEmpty else { return nil }
        return json(extra.flatMap { [$0.0, $0.1] })
    }

    static func decodeExtra(_ text: String?) -> [(String, String)] {
        guard let text, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            return []
        }
        return stride(from: 0, to: array.count - 1, by: 2).map { (array[$0], array[$0 + 1]) }
    }
}

/// FNV-1a (64 bits) over a sequence of optional strings, each followed by a separator byte (another for nil),
/// so that text moved from one part to the next changes the hash.
struct FNV1a {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ s: String?) {
        if let s {
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0x1F) &* 0x0000_0100_0000_01B3
        } else {
            h = (h ^ 0x1E) &* 0x0000_0100_0000_01B3
        }
    }

    var value: Int64 { Int64(bitPattern: h) }
}

@available(*, unavailable, message: "lives inside one database transaction")
extension BatchMerger: Sendable {}
