public import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

/// One package the outbox wrote.
public struct OutboxEntry: Sendable {
    public var recipient: Office
    public var sequence: Int
    public var people: Int
    public var directoryEntries: Int
    public var file: String
}

/// Writes one package per recipient holding everything new for it since the last package to it: the people it is
/// responsible for (a leadership office's people under a subordinate's region; a prison's people to the lowest
/// office it knows whose region covers their 户籍), and the directory entries a subordinate has not seen.
public struct Outbox {
    public let store: Store
    public let keys: OfficeKeys

    public init(store: Store, keys: OfficeKeys) {
        self.store = store
        self.keys = keys
    }

    /// Writes the packages into `folder` (only the one for `recipient` when given) and records what they carried.
    public func write(to folder: String, only recipient: String? = nil, created: String) throws -> [OutboxEntry] {
        let me = try store.office()
        let directory = try store.directory()
        var written: [OutboxEntry] = []
        for (target, people) in try routes(me: me, directory: directory)
        where recipient == nil || target.office.code == recipient {
            let sent = try store.sentHashes(to: target.office.code)
            let changed = people.filter { sent[$0.id] != $0.contentHash }
            // Directory entries go down only (a superior tells its subordinates whom they may trust).
            let known = try store.sentDirectory(to: target.office.code)
            let entries =
                target.parent == me.code
                ? directory.filter {
                    $0.office.code != target.office.code && $0.signingKey != nil && !known.contains($0.office.code)
                }
                : []
            guard !changed.isEmpty || !entries.isEmpty, let agreement = target.agreementKey else { continue }
            let sequence = try store.nextOutgoingSequence(to: target.office.code)
            var parts: [PackagePart] = []
            if !changed.isEmpty {
                parts.append(PackagePart(name: "payload/people.xlsx", bytes: try sheet(changed), sealed: true))
                // The people's history travels with them (sealed too: it holds their values).
                let history = try store.travellingHistory(of: changed.map(\.id))
                parts.append(
                    PackagePart(name: "payload/history.csv", bytes: try HistoryCSV.write(history), sealed: true))
            }
            if !entries.isEmpty {
                parts.append(PackagePart(name: "payload/directory.xml", bytes: Directory.xml(entries), sealed: false))
            }
            let file = (folder as NSString).appendingPathComponent("\(me.code)-\(target.office.code)-\(sequence).zip")
            try UpdatePackage.write(
                to: file, kind: .people, sender: me, keys: keys, recipient: target.office.code,
                recipientAgreementKey: agreement, sequence: sequence, parts: parts, created: created)
            try store.recordOutgoing(
                to: target.office.code, sequence: sequence, kind: "people", file: file,
                people: changed.map { ($0.id, $0.contentHash) }, directory: entries.map(\.office.code))
            written.append(
                OutboxEntry(
                    recipient: target.office, sequence: sequence, people: changed.count,
                    directoryEntries: entries.count, file: file))
        }
        return written
    }

    /// Each recipient with the people it should hold.
    private func routes(me: Office, directory: [DirectoryEntry]) throws -> [(DirectoryEntry, [StoredPerson])] {
        let others = directory.filter { $0.office.code != me.code && $0.agreementKey != nil }
        if me.level.isCustodial {
            // A prison sends each person to the lowest office it knows whose region covers the 户籍 code.
            let offices = others.filter { !$0.office.level.isCustodial && $0.office.region != nil }
            var byOffice: [String: [StoredPerson]] = [:]
            try store.forEachPerson(ordered: false) { p in
                guard let hukou = p.value("hukouRegion").map(RegionCode.significant) else { return }
                let covering = offices.filter { hukou.hasPrefix(RegionCode.significant($0.office.region!)) }
                if let lowest = Outbox.lowest(covering) {
                    byOffice[lowest.office.code, default: []].append(p)
                }
            }
            return offices.map { ($0, byOffice[$0.office.code] ?? []) }
        }
        // A leadership office routes its people down to the direct subordinate whose region covers their 户籍; a
        // prison it enrolled gets no people, only the directory (whom it may send to).
        var routes = try others.filter { $0.parent == me.code }.map { entry -> (DirectoryEntry, [StoredPerson]) in
            guard !entry.office.level.isCustodial, let region = entry.office.region else { return (entry, []) }
            return (entry, try store.people(underRegion: region))
        }
        // People who moved away (迁出) go to the lowest office it knows whose region covers the new 户籍, without
        // the exit, which is this office's record of their leaving, not the new office's.
        let mine = me.region.map(RegionCode.significant) ?? ""
        let offices = others.filter { !$0.office.level.isCustodial && $0.office.region != nil }
        try store.forEachPerson(ordered: false) { p in
            guard p.value("exitReason") == "迁出", let hukou = p.value("hukouRegion").map(RegionCode.significant),
                !hukou.hasPrefix(mine)
            else { return }
            let covering = offices.filter { hukou.hasPrefix(RegionCode.significant($0.office.region!)) }
            guard let lowest = Outbox.lowest(covering) else { return }
            var sent = p
            sent.values[PersonFields.index["exitDate"]!] = nil
            sent.values[PersonFields.index["exitReason"]!] = nil
            if let i = routes.firstIndex(where: { $0.0.office.code == lowest.office.code }) {
                routes[i].1.append(sent)
            } else {
                routes.append((lowest, [sent]))
            }
        }
        return routes
    }

