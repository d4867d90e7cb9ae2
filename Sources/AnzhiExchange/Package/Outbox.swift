public import AnzhiCore
public import AnzhiStore
import Foundation
public import Spreadsheet

/// One package the outbox wrote.
public struct OutboxEntry: Sendable {
    public var recipient: Office
    public var sequence: Int
    public var people: Int
    public var directoryEntries: Int
    /// 核实 results and receipts (to a prison), pre-release notices (from a prison) and messages.
    public var results = 0
    public var notices = 0
    public var messages = 0
    /// Report submissions (to the superior) and review decisions (to a subordinate).
    public var reports = 0
    public var decisions = 0
    public var file: String
}

/// Writes one package per recipient holding everything new for it since the last package to it: the people it is
/// responsible for (a leadership office's people under a subordinate's region; a prison's people to the lowest
/// office it knows whose region covers their 户籍), the directory entries it has not seen (down to subordinates,
/// and a subordinate's own subtree up to its superior), and the prison ↔ 司法所 cycle (domain §5): 核实 results and
/// receipts to the prison that holds each person, pre-release notices from the prison, messages both ways.
public struct Outbox {
    public let store: Store
    public let keys: OfficeKeys

    /// Called with the number of people written into packages so far, every 1,000 (progress on a terminal).
    public var progress: ((Int) -> Void)?
    /// People written so far, across the packages of one `write`.
    private final class Counter { var written = 0 }
    private let counter = Counter()

    public init(store: Store, keys: OfficeKeys) {
        self.store = store
        self.keys = keys
    }

    /// What goes to one recipient.
    private struct Delivery {
        var target: DirectoryEntry
        /// A subordinate's region: its people are read when its package is written, one subordinate at a time (a
        /// province holding a million people never has them all in memory at once).
        var region: String?
        var people: [StoredPerson] = []
        var results: [StoredPerson] = []
        var notices: [PrereleaseEntry] = []
    }

