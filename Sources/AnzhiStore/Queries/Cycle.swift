import AnzhiCore
public import Foundation
import GRDB
public import Spreadsheet

/// A message about a person between a prison and a 司法所 (domain §5).
public struct StoredMessage: Sendable, Hashable {
    public var id: Int64
    public var personKey: String
    /// `in` (received) or `out` (written here).
    public var incoming: Bool
    /// The other office's code.
    public var counterpart: String
    public var text: String
    public var writtenAt: String
    /// The package it came in or went out with (nil: not yet sent).
    public var package: String?
    public var readAt: String?
}

/// A pre-release notice (预释放名单 entry) received by a 司法所.
public struct PrereleaseNotice: Sendable, Hashable {
    public var personKey: String
    public var prison: String
    public var expectedRelease: CivilDate?
    public var receivedOn: CivilDate
    public var package: String
}

/// A pre-release notice as it travels from a prison: the person and the release date it announces.
public struct PrereleaseEntry: Sendable, Hashable {
    public var personKey: String
    public var expectedRelease: String

    public init(personKey: String, expectedRelease: String) {
        self.personKey = personKey
        self.expectedRelease = expectedRelease
    }
}

/// A message as it travels in a package.
public struct TravellingMessage: Sendable, Hashable {
    public var personKey: String
    public var text: String
    public var writtenAt: String

    public init(personKey: String, text: String, writtenAt: String) {
        self.personKey = personKey
        self.text = text
        self.writtenAt = writtenAt
    }
}

extension Store {
    /// Records values an office clerk gives for one person (`anzhi verify`, `anzhi receipt`), each change in the
    /// history under `source`. Only fields the office owns are accepted: the office has spoken, so a value that
    /// was a prison's supply is now the office's.
    /// - Returns: how many fields changed.
    @discardableResult
    public func setOfficeFields(personID: Int64, _ values: [(field: String, value: String?)], source: String) throws
        -> Int
    {
        for (field, _) in values where PersonFields.index[field] == nil || PersonFields.spec(field).owner != .office {
            throw StoreError(.invalidArgument, key: "error.invalid-argument.not-office-field", ["field": "\(field)"])
        }
        return try queue.write { db in
            let columns = values.map { PersonFields.spec($0.field).column }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT supplied, \(columns.joined(separator: ", ")) FROM person WHERE id = ?",
                    arguments: [personID])
            else { throw StoreError(.notFound, key: "error.not-found.person") }
            var supplied: Int64 = row[0]
            var changed = 0
            let now = Timestamp.now()
            for (i, (field, value)) in values.enumerated() {
                supplied &= ~(1 << Int64(PersonFields.index[field]!))
                let old: String? = row[i + 1]
                guard old != value else { continue }
                try db.execute(
                    sql: "UPDATE person SET \(columns[i]) = ? WHERE id = ?", arguments: [value, personID])
                try db.execute(
                    sql: """
                        INSERT INTO field_history (person_id, field, old_value, new_value, source_file, changed_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [personID, field, old, value, source, now])
                changed += 1
            }
            try db.execute(sql: "UPDATE person SET supplied = ? WHERE id = ?", arguments: [supplied, personID])
            return changed
        }
    }

    /// The people with a change of one of `fields` recorded under `source` (an import's file name), by handle.
    public func people(changedBy source: String, fields: [String]) throws -> [StoredPerson] {
        let ids = try queue.read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT person_id FROM field_history
                    WHERE source_file = ? AND field IN (SELECT value FROM json_each(?)) ORDER BY person_id
                    """, arguments: [source, "[" + fields.map { "\"\($0)\"" }.joined(separator: ",") + "]"])
        }
        return try people(ids: ids)
    }

    // MARK: Messages

