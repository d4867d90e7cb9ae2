public import AnzhiCore
public import AnzhiStore
import Foundation
public import Spreadsheet

/// What importing a package did.
public struct PackageImportReport: Sendable {
    public var file: String
    public var kind: Manifest.Kind
    public var sender: String
    /// For a reply: the office now enrolled.
    public var enrolled: DirectoryEntry?
    public var sequence = 0
    /// The package's number was imported before: nothing was done.
    public var alreadyImported = false
    /// Earlier numbers from the same sender that have not been imported (a gap).
    public var missing: [Int] = []
    /// Directory entries learnt, and those refused because the office is known with other keys.
    public var directoryAdded = 0
    public var directoryRefused: [String] = []
    /// The import of the people it carried.
    public var people: ImportReport?
    /// Changes of the people's history at the sender, added here (with the people, in their import).
    public var historyAdded: Int { people?.historyAdded ?? 0 }
    /// At a prison: the import of a 司法所's answers (核实 results and receipts), and the people they changed.
    public var results: ImportReport?
    public var answered: [StoredPerson] = []
    /// At a 司法所: pre-release notices received; messages received.
    public var notices = 0
    public var messages = 0
    /// At a superior: the periods of the reports a subordinate submitted. At a subordinate: the decisions on its
    /// reports.
    public var reports: [String] = []
    public var decisions: [TravellingDecision] = []
}

/// The few fields of a report submission the exchange reads (the rest is the report module's).
private struct SubmissionHeader: Decodable {
    var period: String
    var checksPassed: Bool
    var provisional: String?
}

/// Imports update packages into an office's store: everything about the package is checked first
/// (`UpdatePackage.open`); only then does anything change.
public struct PackageImporter {
    public let store: Store
    public let keys: OfficeKeys
    /// `Templates/package/package.xsd`.
    public let schema: [UInt8]

    /// For people: the reference data and the day rows are checked against.
    public let reference: ReferenceData
    public let today: CivilDate

    /// The office and its directory, read once for all the packages of one importer (a superior imports
    /// thousands of reports in one command) and read again after a package changed the directory.
    private final class Known: @unchecked Sendable {
        var office: Office?
        var directory: [String: DirectoryEntry]?
        /// The package numbers read from each sender.
        var sequences: [String: Set<Int>] = [:]
    }
    private let known = Known()

    private func office() throws -> Office {
        if let o = known.office { return o }
        known.office = try store.office()
        return known.office!
    }