    /// Writes the packages into `folder` (only the one for `recipient` when given) and records what they carried;
    /// `today` decides which pre-release notices are due and which month's 预释放名单 they complete.
    public func write(to folder: String, only recipient: String? = nil, created: String, today: CivilDate) throws
        -> [OutboxEntry]
    {
        let me = try store.office()
        let directory = try store.directory()
        let subtree = Outbox.subtree(of: me.code, in: directory)
        let superior = directory.first { $0.office.code == me.code }?.parent
        var written: [OutboxEntry] = []
        for var delivery in try deliveries(me: me, directory: directory, today: today)
        where recipient == nil || delivery.target.office.code == recipient {
            let target = delivery.target
            let code = target.office.code
            if let region = delivery.region {
                delivery.people = try store.people(underRegion: region) + delivery.people
            }
            let sent = try store.sentHashes(to: code)
            delivery.people = delivery.people.filter { sent[$0.id] != $0.contentHash }
            delivery.results = delivery.results.filter { sent[$0.id] != $0.contentHash }
            // Directory entries go down to subordinates (a superior tells them whom they may trust), and up to the
            // superior for this office's own subtree (so that a prison the province enrolled learns the 司法所 it
            // exchanges with directly).
            let known = try store.sentDirectory(to: code)
            let entries = directory.filter {
                guard $0.office.code != code, $0.signingKey != nil, !known.contains($0.office.code) else {
                    return false
                }
                if target.parent == me.code { return true }
                return code == superior && subtree.contains($0.office.code)
            }
            let messages = try store.unsentMessages(to: code)
            // Reports go up to the superior; the superior's decisions on them go down.
            let submissions = code == superior ? try store.submissions(incoming: false, unsentOnly: true) : []
            let decisions = try store.decisions(incoming: false, office: code, unsentOnly: true)
            guard
                !delivery.people.isEmpty || !delivery.results.isEmpty || !delivery.notices.isEmpty
                    || !messages.isEmpty || !entries.isEmpty || !submissions.isEmpty || !decisions.isEmpty,
                let agreement = target.agreementKey
            else { continue }
            let sequence = try store.nextOutgoingSequence(to: code)
            var parts: [PackagePart] = []
            if !delivery.people.isEmpty {
                parts.append(PackagePart(name: "payload/people.xlsx", bytes: try sheet(delivery.people), sealed: true))
                // The people's history travels with them (sealed too: it holds their values).
                var history = try store.travellingHistory(of: delivery.people.map(\.id))
                if me.level.isCustodial {
                    // A prison's record of the office's fields is the office's own answers: they do not travel back.
                    history.removeAll {
                        PersonFields.index[$0.field].map { PersonFields.all[$0].owner == .office } ?? false
                    }
                }
                parts.append(
                    PackagePart(name: "payload/history.csv", bytes: try HistoryCSV.write(history), sealed: true))
            }
            if !delivery.results.isEmpty {
                parts.append(
                    PackagePart(name: "payload/results.xlsx", bytes: try sheet(delivery.results), sealed: true))
            }
            if !delivery.notices.isEmpty {
                parts.append(
                    PackagePart(
                        name: "payload/prerelease.csv", bytes: CycleCSV.notices(delivery.notices), sealed: true))
            }
            if !messages.isEmpty {
                parts.append(
                    PackagePart(name: "payload/messages.csv", bytes: CycleCSV.messages(messages), sealed: true))
            }
            if !entries.isEmpty {
                parts.append(PackagePart(name: "payload/directory.xml", bytes: Directory.xml(entries), sealed: false))
            }
            if !submissions.isEmpty {
                // The stored JSON of each submission, as it was made, in a JSON array.
                let array =
                    "[" + submissions.map { String(decoding: $0.payload, as: UTF8.self) }.joined(separator: ",") + "]"
                parts.append(PackagePart(name: "payload/reports.json", bytes: Array(array.utf8), sealed: true))
            }
            if !decisions.isEmpty {
                let travelling = decisions.map {
                    TravellingDecision(
                        period: $0.period, approved: $0.approved, reason: $0.reason, decidedAt: $0.decidedAt)
                }
                parts.append(
                    PackagePart(
                        name: "payload/decisions.json", bytes: Array(try JSONEncoder().encode(travelling)), sealed: true
                    ))
            }
            let file = (folder as NSString).appendingPathComponent("\(me.code)-\(code)-\(sequence).zip")
            try UpdatePackage.write(
                to: file, kind: .people, sender: me, keys: keys, recipient: code,
                recipientAgreementKey: agreement, sequence: sequence, parts: parts, created: created)
            try store.recordOutgoing(
                to: code, sequence: sequence, kind: "people", file: file,
                people: (delivery.people + delivery.results).map { ($0.id, $0.contentHash) },
                directory: entries.map(\.office.code),
                extras: OutgoingExtras(
                    messages: messages.map(\.id), notices: delivery.notices, submissions: submissions.map(\.id),
                    decisions: decisions.map(\.id), day: today))
            written.append(
                OutboxEntry(
                    recipient: target.office, sequence: sequence, people: delivery.people.count,
                    directoryEntries: entries.count, results: delivery.results.count,
                    notices: delivery.notices.count, messages: messages.count, reports: submissions.count,
                    decisions: decisions.count, file: file))
        }
        if me.level.isCustodial, recipient == nil {
            try store.recordPrereleaseList(month: Outbox.month(today), on: today)
        }
        return written
    }

    /// `YYYY-MM` of a day: the month a 预释放名单 belongs to.
    public static func month(_ day: CivilDate) -> String { String(day.description.prefix(7)) }

    /// The offices below `code` (its subordinates, theirs, and so on), by the parents the directory records.
    static func subtree(of code: String, in directory: [DirectoryEntry]) -> Set<String> {
        var result: Set<String> = []
        var frontier = [code]
        while let next = frontier.popLast() {
            for e in directory where e.parent == next && !result.contains(e.office.code) {
                result.insert(e.office.code)
                frontier.append(e.office.code)
            }
        }
        return result
    }