    /// Queues a message about a person for `recipient`'s next outbox package.
    public func queueMessage(personKey: String, to recipient: String, text: String) throws {
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO message (person_key, direction, counterpart, text, written_at) VALUES (?, 'out', ?, ?, ?)
                    """, arguments: [personKey, recipient, text, Timestamp.now()])
        }
    }

    /// Messages written here and not yet sent to `recipient`, oldest first.
    public func unsentMessages(to recipient: String) throws -> [StoredMessage] {
        try messages(where: "direction = 'out' AND package IS NULL AND counterpart = ?", [recipient])
    }

    /// Messages received (only the unread ones with `unreadOnly`), oldest first; each listed one is marked read.
    public func receivedMessages(unreadOnly: Bool, markRead: Bool = true) throws -> [StoredMessage] {
        let list = try messages(where: "direction = 'in'" + (unreadOnly ? " AND read_at IS NULL" : ""), [])
        if markRead, list.contains(where: { $0.readAt == nil }) {
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE message SET read_at = ? WHERE direction = 'in' AND read_at IS NULL AND id <= ?",
                    arguments: [Timestamp.now(), list.map(\.id).max()])
            }
        }
        return list
    }

    /// Every message about one person, both ways, oldest first.
    public func messages(about personKey: String) throws -> [StoredMessage] {
        try messages(where: "person_key = ?", [personKey])
    }

    private func messages(where condition: String, _ arguments: [String]) throws -> [StoredMessage] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, person_key, direction, counterpart, text, written_at, package, read_at FROM message
                    WHERE \(condition) ORDER BY id
                    """, arguments: StatementArguments(arguments)
            ).map {
                StoredMessage(
                    id: $0[0], personKey: $0[1], incoming: ($0[2] as String) == "in", counterpart: $0[3], text: $0[4],
                    writtenAt: $0[5], package: $0[6], readAt: $0[7])
            }
        }
    }

    // MARK: Pre-release notices

    /// The notices this office has received, by person key.
    public func prereleaseNotices() throws -> [String: PrereleaseNotice] {
        try queue.read { db in
            var result: [String: PrereleaseNotice] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT person_key, prison, expected_release, received_on, package FROM prerelease_notice")
            {
                let key: String = row[0]
                result[key] = PrereleaseNotice(
                    personKey: key, prison: row[1], expectedRelease: (row[2] as String?).flatMap(DateText.parse),
                    receivedOn: DateText.parse(row[3] as String) ?? CivilDate(year: 1970, month: 1, day: 1)!,
                    package: row[4])
            }
            return result
        }
    }

    /// Keys and release dates of the notices already sent to `recipient` ("key|date").
    public func prereleaseSent(to recipient: String) throws -> Set<String> {
        try queue.read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT person_key || '|' || expected_release FROM prerelease_sent WHERE recipient = ?",
                    arguments: [recipient]))
        }
    }

    /// Whether the monthly 预释放名单 of `month` (YYYY-MM) has gone out, and when.
    public func prereleaseListSent(month: String) throws -> CivilDate? {
        try queue.read { db in
            try String.fetchOne(db, sql: "SELECT sent_on FROM prerelease_list WHERE month = ?", arguments: [month])
                .flatMap(DateText.parse)
        }
    }

    // MARK: Deadlines

    /// For each person, the day of the latest history entry of `field` whose new value is one of `values`
    /// (`*` with `created` is the day the record arrived). History times carry the same day as the program's today.
    public func lastChangeDays(field: String, to values: [String]) throws -> [Int64: CivilDate] {
        try queue.read { db in
            var result: [Int64: CivilDate] = [:]
            let marks = values.map { _ in "?" }.joined(separator: ", ")
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT person_id, max(substr(changed_at, 1, 10)) FROM field_history
                    WHERE field = ? AND new_value IN (\(marks)) GROUP BY person_id
                    """, arguments: StatementArguments([field] + values))
            {
                if let d = (row[1] as String?).flatMap(DateText.parse) { result[row[0]] = d }
            }
            return result
        }
    }

    /// The day of each person's latest visit.
    public func lastVisitDays() throws -> [Int64: CivilDate] {
        try queue.read { db in
            var result: [Int64: CivilDate] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT person_id, max(visit_date) FROM visit GROUP BY person_id") {
                if let d = (row[1] as String?).flatMap(DateText.parse) { result[row[0]] = d }
            }
            return result
        }
    }
}

/// What one outgoing package carried beside its people, recorded with it in one transaction: the messages now
/// sent and the pre-release notices sent on `day`.
public struct OutgoingExtras: Sendable {
    public var messages: [Int64] = []
    public var notices: [PrereleaseEntry] = []
    /// Report submissions (up) and decisions (down) the package carried.
    public var submissions: [Int64] = []
    public var decisions: [Int64] = []
    public var day: CivilDate?

    public init(
        messages: [Int64] = [], notices: [PrereleaseEntry] = [], submissions: [Int64] = [], decisions: [Int64] = [],
        day: CivilDate? = nil
    ) {
        self.messages = messages
        self.notices = notices
        self.submissions = submissions
        self.decisions = decisions
        self.day = day
    }
}

/// What one incoming package carried beside its people, recorded in one transaction.
public struct IncomingExtras: Sendable {
    public var messages: [TravellingMessage] = []
    public var notices: [PrereleaseEntry] = []
    /// Report submissions from a subordinate, as they came, and decisions from the superior.
    public var submissions: [IncomingSubmission] = []
    public var decisions: [TravellingDecision] = []
    public var day: CivilDate

    public init(messages: [TravellingMessage] = [], notices: [PrereleaseEntry] = [], day: CivilDate) {
        self.messages = messages
        self.notices = notices
        self.day = day
    }
}

/// A report submission as a package brought it: its payload's bytes and the few fields the store files it by.
public struct IncomingSubmission: Sendable {
    public var period: String
    public var payload: Data
    public var provisional: Bool
    public var checksPassed: Bool

    public init(period: String, payload: Data, provisional: Bool, checksPassed: Bool) {
        self.period = period
        self.payload = payload
        self.provisional = provisional
        self.checksPassed = checksPassed
    }
}

extension Store {
    /// Records what a package from `sender` carried besides people (`package` names it in lists) and, in the same
    /// transaction, its number (a number seen again is a no-op): a package is taken whole or not
    /// at all, and a superior taking thousands of reports pays one commit each.
    public func recordIncoming(
        _ extras: IncomingExtras, from sender: String, package: String, sequence: Int, kind: String, file: String
    ) throws {
        try queue.write { db in
            try Store.recordPackage(from: sender, sequence: sequence, kind: kind, file: file, in: db)
            for s in extras.submissions {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO report_submission (direction, office, period, payload, provisional, checks_passed, written_at, package)
                        VALUES ('in', ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [
                        sender, s.period, String(decoding: s.payload, as: UTF8.self), s.provisional, s.checksPassed,
                        Timestamp.now(), package,
                    ])
            }
            for d in extras.decisions {
                try db.execute(
                    sql: """
                        INSERT INTO report_decision (direction, office, period, approved, reason, decided_at, package)
                        VALUES ('in', (SELECT code FROM office), ?, ?, ?, ?, ?)
                        """, arguments: [d.period, d.approved, d.reason, d.decidedAt, package])
            }
            for m in extras.messages {
                try db.execute(
                    sql: """
                        INSERT INTO message (person_key, direction, counterpart, text, written_at, package)
                        VALUES (?, 'in', ?, ?, ?, ?)
                        """, arguments: [m.personKey, sender, m.text, m.writtenAt, package])
            }
            for n in extras.notices {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO prerelease_notice (person_key, prison, expected_release, received_on, package)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [n.personKey, sender, n.expectedRelease, extras.day.description, package])
            }
        }
    }

    /// Called inside `recordOutgoing`'s transaction.
    static func record(_ extras: OutgoingExtras, to recipient: String, file: String, in db: Database) throws {
        try markSent(submissions: extras.submissions, decisions: extras.decisions, file: file, in: db)
        if !extras.messages.isEmpty {
            try db.execute(
                sql: "UPDATE message SET package = ? WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [file, jsonArray(extras.messages)])
        }
        let day = (extras.day ?? CivilDate(year: 1970, month: 1, day: 1)!).description
        for n in extras.notices {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO prerelease_sent (recipient, person_key, expected_release, sent_on) VALUES (?, ?, ?, ?)
                    """, arguments: [recipient, n.personKey, n.expectedRelease, day])
        }
    }

    /// Records that the outbox has sent the 预释放名单 of `month` (YYYY-MM), to whichever offices had people on it.
    public func recordPrereleaseList(month: String, on day: CivilDate) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO prerelease_list (month, sent_on) VALUES (?, ?)",
                arguments: [month, day.description])
        }
    }
}