    private func entry(_ code: String) throws -> DirectoryEntry? {
        if known.directory == nil {
            known.directory = Dictionary(
                try store.directory().map { ($0.office.code, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return known.directory![code]
    }

    /// Called with the rows of a package's people read so far (progress on a terminal).
    public var progress: (@Sendable (Int) -> Void)?

    public init(store: Store, keys: OfficeKeys, schema: [UInt8], reference: ReferenceData, today: CivilDate) {
        self.store = store
        self.keys = keys
        self.schema = schema
        self.reference = reference
        self.today = today
    }

    /// Packages opened ahead of their import (`prepare`), by path.
    public typealias Prepared = [String: UpdatePackage.Opened]

    /// Opens and checks packages on every core ahead of their import: signatures, hashes and decryption do not
    /// depend on the store, and a superior imports thousands of reports in one command. Only the packages that
    /// open are returned; the others are opened again, and refused with their message, by `importPackage`.
    public func prepare(_ paths: [String]) throws -> Prepared {
        let me = try office()
        _ = try entry(me.code)
        let directory = known.directory ?? [:]
        let (schema, keys) = (self.schema, self.keys)
        let opened = ConcurrentMap.map(paths, minimum: 2) { path -> UpdatePackage.Opened? in
            try? UpdatePackage.open(path: path, displayName: path, schema: schema, recipient: me.code, keys: keys) {
                manifest, _ in
                manifest.kind == .reply ? nil : directory[manifest.sender]?.signingKey
            }
        }
        var result: Prepared = [:]
        for (path, o) in zip(paths, opened) { if let o { result[path] = o } }
        return result
    }

    /// Imports one package (opened ahead by `prepare` when given there).
    /// - Throws: `PackageError` with the refusal's code (nothing changed then).
    public func importPackage(path: String, displayName: String, prepared: Prepared = [:]) throws
        -> PackageImportReport
    {
        let me = try office()
        // The kind decides how the sender is trusted, so peek at it through the same checks.
        let opened =
            try prepared[path]
            ?? UpdatePackage.open(
                path: path, displayName: displayName, schema: schema, recipient: me.code, keys: keys
            ) {
                manifest, _ in
                // An enrolment reply is signed by keys this office learns from the reply itself (checked against the
                // secret below); every other package must come from an office whose keys are known.
                if manifest.kind == .reply {
                    return try Enrolment.replySigningKey(path: path, displayName: displayName)
                }
                return try entry(manifest.sender)?.signingKey
            }
        let kind = opened.manifest
        switch kind.kind {
        case .reply:
            let entry = try Enrolment.readReply(
                path: path, displayName: displayName, schema: schema, superior: me.code, keys: keys
            ) {
                try store.enrolmentSecret(code: $0)
            }
            try store.addToDirectory(entry)
            try store.closeEnrolment(code: entry.office.code)
            known.directory = nil
            return PackageImportReport(file: displayName, kind: .reply, sender: kind.sender, enrolled: entry)
        case .enrolment:
            throw PackageError(
                .enrolment, key: "error.enrolment.enrolment-import",
                location: InputLocation(file: displayName))
        case .people, .directory:
            return try importPeople(opened, displayName: displayName, me: me)
        }
    }

    /// People (and directory entries) from a superior or a prison: a number seen before is a no-op; a gap is said.
    private func importPeople(_ opened: UpdatePackage.Opened, displayName: String, me: Office) throws
        -> PackageImportReport
    {
        let m = opened.manifest
        var report = PackageImportReport(file: displayName, kind: m.kind, sender: m.sender, sequence: m.sequence)
        let seen = try known.sequences[m.sender] ?? store.incomingSequences(from: m.sender)
        if seen.contains(m.sequence) {
            report.alreadyImported = true
            return report
        }
        report.missing = (1..<max(1, m.sequence)).filter { !seen.contains($0) }
        // Reports come up from direct subordinates only, and decisions on them down from the superior: checked
        // before anything changes.
        if opened.parts["payload/reports.json"] != nil, try entry(m.sender)?.parent != me.code {
            throw PackageError(
                .partAltered, key: "error.part-altered.reports-subordinates", ["sender": "\(m.sender)"],
                location: InputLocation(file: displayName, part: "payload/reports.json"))
        }
        if opened.parts["payload/decisions.json"] != nil, try entry(me.code)?.parent != m.sender {
            throw PackageError(
                .partAltered, key: "error.part-altered.decisions-superior", ["sender": "\(m.sender)"],
                location: InputLocation(file: displayName, part: "payload/decisions.json"))
        }
        if let bytes = opened.parts["payload/directory.xml"] {
            for entry in try Directory.parse(
                bytes, location: InputLocation(file: displayName, part: "payload/directory.xml"))
            where entry.office.code != me.code {
                do {
                    known.directory = nil
                    try store.addToDirectory(entry)
                    report.directoryAdded += 1
                } catch let error as StoreError where error.code == .invalidArgument {
                    report.directoryRefused.append(entry.office.code)
                }
            }
        }
        if let sheet = opened.parts["payload/people.xlsx"] {
            // The decrypted sheet is read from memory: the people never touch the disk unencrypted.
            // A superior relays what the prison said (and a prison says it itself): the prison's side.
            let name = "package \(m.sender)#\(m.sequence) (\((displayName as NSString).lastPathComponent))"
            var options = ImportOptions(side: .prison, today: today)
            options.progress = progress
            if let history = opened.parts["payload/history.csv"] {
                // Parsed beside the people's import, added in its transaction.
                let location = InputLocation(file: displayName, part: "payload/history.csv")
                let changes = Pending { try HistoryCSV.read(history, location: location) }
                options.travellingHistory = TravellingHistory(origin: "\(m.sender)") { try changes.value() }
            }
            report.people = try Importer(store: store, reference: reference)
                .importWorkbook(xlsx: sheet, displayName: name, options: options)
        }
        let source = "package \(m.sender)#\(m.sequence) (\((displayName as NSString).lastPathComponent))"
        if let sheet = opened.parts["payload/results.xlsx"] {
            // A 司法所's answers: the office's side, and only for people this prison holds.
            var options = ImportOptions(side: .office, today: today)
            options.existingOnly = true
            report.results = try Importer(store: store, reference: reference)
                .importWorkbook(xlsx: sheet, displayName: source, options: options)
            report.answered = try store.people(changedBy: source, fields: PersonFields.cycle)
        }
        var extras = IncomingExtras(day: today)
        if let bytes = opened.parts["payload/prerelease.csv"] {
            extras.notices = try CycleCSV.readNotices(
                bytes, location: InputLocation(file: displayName, part: "payload/prerelease.csv"))
        }
        if let bytes = opened.parts["payload/messages.csv"] {
            extras.messages = try CycleCSV.readMessages(
                bytes, location: InputLocation(file: displayName, part: "payload/messages.csv"))
        }
        if let bytes = opened.parts["payload/reports.json"] {
            // Each submission is kept as the bytes it came in (re-serialising thousands of them was most of the
            // time of a superior's import).
            for element in JSONArray.elements(bytes) {
                let data = Data(element)
                guard let header = try? JSONDecoder().decode(SubmissionHeader.self, from: data) else { continue }
                extras.submissions.append(
                    IncomingSubmission(
                        period: header.period, payload: data, provisional: header.provisional != nil,
                        checksPassed: header.checksPassed))
                report.reports.append(header.period)
            }
        }
        if let bytes = opened.parts["payload/decisions.json"] {
            extras.decisions = (try? JSONDecoder().decode([TravellingDecision].self, from: Data(bytes))) ?? []
            report.decisions = extras.decisions
        }
        // What the package carried besides people, and its number, in one transaction.
        try store.recordIncoming(
            extras, from: m.sender, package: source, sequence: m.sequence, kind: m.kind.rawValue, file: displayName)
        report.notices = extras.notices.count
        report.messages = extras.messages.count
        known.sequences[m.sender] = seen.union([m.sequence])
        return report
    }
}

/// The top-level elements of a JSON array, as their bytes (strings and nesting respected); nothing for anything
/// that is not an array. Each element is then decoded on its own.
enum JSONArray {
    static func elements(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start = -1
        for (i, b) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if b == 0x5C {
                    escaped = true
                } else if b == 0x22 {
                    inString = false
                }
                continue
            }
            switch b {
            case 0x22:
                inString = true
            case 0x5B, 0x7B:  // [ {
                depth += 1
                if depth == 1 {
                    guard b == 0x5B else { return [] }
                    start = i + 1
                }
            case 0x5D, 0x7D:  // ] }
                if depth == 1 {
                    if start >= 0, start < i, bytes[start..<i].contains(where: { $0 > 0x20 }) {
                        result.append(bytes[start..<i])
                    }
                    return result
                }
                depth -= 1
            case 0x2C where depth == 1:
                result.append(bytes[start..<i])
                start = i + 1
            default:
                break
            }
        }
        return result
    }
}