    /// Each recipient with what it should receive (before the changed-only filter).
    private func deliveries(me: Office, directory: [DirectoryEntry], today: CivilDate) throws -> [Delivery] {
        let others = directory.filter { $0.office.code != me.code && $0.agreementKey != nil }
        let offices = others.filter { !$0.office.level.isCustodial && $0.office.region != nil }
        var routes: [Delivery] = []
        func delivery(_ entry: DirectoryEntry) -> Int {
            if let i = routes.firstIndex(where: { $0.target.office.code == entry.office.code }) { return i }
            routes.append(Delivery(target: entry))
            return routes.count - 1
        }
        if me.level.isCustodial {
            // A prison sends each person to the lowest office it knows whose region covers the 户籍, as the prison
            // says it: its own code as 监所代码, none of the office's fields (the office owns them). A person due for
            // release before the end of next month goes with a pre-release notice (预释放名单), once per date.
            for entry in offices { _ = delivery(entry) }
            // Read before the scan: the store serves one read at a time.
            let sentNotices = try Dictionary(
                uniqueKeysWithValues: offices.map { ($0.office.code, try store.prereleaseSent(to: $0.office.code)) })
            let horizon = Outbox.endOfNextMonth(today)
            try store.forEachPerson(ordered: false) { p in
                guard let lowest = Outbox.lowest(offices, covering: p) else { return }
                let i = delivery(lowest)
                routes[i].people.append(Outbox.asPrisonSays(p, prison: me.code))
                guard p.value("releaseDate") == nil, let expected = p.value("expectedRelease"),
                    let day = DateText.parse(expected), day >= today, day <= horizon
                else { return }
                if sentNotices[lowest.office.code]?.contains("\(p.key)|\(expected)") != true {
                    routes[i].notices.append(PrereleaseEntry(personKey: p.key, expectedRelease: expected))
                }
            }
        } else {
            // A leadership office routes its people down to the direct subordinate whose region covers their 户籍; a
            // prison it enrolled gets no people, only the directory (whom it may send to).
            for entry in others where entry.parent == me.code {
                let i = delivery(entry)
                if !entry.office.level.isCustodial, let region = entry.office.region {
                    routes[i].region = region
                }
            }
            // The superior, for this office's subtree in the directory.
            if let parent = directory.first(where: { $0.office.code == me.code })?.parent,
                let entry = others.first(where: { $0.office.code == parent })
            {
                _ = delivery(entry)
            }
            // A 司法所's answers (核实, 回执) go to the prison that holds each person, once it has given one.
            let prisons = Dictionary(
                others.filter { $0.office.level.isCustodial }.map { ($0.office.code, $0) },
                uniquingKeysWith: { a, _ in a })
            // People who moved away (迁出) go to the lowest office it knows whose region covers the new 户籍, without
            // the exit, which is this office's record of their leaving, not the new office's.
            let mine = me.region.map(RegionCode.significant) ?? ""
            try store.forEachPerson(ordered: false) { p in
                if me.level == .township, let holder = p.value("institutionCode"), let prison = prisons[holder],
                    PersonFields.cycle.contains(where: { p.value($0) != nil })
                {
                    routes[delivery(prison)].results.append(Outbox.asOfficeAnswers(p))
                }
                guard p.value("exitReason") == "迁出", let hukou = p.value("hukouRegion").map(RegionCode.significant),
                    !hukou.hasPrefix(mine), let lowest = Outbox.lowest(offices, covering: p)
                else { return }
                var sent = p
                sent.values[PersonFields.index["exitDate"]!] = nil
                sent.values[PersonFields.index["exitReason"]!] = nil
                routes[delivery(lowest)].people.append(sent)
            }
        }
        // Anyone else this office has messages for.
        for entry in others where !routes.contains(where: { $0.target.office.code == entry.office.code }) {
            if try !store.unsentMessages(to: entry.office.code).isEmpty { _ = delivery(entry) }
        }
        return routes
    }

    /// The office a message about `person` goes to: at a prison, the office the person's record goes to; at an
    /// office, the prison that holds the person (监所代码).
    public func counterpart(of person: StoredPerson) throws -> DirectoryEntry? {
        let me = try store.office()
        let others = try store.directory().filter { $0.office.code != me.code && $0.agreementKey != nil }
        if me.level.isCustodial {
            return Outbox.lowest(
                others.filter { !$0.office.level.isCustodial && $0.office.region != nil }, covering: person)
        }
        guard let holder = person.value("institutionCode") else { return nil }
        return others.first { $0.office.code == holder && $0.office.level.isCustodial }
    }

    /// The last day of the month after `day`'s: the horizon of a 预释放名单 sent in `day`'s month.
    static func endOfNextMonth(_ day: CivilDate) -> CivilDate {
        let (y, m) = day.month == 12 ? (day.year + 1, 1) : (day.year, day.month + 1)
        return CivilDate(year: y, month: m, day: CivilDate.daysIn(month: m, year: y))!
    }

    /// A person as a prison sends them: with its code as 监所代码 and without the office's fields.
    static func asPrisonSays(_ p: StoredPerson, prison: String) -> StoredPerson {
        var sent = p
        for (i, spec) in PersonFields.all.enumerated() where spec.owner == .office { sent.values[i] = nil }
        if sent.values[PersonFields.index["institutionCode"]!] == nil {
            sent.values[PersonFields.index["institutionCode"]!] = prison
        }
        return sent
    }