    /// Of the offices whose regions cover a 户籍, the lowest (the longest significant region code).
    static func lowest(_ covering: [DirectoryEntry]) -> DirectoryEntry? {
        covering.max {
            RegionCode.significant($0.office.region ?? "").count < RegionCode.significant($1.office.region ?? "").count
        }
    }

    /// The people as an XLSX in the import template layout (read at the recipient by the same import code).
    private func sheet(_ people: [StoredPerson]) throws -> [UInt8] {
        try TemporaryFiles.withPrivateFile(suffix: ".xlsx") { path in
            _ = try PersonSheets.writePeople(to: path) { body in for p in people { try body(p) } }
            return try FileBytes.read(path)
        }
    }
}

/// A person's history as it travels in a package (`payload/history.csv`, RFC 4180, UTF-8): key, field, old value,
/// new value, source, time.
enum HistoryCSV {
    static let header = ["key", "field", "old", "new", "source", "changed_at"]

    static func write(_ changes: [TravellingChange]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(changes.count * 96)
        func field(_ s: String?, prefix: String = "") {
            guard let s else { return }
            let value = prefix + s
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
        out.append(contentsOf: (header.joined(separator: ",") + "\n").utf8)
        for c in changes {
            field(c.key)
            out.append(0x2C)
            field(c.field)
            out.append(0x2C)
            field(c.oldValue, prefix: "=")
            out.append(0x2C)
            field(c.newValue, prefix: "=")
            out.append(0x2C)
            field(c.source)
            out.append(0x2C)
            field(c.changedAt)
            out.append(0x0A)
        }
        return out
    }

    /// Reads the history back; a value is written with a leading `=` so that an empty value and no value differ.
    static func read(_ bytes: [UInt8], location: InputLocation) throws -> [TravellingChange] {
        // Parsed from memory: RFC 4180 as `write` makes it (a field is quoted only when it holds `,` `"` or a line
        // break). A package of 100,000 people carries at least as many changes.
        var changes: [TravellingChange] = []
        var fields: [String?] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var first = true
        var i = 0
        func endField() {
            fields.append(field.isEmpty && !wasQuoted ? nil : String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRecord() {
            endField()
            defer { fields.removeAll(keepingCapacity: true) }
            if first {
                first = false
                return
            }
            guard fields.count == header.count, let key = fields[0], let name = fields[1] else { return }
            changes.append(
                TravellingChange(
                    key: key, field: name, oldValue: fields[2].map { String($0.dropFirst()) },
                    newValue: fields[3].map { String($0.dropFirst()) }, source: fields[4],
                    changedAt: fields[5] ?? ""))
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
                    field.append(b)
                }
            } else if b == 0x22 {
                quoted = true
                wasQuoted = true
            } else if b == 0x2C {
                endField()
            } else if b == 0x0A {
                endRecord()
            } else if b != 0x0D {
                field.append(b)
            }
            i += 1
        }
        if quoted {
            throw PackageError(.partAltered, "the history part ends inside a quoted field", location: location)
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return changes
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
