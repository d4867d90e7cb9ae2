import AnzhiCore
import Foundation
import GRDB
public import Spreadsheet

/// Where a person stands on a given day, as the old client's 分类查询 named it (domain §5–§6). A person may
/// stand in several at once (在册 and 脱管, 在押 and 待核实).
public enum PersonStatus: String, Sendable, CaseIterable, Codable {
    /// Not yet released (no release date on or before the day).
    case inCustody = "在押"
    /// In custody and not yet verified by the 司法所.
    case awaitingVerification = "待核实"
    case verified = "核实成功"
    case verificationFailed = "核实失败"
    /// Released and within the help-education term, with no exit (domain §6).
    case onRegister = "在册"
    /// On the register and out of contact (脱管).
    case lostContact = "脱管"
    /// The term has ended without an exit being recorded.
    case termEnded = "期满"
    /// An exit (注销) is recorded on or before the day.
    case exited = "已注销"
    /// Waiting in this office's assignment queue.
    case queued = "待分配"
}

/// What `persons list` looks for; every given criterion must hold.
public struct PersonFilter: Sendable {
    /// Part of the name (or 曾用名).
    public var name: String?
    /// A region code prefix of the 户籍 (a township, a county …).
    public var hukouRegion: String?
    public var status: PersonStatus?
    public var releasedFrom: CivilDate?
    public var releasedTo: CivilDate?

    public init(
        name: String? = nil, hukouRegion: String? = nil, status: PersonStatus? = nil,
        releasedFrom: CivilDate? = nil, releasedTo: CivilDate? = nil
    ) {
        self.name = name
        self.hukouRegion = hukouRegion
        self.status = status
        self.releasedFrom = releasedFrom
        self.releasedTo = releasedTo
    }
}

extension StoredPerson {
    /// The statuses that hold on `day`.
    public func statuses(on day: CivilDate) -> [PersonStatus] {
        func date(_ field: String) -> CivilDate? { value(field).flatMap(DateText.parse) }
        var result: [PersonStatus] = []
        let release = date("releaseDate")
        let exit = date("exitDate")
        if release.map({ $0 > day }) ?? true {
            result.append(.inCustody)
            if value("verification") == nil || value("verification") == "待核实" { result.append(.awaitingVerification) }
        }
        if value("verification") == "核实成功" { result.append(.verified) }
        if value("verification") == "核实失败" { result.append(.verificationFailed) }
        if let release, release <= day {
            let years = HelpTerm.years(
                releaseSource: value("releaseSource"), releaseType: value("releaseType"),
                override: value("helpTermYears"))
            let end = HelpTerm.end(release: release, years: years)
            let exited = exit.map { $0 <= day } ?? false
            if day < end && !exited {
                result.append(.onRegister)
                if let lost = date("lostContactSince"), lost <= day { result.append(.lostContact) }
            } else if !exited {
                result.append(.termEnded)
            }
        }
        if let exit, exit <= day { result.append(.exited) }
        if inQueue { result.append(.queued) }
        return result
    }
}

extension Store {
    /// The people that match `filter` on `day`, ordered by handle.
    public func people(matching filter: PersonFilter, on day: CivilDate) throws -> [StoredPerson] {
        try queue.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let name = filter.name {
                conditions.append("(instr(name, ?) > 0 OR instr(coalesce(alias, ''), ?) > 0)")
                arguments += [name, name]
            }
            if let region = filter.hukouRegion {
                conditions.append(Store.hukouUnder)
                arguments += [RegionCode.significant(region), RegionCode.significant(region)]
            }
            // ISO dates compare as text.
            if let from = filter.releasedFrom {
                conditions.append("release_date >= ?")
                arguments += [from.description]
            }
            if let to = filter.releasedTo {
                conditions.append("release_date <= ?")
                arguments += [to.description]
            }
            let sql =
                Store.selectPerson + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY id"
            var result: [StoredPerson] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let p = Store.person(from: row)
                if let status = filter.status, !p.statuses(on: day).contains(status) { continue }
                result.append(p)
            }
            return result
        }
    }

    /// The people with these ids, in the order given (one query, for lists behind report figures). With `fields`,
    /// only those fields are read (the others are nil): a list of tens of thousands of people needs a dozen.
    public func people(ids: [Int64], fields: [String]? = nil) throws -> [StoredPerson] {
        var byID: [Int64: StoredPerson] = [:]
        let wanted = fields.map { Set($0.compactMap { PersonFields.index[$0] }) }
        try scan(
            sql: Store.selectPerson + " WHERE id IN (SELECT value FROM json_each(?))", arguments: [Store.jsonArray(ids)]
        ) {
            let p = Store.person(raw: $0, fields: wanted)
            byID[p.id] = p
        }
        return ids.compactMap { byID[$0] }
    }
}