    /// A person as a 司法所 answers the prison: the name and ID number that identify them, and the office's 核实
    /// and 回执 fields; nothing else (the prison owns the rest).
    static func asOfficeAnswers(_ p: StoredPerson) -> StoredPerson {
        var sent = p
        let keep = Set(["name", "idNumber"] + PersonFields.cycle).map { PersonFields.index[$0]! }
        for i in sent.values.indices where !keep.contains(i) { sent.values[i] = nil }
        sent.extra = []
        return sent
    }

    /// Of the offices whose regions cover the person's 户籍, the lowest (the longest significant region code).
    static func lowest(_ offices: [DirectoryEntry], covering person: StoredPerson) -> DirectoryEntry? {
        guard let hukou = person.value("hukouRegion").map(RegionCode.significant) else { return nil }
        return offices.filter { hukou.hasPrefix(RegionCode.significant($0.office.region ?? "-")) }.max {
            RegionCode.significant($0.office.region ?? "").count < RegionCode.significant($1.office.region ?? "").count
        }
    }

    /// The people as an XLSX in the import template layout (read at the recipient by the same import code).
    private func sheet(_ people: [StoredPerson]) throws -> [UInt8] {
        try TemporaryFiles.withTemporaryPath(suffix: ".xlsx") { path in
            let before = counter.written
            let report = { (n: Int) in
                counter.written = before + n
                if counter.written % 1_000 == 0 { progress?(counter.written) }
            }
            // Strings inline: a machine reads this sheet once, row by row, and a shared-string table of 100,000
            // people (mostly unique names, numbers and addresses) would only be built here and loaded whole there
            // before the first row.
            _ = try PersonSheets.writePeople(
                to: path, options: XLSXWriter.Options(sharedStrings: false), progress: report
            ) { body in for p in people { try body(p) } }
            return try FileBytes.read(path)
        }
    }
}

/// Small tables as they travel in a package: RFC 4180, UTF-8, LF, a header line; a field is quoted only when it
/// holds `,` `"` or a line break. One writer and one parser for every such part (history, messages, notices).
enum PartCSV {
    /// Appends one record (nil fields are written empty).
    static func append(_ fields: [String?], to out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(0x2C) }
            guard let value = f else { continue }
            if value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out.append(0x22)
                for b in value.utf8 {
                    if b == 0x22 { out.append(0x22) }
                    out.append(b)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: value.utf8)
            }
        }
        out.append(0x0A)
    }

    /// A whole part: the header, then the rows.
    static func write(header: [String], rows: [[String?]]) -> [UInt8] {
        var out: [UInt8] = []
        append(header, to: &out)
        for r in rows { append(r, to: &out) }
        return out
    }

    /// Calls `body` with each record after the header (an empty unquoted field is nil); empty lines are skipped. A
    /// record without `columns` fields refuses the part: a signed part that does not parse was made wrong, and its
    /// records must not vanish one by one. Parsed from memory: a package of 100,000 people carries at least as many
    /// changes of history.
    static func parse(_ bytes: [UInt8], columns: Int, location: InputLocation, _ body: ([String?]) -> Void) throws {
        var fields: [String?] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var first = true
        var line = 1  // where the current record starts
        var embedded = 0  // line breaks inside its quoted fields
        var i = 0
        func endField() {
            fields.append(field.isEmpty && !wasQuoted ? nil : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() throws {
            endField()
            defer { fields.removeAll(keepingCapacity: true) }
            if first {
                first = false
                return
            }
            if fields.count == 1 && fields[0] == nil { return }
            guard fields.count == columns else {
                throw PackageError(
                    .partAltered, key: "error.part-altered.columns",
                    ["line": "\(line)", "expected": "\(columns)", "found": "\(fields.count)"], location: location)
            }
            body(fields)
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if b == 0x0A { embedded += 1 }
                    field.append(b)
                }
            } else if b == 0x22 {
                quoted = true
                wasQuoted = true
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A {
                try endRecord()
                line += 1 + embedded
                embedded = 0
            } else if b != 0x0D {
                field.append(b)
            }
            i += 1
        }
        if quoted {
            throw PackageError(.partAltered, key: "error.part-altered.quoted-field", location: location)
        }
        if !field.isEmpty || !fields.isEmpty { try endRecord() }
    }
}

