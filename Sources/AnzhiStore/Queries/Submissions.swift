public import Foundation
import GRDB
import Spreadsheet

/// A report submission as the store keeps it: who, which period, the payload (JSON, base counts only) and where it
/// stands.
public struct StoredSubmission: Sendable, Hashable {
    public var id: Int64
    public var incoming: Bool
    /// The submitting office (at the superior) or this office (at the subordinate).
    public var office: String
    public var period: String
    public var payload: Data
    public var provisional: Bool
    public var checksPassed: Bool
    public var writtenAt: String
    /// The package it came in or went out with; nil while it waits for the outbox.
    public var package: String?
}

/// A superior's decision on a submission.
public struct StoredDecision: Sendable, Hashable {
    public var id: Int64
    public var incoming: Bool
    /// The subordinate the decision is about.
    public var office: String
    public var period: String
    public var submission: Int64?
    public var approved: Bool
    public var reason: String?
    public var decidedAt: String
    public var package: String?
}

/// A decision as it travels down in a package.
public struct TravellingDecision: Sendable, Hashable, Codable {
    public var period: String
    public var approved: Bool
    public var reason: String?
    public var decidedAt: String

    public init(period: String, approved: Bool, reason: String?, decidedAt: String) {
        self.period = period
        self.approved = approved
        self.reason = reason
        self.decidedAt = decidedAt
    }
}

extension Store {
    /// Queues this office's report for its superior's next outbox.
    public func queueSubmission(period: String, payload: Data, provisional: Bool, checksPassed: Bool) throws {
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO report_submission (direction, office, period, payload, provisional, checks_passed, written_at)
                    VALUES ('out', (SELECT code FROM office), ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    period, String(decoding: payload, as: UTF8.self), provisional, checksPassed, Timestamp.now(),
                ])
        }
    }

    /// Submissions, oldest first: `incoming` ones received from subordinates, or this office's own.
    public func submissions(incoming: Bool, period: String? = nil, unsentOnly: Bool = false) throws
        -> [StoredSubmission]
    {
        try directed(
            "SELECT id, direction, office, period, payload, provisional, checks_passed, written_at, package FROM report_submission",
            incoming: incoming, filters: [("period", period)], unsentOnly: unsentOnly
        ).map {
            StoredSubmission(
                id: $0[0], incoming: ($0[1] as String) == "in", office: $0[2], period: $0[3],
                payload: Data(($0[4] as String).utf8), provisional: $0[5], checksPassed: $0[6], writtenAt: $0[7],
                package: $0[8])
        }
    }

    /// Records the superior's decision on the latest submission of `office` for `period`, queued for its outbox.
    /// - Throws: `notFound` when that office has submitted nothing for the period.
    public func decide(office: String, period: String, approved: Bool, reason: String?) throws {
        try queue.write { db in
            guard
                let submission = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT max(id) FROM report_submission WHERE direction = 'in' AND office = ? AND period = ?
                        """, arguments: [office, period])
            else {
                throw StoreError(
                    .notFound, key: "error.not-found.submission", ["office": "\(office)", "period": "\(period)"])
            }
            try db.execute(
                sql: """
                    INSERT INTO report_decision (direction, office, period, submission, approved, reason, decided_at)
                    VALUES ('out', ?, ?, ?, ?, ?, ?)
                    """, arguments: [office, period, submission, approved, reason, Timestamp.now()])
        }
    }

    /// Decisions, oldest first: made here (`incoming` false) or received from the superior.
    public func decisions(incoming: Bool, period: String? = nil, office: String? = nil, unsentOnly: Bool = false)
        throws -> [StoredDecision]
    {
        try directed(
            "SELECT id, direction, office, period, submission, approved, reason, decided_at, package FROM report_decision",
            incoming: incoming, filters: [("period", period), ("office", office)], unsentOnly: unsentOnly
        ).map {
            StoredDecision(
                id: $0[0], incoming: ($0[1] as String) == "in", office: $0[2], period: $0[3], submission: $0[4],
                approved: $0[5], reason: $0[6], decidedAt: $0[7], package: $0[8])
        }
    }

    /// `select` where `direction` is in or out and each given filter column equals its value (nil ones left
    /// out), unsent ones only with `unsentOnly`, oldest first.
    private func directed(
        _ select: String, incoming: Bool, filters: [(column: String, value: String?)], unsentOnly: Bool
    ) throws -> [Row] {
        try queue.read { db in
            var sql = select + " WHERE direction = ?"
            var arguments: [(any DatabaseValueConvertible)?] = [incoming ? "in" : "out"]
            for (column, value) in filters {
                guard let value else { continue }
                sql += " AND \(column) = ?"
                arguments.append(value)
            }
            if unsentOnly { sql += " AND package IS NULL" }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: StatementArguments(arguments))
        }
    }

    /// Marks submissions and decisions as gone with a package (inside `recordOutgoing`'s transaction).
    static func markSent(submissions: [Int64], decisions: [Int64], file: String, in db: Database) throws {
        if !submissions.isEmpty {
            try db.execute(
                sql: "UPDATE report_submission SET package = ? WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [file, jsonArray(submissions)])
        }
        if !decisions.isEmpty {
            try db.execute(
                sql: "UPDATE report_decision SET package = ? WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [file, jsonArray(decisions)])
        }
    }
}