/// A person's history as it travels in a package (`payload/history.csv`): key, field, old value, new value, source,
/// time. A value is written with a leading `=` so that an empty value and no value differ.
enum HistoryCSV {
    static let header = ["key", "field", "old", "new", "source", "changed_at"]

    static func write(_ changes: [TravellingChange]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(changes.count * 96)
        PartCSV.append(header, to: &out)
        for c in changes {
            PartCSV.append(
                [c.key, c.field, c.oldValue.map { "=" + $0 }, c.newValue.map { "=" + $0 }, c.source, c.changedAt],
                to: &out)
        }
        return out
    }

    static func read(_ bytes: [UInt8], location: InputLocation) throws -> [TravellingChange] {
        var changes: [TravellingChange] = []
        try PartCSV.parse(bytes, columns: header.count, location: location) { f in
            guard let key = f[0], let name = f[1] else { return }
            changes.append(
                TravellingChange(
                    key: key, field: name, oldValue: f[2].map { String($0.dropFirst()) },
                    newValue: f[3].map { String($0.dropFirst()) }, source: f[4], changedAt: f[5] ?? ""))
        }
        return changes
    }
}

/// Messages about people (`payload/messages.csv`: key, text, written_at) and pre-release notices
/// (`payload/prerelease.csv`: key, expected_release).
enum CycleCSV {
    static let messageHeader = ["key", "text", "written_at"]
    static let noticeHeader = ["key", "expected_release"]

    static func messages(_ list: [StoredMessage]) -> [UInt8] {
        PartCSV.write(header: messageHeader, rows: list.map { [$0.personKey, $0.text, $0.writtenAt] })
    }

    static func readMessages(_ bytes: [UInt8], location: InputLocation) throws -> [TravellingMessage] {
        var result: [TravellingMessage] = []
        try PartCSV.parse(bytes, columns: messageHeader.count, location: location) { f in
            guard let key = f[0], let text = f[1] else { return }
            result.append(TravellingMessage(personKey: key, text: text, writtenAt: f[2] ?? ""))
        }
        return result
    }

    static func notices(_ list: [PrereleaseEntry]) -> [UInt8] {
        PartCSV.write(header: noticeHeader, rows: list.map { [$0.personKey, $0.expectedRelease] })
    }

    static func readNotices(_ bytes: [UInt8], location: InputLocation) throws -> [PrereleaseEntry] {
        var result: [PrereleaseEntry] = []
        try PartCSV.parse(bytes, columns: noticeHeader.count, location: location) { f in
            guard let key = f[0], let date = f[1] else { return }
            result.append(PrereleaseEntry(personKey: key, expectedRelease: date))
        }
        return result
    }
}

/// Directory entries as they travel in a package (`payload/directory.xml`): offices and their public keys.
enum Directory {
    static let namespace = "urn:anzhi:directory:1"

    static func xml(_ entries: [DirectoryEntry]) -> [UInt8] {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<directory xmlns=\"\(namespace)\">\n"
        for e in entries {
            x +=
                "  <entry code=\"\(XMLText.attribute(e.office.code))\" name=\"\(XMLText.attribute(e.office.name))\" level=\"\(e.office.level.rawValue)\""
            if let r = e.office.region { x += " region=\"\(XMLText.attribute(r))\"" }
            if let p = e.parent { x += " parent=\"\(XMLText.attribute(p))\"" }
            if let s = e.signingKey { x += " signing=\"\(s.base64EncodedString())\"" }
            if let a = e.agreementKey { x += " agreement=\"\(a.base64EncodedString())\"" }
            x += "/>\n"
        }
        return Array((x + "</directory>\n").utf8)
    }

    static func parse(_ bytes: [UInt8], location: InputLocation) throws -> [DirectoryEntry] {
        let root = try XMLDocument.parse(bytes, location: location)
        return root.children.filter { $0.name == "entry" }.compactMap { e in
            guard let code = e.attributes["code"], let name = e.attributes["name"],
                let level = e.attributes["level"].flatMap(OfficeLevel.init(rawValue:))
            else { return nil }
            return DirectoryEntry(
                office: Office(code: code, name: name, level: level, region: e.attributes["region"]),
                parent: e.attributes["parent"], signingKey: e.attributes["signing"].flatMap { Data(base64Encoded: $0) },
                agreementKey: e.attributes["agreement"].flatMap { Data(base64Encoded: $0) }, source: "directory")
        }
    }
}
