public import AnzhiCore
public import AnzhiStore
import Foundation
import GRDB
public import Spreadsheet

/// How a batch is imported.
public struct ImportOptions: Sendable {
    /// Which side sent the batch: the owner's values update; another side's fill empty fields or become
    /// conflicts; a migration owns every field.
    public var side: BatchSide
    public var encoding: CSVEncodingChoice = .auto
    /// `--mapping FILE`: an office's own headers.
    public var mappingFile: String?
    /// `--sheet NAME`: read only this worksheet (hidden ones too).
    public var sheet: String?
    /// More rejected rows than this stop the file early, with nothing imported: such a file is the wrong file,
    /// or shifted, and its findings would only flood the clerk (and memory).
    public var maxErrors = 10_000
    /// Validate and merge, then roll back.
    public var dryRun = false
    public var today: CivilDate
    /// Called with the number of rows read so far, every 10,000 rows.
    public var progress: (@Sendable (Int) -> Void)?
    /// Fault injection for tests: throw after this many data rows, inside the transaction.
    public var failAfterRows: Int?

    public init(side: BatchSide, today: CivilDate) {
        self.side = side
        self.today = today
    }
}

/// What importing one file did.
public struct ImportReport: Sendable {
    public var file: String
    public var counts = ImportCounts()
    /// Every finding, sorted by location.
    public var diagnostics: [Diagnostic] = []
    /// When a file with the same content was imported before.
    public var previouslyImportedAt: String?
    public var dryRun = false
    /// The rejected rows, as read (for `--errors`).
    public var rejected: [RejectedInput] = []
    /// The encoding a CSV file was read in.
    public var encoding: TextEncoding?
    /// What the bytes were read as (`xlsx` or `csv`), whatever the file's name says.
    public var format = "xlsx"
    public var visitsAdded = 0
}

/// Reads a batch (XLSX or CSV), validates every row, and merges it into the office's register in one
/// transaction: a file-level failure imports nothing. Rejected rows are kept in the store with their reasons.
public final class Importer {
    public let store: Store
    public let reference: ReferenceData

    public init(store: Store, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// Imports one file.
    /// - Throws: `SpreadsheetError` or `ImportError` for file-level failures (nothing is imported then).
    public func importFile(path: String, displayName: String? = nil, options: ImportOptions) throws -> ImportReport {
        let name = displayName ?? path
        let office = try store.office()
        let matcher = try options.mappingFile.map(HeaderMatcher.load) ?? HeaderMatcher()
        let source = try TableSource(path: path, displayName: name, encoding: options.encoding)
        let hash = try Importer.contentHash(path)
        var report = ImportReport(file: name)
        report.dryRun = options.dryRun
        let validator = RecordValidator(reference: reference, today: options.today)

        let work = { (db: Database) throws in
            let merger = try BatchMerger(db: db, source: ImportSource(file: name, contentHash: hash, side: options.side, kind: "batch"))
            report.previouslyImportedAt = try BatchMerger.previousImport(of: hash, in: db, before: merger.importID)
            // Two cores, two stages: a reader thread parses and validates rows while this thread merges them into
            // SQLite (the merge needs the transaction's connection). Items travel in batches through a bounded queue.
            let channel = BoundedChannel<ImportItem>(capacity: 8)
            let reader = BatchReader(validator: validator, office: office, options: options, file: name, storedHukou: merger.storedHukou)
            let box = ReaderBox(reader: reader, source: source, matcher: matcher)
            let thread = Thread {
                do {
                    box.foundHeader = try box.reader.run(box.source, matcher: box.matcher, isBehind: { channel.backlog >= 1 }) {
                        try channel.put($0)
                    }
                    channel.close(nil)
                } catch {
                    channel.close(error)
                }
                box.done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
            let merge = MergeStage(merger: merger, file: name)
            reader.output = { try merge.apply($0) }
            var context: TableContext?
            do {
                while let batch = try channel.take() {
                    for item in batch {
                        switch item {
                        case .table(let c): context = c
                        case .row(let row): try reader.process(row, in: context!, validated: nil)
                        case .validated(let row, let result): try reader.process(row, in: context!, validated: result)
                        default: try merge.apply(item)
                        }
                    }
                }
            } catch {
                channel.cancel()   // stop the reader, wait for it, then roll back
                box.done.wait()
                throw error
            }
            box.done.wait()
            try merge.finish()
            if let note = reader.outsideSummary() { reader.diagnostics.append(note) }
            if let note = reader.verificationSummary() { reader.diagnostics.append(note) }
            guard box.foundHeader else {
                throw ImportError("no header row: none of the first ten rows\(source.kind == .xlsx ? " of any visible sheet" : "") holds at least three known column headers (such as 姓名, 公民身份号码, 出生日期)")
            }
            var counts = reader.counts
            counts.inserted += merge.counts.inserted
            counts.updated += merge.counts.updated
            counts.unchanged += merge.counts.unchanged
            counts.rejected += merge.counts.rejected
            counts.conflicts += merge.counts.conflicts
            counts.corrected += merge.counts.corrected
            try merger.finish(counts)
            report.counts = counts
            report.diagnostics = (reader.headerDiagnostics + reader.diagnostics + merge.diagnostics).sorted()
            report.rejected = (reader.rejected + merge.rejected).sorted {
                ($0.location.sheet ?? "", $0.location.row ?? 0) < ($1.location.sheet ?? "", $1.location.row ?? 0)
            }
            report.visitsAdded = merge.visitsAdded
            report.encoding = source.csvEncoding
            report.format = source.kind == .csv ? "csv" : "xlsx"
        }
        do {
            if options.dryRun {
                try store.queue.writeWithoutTransaction { db in
                    try db.inTransaction {
                        try work(db)
                        return .rollback
                    }
                }
            } else {
                try store.queue.write(work)
            }
        } catch let error as DatabaseError {
            throw StoreError.describing(error, path: store.path)  // SQLite's codes in plain words
        }
        return report
    }

    /// A hash of the file's bytes (FNV-1a, 64 bits, hex): enough to recognise the same file again, not a signature.
    static func contentHash(_ path: String) throws -> String {
        guard let hash = FileBytes.fnv1a(path) else {
            throw SpreadsheetError(.fileNotReadable, "cannot read the file", location: InputLocation(file: path))
        }
        return hash
    }
}

/// A file-level import failure.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The header of a table as the reader found it: what the rows that follow mean.
final class TableContext: Sendable {
    let table: String?
    let headers: [Int: String]
    let headerList: [String]
    /// The person-field mapping, or the visit fields for a visits sheet.
    let mapping: FieldMapping?
    let visitFields: [String: Int]?
    /// The columns 源文件, 源工作表, 源行号 of an errors file (by 1-based column), when present.
    let origin: OriginColumns?

    init(table: String?, headers: [Int: String], headerList: [String], mapping: FieldMapping?, visitFields: [String: Int]?,
         origin: OriginColumns? = nil) {
        self.table = table
        self.headers = headers
        self.headerList = headerList
        self.mapping = mapping
        self.visitFields = visitFields
        self.origin = origin
    }
}

/// Where the origin columns of an errors file sit (1-based columns).
struct OriginColumns: Sendable {
    var file: Int?
    var sheet: Int?
    var row: Int?

    /// The origin a row names, when it names a file and a row.
    func origin(of cells: RowCells) -> RejectedOrigin? {
        func text(_ column: Int?) -> String? {
            column.flatMap { cells[$0] }.map { RecordValidator.text($0).trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let file = text(file), let row = text(row).flatMap({ Int($0) }) else { return nil }
        return RejectedOrigin(file: file, sheet: text(sheet), row: row)
    }
}

/// What the reader stage hands to the merge stage (`table`, `row`), and what row processing produces.
enum ImportItem: Sendable {
    /// A table starts: its header.
    case table(TableContext)
    /// A data row of the current table, as read.
    case row(TableRow)
    /// A data row the reader already validated (it does when the merging thread falls behind).
    case validated(TableRow, Result<ValidRecord, RejectedRow>)
    case person(ValidRecord, InputLocation, inQueue: Bool, hash: Int64, origin: RejectedOrigin?)
    /// A valid visit; the merge stage checks that the person is in the register.
    case visit(key: String, date: String, visitor: String, note: String, location: InputLocation, idLocation: InputLocation,
               headers: [String], cells: [String])
    /// A row rejected by validation, to keep in the store.
    case rejected(RejectedInput)
}

/// Carries the reader stage to its thread.
/// `@unchecked Sendable`: the reader thread alone touches `reader`, `source` and `foundHeader` until it signals
/// `done`; the importing thread reads them only after waiting on `done`.
private final class ReaderBox: @unchecked Sendable {
    let reader: BatchReader
    let source: TableSource
    let matcher: HeaderMatcher
    var foundHeader = false
    let done = DispatchSemaphore(value: 0)

    init(reader: BatchReader, source: TableSource, matcher: HeaderMatcher) {
        self.reader = reader
        self.source = source
        self.matcher = matcher
    }
}

/// A bounded queue of batches between two threads; closing it passes on the producer's error, cancelling it
/// stops the producer.
final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    // `@unchecked Sendable`: every stored property is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var error: (any Error)?

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a batch, waiting while the queue is full; throws `CancellationError` once the consumer gave up.
    func put(_ batch: [Element]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        batches.append(batch)
        condition.broadcast()
    }

    /// The next batch, nil at the end; rethrows the producer's error.
    func take() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let error { throw error }
        return nil
    }

    func close(_ error: (any Error)?) {
        condition.lock()
        closed = true
        self.error = error
        condition.broadcast()
        condition.unlock()
    }

    /// How many batches wait for the consumer.
    var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return batches.count
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The reader stage: reads every table of the file, finds its header row, validates each row, catches
/// duplicates within the file and people outside the jurisdiction, and emits items for the merge stage.
final class BatchReader {
    let validator: RecordValidator
    let office: Office
    let options: ImportOptions
    let file: String
    /// Findings about headers, made on the reader thread.
    var headerDiagnostics: [Diagnostic] = []
    // Row processing state: touched only on the merging thread (`process`).
    var counts = ImportCounts()
    var diagnostics: [Diagnostic] = []
    var rejected: [RejectedInput] = []
    /// Where processed rows go (the merge stage).
    var output: (ImportItem) throws -> Void = { _ in }
    /// Keys seen in this file: first row and a hash of its record, for duplicate-row / duplicate-key
    /// (a hash, not the values: a million-row file must not hold every record twice).
    private var seen: [String: (row: Int, sheet: String?, hash: Int64)] = [:]
    private var pending: [ImportItem] = []
    private var deliver: ([ImportItem]) throws -> Void = { _ in }
    /// Whether batches pile up before the merging thread: then the reader validates rows itself, so the two
    /// cores share the validation whichever stage is slower (inserting new people costs more than comparing).
    private var mergerIsBehind: () -> Bool = { false }

    /// Rows of other offices' jurisdictions, by the region of the office they belong to (as deep as this office's
    /// own level: the township for a 司法所, the county for a county office …).
    private var outsideBy: [String: Int] = [:]
    /// How many unknown columns a table may bring (the rest are not read, with one warning).
    static let maxUnknownColumns = 200

    /// The verification columns of a prison batch (kept aside): where they were first seen, and how many rows
    /// carry a value in them (reported once per file).
    private var verificationColumns: (location: InputLocation, headers: [String])?
    private var rowsWithVerification = 0

    /// 户籍 codes already in the register, by key.
    private let storedHukou: [String: String?]

    init(validator: RecordValidator, office: Office, options: ImportOptions, file: String, storedHukou: [String: String?]) {
        self.validator = validator
        self.office = office
        self.options = options
        self.file = file
        self.storedHukou = storedHukou
    }

    /// The 户籍 code that decides where a row's person belongs: the row's own for a new person or when the
    /// sender owns the field (the prison side) and gives one; otherwise the stored code (an office ledger that
    /// updates hand-overs carries no 户籍, and its 户籍 would only be a proposal).
    private func effectiveHukou(_ record: ValidRecord) -> String? {
        let given = record.value("hukouRegion")
        guard let stored = storedHukou[record.key] else { return given }
        let ownsHukou = options.side.owns(PersonFields.all[PersonFields.At.hukouRegion])
        if ownsHukou, let given { return given }
        return stored ?? given
    }

    /// Reads all tables; returns whether any had a header row.
    func run(_ source: TableSource, matcher: HeaderMatcher, isBehind: @escaping () -> Bool,
             send: @escaping ([ImportItem]) throws -> Void) throws -> Bool {
        deliver = send
        mergerIsBehind = isBehind
        var found = false
        for table in try source.tables(only: options.sheet) where try read(source, table: table, matcher: matcher) { found = true }
        if options.sheet == nil {
            for hidden in source.hiddenSheets {
                headerDiagnostics.append(Diagnostic(.warning, "hidden-sheet", at: InputLocation(file: file, sheet: hidden),
                    "the sheet is hidden and was not read; to import it, give --sheet '\(hidden)'"))
            }
        }
        if !pending.isEmpty { try deliver(pending) }
        pending = []
        return found
    }

    /// Queues an item for the merging thread (reader side).
    private func send(_ item: ImportItem) throws {
        pending.append(item)
        if pending.count >= 256 {
            try deliver(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Hands a processed item to the merge stage (merging side).
    private func emit(_ item: ImportItem) throws { try output(item) }

    /// Validates one row of the current table and hands the result to `output` (merging thread): the reader
    /// thread only parses, so validation and merging share the other core.
    func process(_ row: TableRow, in context: TableContext, validated: Result<ValidRecord, RejectedRow>?) throws {
        if let fields = context.visitFields {
            try visit(row, fields: fields, headers: context.headers, headerList: context.headerList, table: context.table)
        } else if let mapping = context.mapping {
            try person(row, mapping: mapping, headerList: context.headerList, table: context.table, validated: validated,
                       origin: context.origin?.origin(of: row.cells))
        }
    }

    /// Reads one table; returns false when it has no header row (and so was skipped).
    private func read(_ source: TableSource, table: String?, matcher: HeaderMatcher) throws -> Bool {
        let rows = try source.rows(of: table)
        var buffered: [TableRow] = []
        var header: TableRow?
        var isVisits = false
        while buffered.count < 10, let next = rows.next() {
            let row = try next.get()
            buffered.append(row)
            let texts = row.cells.nonEmpty.map { CellText.string($0.value) }
            if texts.filter({ matcher.match($0) != nil }).count >= 3 {
                header = row
                break
            }
            if texts.compactMap(HeaderMatcher.visitField).count >= 3 && texts.contains(where: { HeaderMatcher.visitField($0) == "idNumber" }) {
                header = row
                isVisits = true
                break
            }
        }
        guard let header else {
            headerDiagnostics.append(Diagnostic(.note, "no-header-row", at: InputLocation(file: file, sheet: table),
                                          "no header row among the first ten rows (at least three known column headers); sheet skipped"))
            return false
        }
        let headers = Dictionary(uniqueKeysWithValues: header.cells.nonEmpty.map { ($0.column, CellText.string($0.value).trimmingSpaces()) })
        let width = headers.keys.max() ?? 0
        let headerList = (1...max(width, 1)).map { headers[$0] ?? "" }
        func location(_ row: Int) -> InputLocation { InputLocation(file: file, sheet: table, row: row) }

        if isVisits {
            var fields: [String: Int] = [:]
            for (column, text) in headers { if let f = HeaderMatcher.visitField(text), fields[f] == nil { fields[f] = column } }
            try send(.table(TableContext(table: table, headers: headers, headerList: headerList, mapping: nil, visitFields: fields)))
            for row in buffered where row.number > header.number { try send(.row(row)) }
            for row in rows { try send(.row(try row.get())) }
            return true
        }

        var mapping = FieldMapping(fields: [:], unknown: [:], headers: headers)
        var origin = OriginColumns()
        var ignoredVerification: [String] = []
        var unknownWarnings: [Diagnostic] = []
        for column in headers.keys.sorted() {
            let text = headers[column]!
            var loc = location(header.number)
            loc.column = column
            loc.columnName = text
            let match = matcher.match(text)
            switch match {
            case .some(.canonical(let i)), .some(.mapped(let i)), .some(.alias(let i)):
                if options.side == .prison, PersonFields.verification.contains(PersonFields.all[i].id) {
                    // The office's to set (domain §4): a prison's values fill nothing and stay with the row.
                    mapping.unknown[column] = text
                    ignoredVerification.append(text)
                    continue
                }
                if mapping.fields.values.contains(i) {
                    headerDiagnostics.append(Diagnostic(.warning, "duplicate-column", at: loc,
                        "column '\(text)' names the field \(PersonFields.all[i].header) again; only the first such column is read"))
                    mapping.unknown[column] = text
                    continue
                }
                mapping.fields[column] = i
                if case .some(.alias) = match {
                    headerDiagnostics.append(Diagnostic(.warning, "alias-header", at: loc,
                        "header '\(text)' read as '\(PersonFields.all[i].header)'"))
                }
            case .none:
                // The explanation column of our own errors file: a corrected errors file imports cleanly.
                if text.isEmpty || HeaderMatcher.normalize(text) == PersonSheets.errorColumn { continue }
                switch HeaderMatcher.normalize(text) {
                case PersonSheets.originFileColumn: origin.file = column; continue
                case PersonSheets.originSheetColumn: origin.sheet = column; continue
                case PersonSheets.originRowColumn: origin.row = column; continue
                default: break
                }
                mapping.unknown[column] = text
                unknownWarnings.append(Diagnostic(.warning, "unknown-column", at: loc,
                    "column '\(text)' is not a field of the record; its values are kept with each person"))
            }
        }

        // A bounded number of unknown columns a person keeps, so the register always exports (Excel's 16,384
        // columns less the template's) and a sheet of junk columns cannot bloat every record.
        let unknownColumns = mapping.unknown.keys.sorted()
        if unknownColumns.count > BatchReader.maxUnknownColumns {
            let dropped = unknownColumns.dropFirst(BatchReader.maxUnknownColumns)
            for column in dropped { mapping.unknown[column] = nil }
            var loc = location(header.number)
            loc.column = dropped.first
            loc.columnName = dropped.first.flatMap { headers[$0] }
            unknownWarnings.removeAll { ($0.location.column ?? 0) >= dropped.first! }
            unknownWarnings.append(Diagnostic(.warning, "too-many-columns", at: loc,
                "the sheet has \(unknownColumns.count) columns that are not fields; the first \(BatchReader.maxUnknownColumns) are kept with each person, the other \(dropped.count) (from '\(loc.columnName ?? "")' on) are not read"))
        }
        headerDiagnostics += unknownWarnings
        if !ignoredVerification.isEmpty && verificationColumns == nil {
            var loc = location(header.number)
            loc.column = headers.first { $0.value == ignoredVerification[0] }?.key
            loc.columnName = ignoredVerification[0]
            verificationColumns = (loc, ignoredVerification)
        }
        mapping.keptAside = Set(headers.filter { ignoredVerification.contains($0.value) }.map(\.key))
        let originColumns = origin.file != nil && origin.row != nil ? origin : nil
        try send(.table(TableContext(table: table, headers: headers, headerList: headerList, mapping: mapping, visitFields: nil,
                                     origin: originColumns)))
        func forward(_ row: TableRow) throws {
            if !row.cells.isEmpty && mergerIsBehind() {
                let location = InputLocation(file: file, sheet: table, row: row.number)
                try send(.validated(row, validator.validate(InputRow(location: location, cells: row.cells), mapping: mapping)))
            } else {
                try send(.row(row))
            }
        }
        for row in buffered where row.number > header.number { try forward(row) }
        for next in rows { try forward(try next.get()) }
        return true
    }

    private func person(_ row: TableRow, mapping: FieldMapping, headerList: [String], table: String?,
                        validated: Result<ValidRecord, RejectedRow>?, origin: RejectedOrigin?) throws {
        guard !row.cells.isEmpty else { return }
        counts.rows += 1
        if let limit = options.failAfterRows, counts.rows > limit {
            throw ImportError("fault injected after \(limit) rows")
        }
        if counts.rows % 10_000 == 0 { options.progress?(counts.rows) }
        let location = InputLocation(file: file, sheet: table, row: row.number)
        switch validated ?? validator.validate(InputRow(location: location, cells: row.cells), mapping: mapping) {
        case .failure(let rejectedRow):
            let idColumn = mapping.fields.first { $0.value == PersonFields.At.idNumber }?.key
            try reject(row, headerList: headerList, location: location, diagnostics: rejectedRow.diagnostics,
                       key: idColumn.flatMap { row.cells[$0] }.map { personKey(idText: RecordValidator.text($0)) })
        case .success(var record):
            if !mapping.keptAside.isEmpty, mapping.keptAside.contains(where: { row.cells[$0] != nil }) { rowsWithVerification += 1 }
            let regionField = PersonFields.At.hukouRegion
            let addressField = PersonFields.At.hukouAddress
            let regionColumn: Int? = mapping.fields.first(where: { $0.value == regionField })?.key
            let addressColumn: Int? = mapping.fields.first(where: { $0.value == addressField })?.key
            let hukouColumn = regionColumn ?? addressColumn
            let hukou = effectiveHukou(record)
            let placement = office.placement(ofHukou: hukou)
            if placement == .outside {
                guard let hukou else {
                    var loc = location
                    loc.column = hukouColumn
                    loc.columnName = hukouColumn.flatMap { mapping.headers[$0] }
                    record.diagnostics.append(Diagnostic(.error, "hukou-unknown", at: loc,
                        "户籍 is unknown (no 户籍地区划代码 and an address that names no division), so the person cannot be placed in any office's jurisdiction; give the 户籍地区划代码 or a fuller 户籍地址"))
                    try reject(row, headerList: headerList, location: location, diagnostics: record.diagnostics, key: record.key)
                    return
                }
                // Another office's person: not an error of the batch, counted apart and not kept (domain §4).
                counts.outside += 1
                outsideBy[RegionCode.significant(hukou).prefix(office.level.regionDigits).description, default: 0] += 1
                return
            }
            let hash = BatchMerger.hash(record)
            if let earlier = seen[record.key] {
                if earlier.hash == hash {
                    diagnostics.append(contentsOf: record.diagnostics)
                    diagnostics.append(Diagnostic(.warning, "duplicate-row", at: location,
                        "the same record as row \(earlier.row)\(earlier.sheet.map { " of sheet '\($0)'" } ?? ""); counted as unchanged"))
                    counts.unchanged += 1
                } else {
                    var d = record.diagnostics
                    d.append(Diagnostic(.error, "duplicate-key", at: location,
                        "the same person (\(record.keyIsFallback ? "姓名/出生日期/服刑场所/罪犯编号" : IDNumber.mask(record.key))) as row \(earlier.row)\(earlier.sheet.map { " of sheet '\($0)'" } ?? ""), with different values; fix one of the two rows"))
                    try reject(row, headerList: headerList, location: location, diagnostics: d, key: record.key)
                }
                return
            }
            seen[record.key] = (row.number, table, hash)
            diagnostics.append(contentsOf: record.diagnostics)
            if placement == .assignmentQueue {
                diagnostics.append(Diagnostic(.note, "assignment-queue", at: location,
                    "户籍 code stops above township level: held in this office's assignment queue"))
            }
            try emit(.person(record, location, inQueue: placement == .assignmentQueue, hash: hash, origin: origin))
        }
    }

    /// The one warning a file gets when a prison batch carries verification values (the office's to set).
    func verificationSummary() -> Diagnostic? {
        guard let (location, headers) = verificationColumns, rowsWithVerification > 0 else { return nil }
        return Diagnostic(.warning, "prison-verification-ignored", at: location,
            "\(headers.joined(separator: "、")) \(headers.count == 1 ? "is" : "are") set by the 司法所 only: the values of \(rowsWithVerification) rows of this prison batch fill nothing there and are kept with each person as unknown columns")
    }

    /// The one warning a file gets for its rows of other offices: how many, and for which offices.
    func outsideSummary() -> Diagnostic? {
        guard counts.outside > 0 else { return nil }
        let parts = outsideBy.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(20).map { code, n in
            "\(code)\(validator.reference.regions.name(code).map { " " + $0 } ?? "") \(n)"
        }
        let more = outsideBy.count > 20 ? "，… (\(outsideBy.count - 20) more)" : ""
        return Diagnostic(.warning, "outside-jurisdiction", at: InputLocation(file: file),
            "\(counts.outside) rows belong to other offices' jurisdictions and were not imported (not errors of the batch): \(parts.joined(separator: "，"))\(more)")
    }

    /// The key a rejected row is filed under: the normalised ID number when it is valid, else its text.
    private func personKey(idText: String) -> String {
        let text = idText.trimmingSpaces().uppercased()
        if case .success(let id) = IDNumber.parse(text, today: options.today) { return id.value }
        return text
    }

    private func reject(_ row: TableRow, headerList: [String], location: InputLocation, diagnostics rowDiagnostics: [Diagnostic],
                        key: String?) throws {
        counts.rejected += 1
        if counts.rejected > options.maxErrors {
            throw ImportError("more than \(options.maxErrors) rows were rejected (stopped at row \(location.row ?? 0)\(location.sheet.map { " of sheet '\($0)'" } ?? "")): this looks like the wrong file or shifted columns; check it, or raise the limit with --max-errors")
        }
        diagnostics.append(contentsOf: rowDiagnostics)
        let cells = (0..<headerList.count).map { row.cells[$0 + 1].map(RecordValidator.text) ?? "" }
        let input = RejectedInput(location: location, headers: headerList, cells: cells, diagnostics: rowDiagnostics,
                                  personKey: key.flatMap { $0.isEmpty ? nil : $0 })
        rejected.append(input)
        try emit(.rejected(input))
    }

    private func visit(_ row: TableRow, fields: [String: Int], headers: [Int: String], headerList: [String], table: String?) throws {
        guard !row.cells.isEmpty else { return }
        counts.rows += 1
        let location = InputLocation(file: file, sheet: table, row: row.number)
        func cell(_ f: String) -> String? { fields[f].flatMap { row.cells[$0] }.map { RecordValidator.text($0).trimmingSpaces() } }
        func at(_ f: String) -> InputLocation {
            var loc = location
            loc.column = fields[f]
            loc.columnName = fields[f].flatMap { headers[$0] }
            return loc
        }
        var problems: [Diagnostic] = []
        var key: String?
        switch cell("idNumber").map({ IDNumber.parse($0, today: options.today) }) {
        case .success(let id)?:
            key = id.value
        case .failure(let problem)?:
            let rule: String
            switch problem {
            case .checksum: rule = "id-checksum"
            case .format: rule = "id-format"
            case .birthDate, .futureBirthDate: rule = "id-birth-date"
            case .sequenceZero: rule = "id-sequence"
            }
            problems.append(Diagnostic(.error, rule, at: at("idNumber"),
                "expected a valid 公民身份号码, found \(Diagnostic.quote(IDNumber.mask(cell("idNumber") ?? ""))) (疑似三假)"))
        case nil:
            problems.append(Diagnostic(.error, "required", at: at("idNumber"), "the visit has no 公民身份号码"))
        }
        let date = fields["visitDate"].flatMap { row.cells[$0] }.flatMap(DateText.date(from:))
        if date == nil {
            problems.append(Diagnostic(.error, "date-format", at: at("visitDate"),
                "expected a date such as 2026-03-05, found \(Diagnostic.quote(cell("visitDate") ?? ""))"))
        } else if let date, date > options.today {
            problems.append(Diagnostic(.error, "future-date", at: at("visitDate"), "expected a date on or before \(options.today), found '\(date)'"))
        }
        guard problems.isEmpty, let key, let date else {
            try reject(row, headerList: headerList, location: location, diagnostics: problems,
                       key: key ?? cell("idNumber").map { personKey(idText: $0) })
            return
        }
        let cells = (0..<headerList.count).map { row.cells[$0 + 1].map(RecordValidator.text) ?? "" }
        try emit(.visit(key: key, date: date.description, visitor: cell("visitor") ?? "", note: cell("note") ?? "",
                        location: location, idLocation: at("idNumber"), headers: headerList, cells: cells))
    }
}

/// The merge stage: applies validated items to the store inside the import's transaction.
private final class MergeStage {
    let merger: BatchMerger
    let file: String
    var counts = ImportCounts()
    var diagnostics: [Diagnostic] = []
    var rejected: [RejectedInput] = []
    var visitsAdded = 0
    /// Visits whose person was not yet in the register, retried once the whole file has been merged.
    private var deferred: [ImportItem] = []
    private var finishing = false

    /// Applies the deferred visits; a person still missing makes the visit an error row.
    func finish() throws {
        finishing = true
        let items = deferred
        deferred = []
        for item in items { try apply(item) }
    }

    init(merger: BatchMerger, file: String) {
        self.merger = merger
        self.file = file
    }

    func apply(_ item: ImportItem) throws {
        switch item {
        case .table, .row, .validated:
            preconditionFailure("tables and rows are processed by the reader's row logic, not merged directly")
        case .person(let record, let location, let inQueue, let hash, let origin):
            let (outcome, conflicts) = try merger.merge(record, at: location, inQueue: inQueue, recordHash: hash)
            counts.conflicts += conflicts
            counts.corrected += try merger.clearRejected(key: record.key, origin: origin)
            switch outcome {
            case .inserted: counts.inserted += 1
            case .updated: counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
        case .rejected(let input):
            try merger.reject(input)  // counted by the reader
        case .visit(let key, let date, let visitor, let note, let location, let idLocation, let headers, let cells):
            guard let personID = merger.personID(forKey: key) else {
                // The person may come later in the same file (a visits sheet before the persons sheet).
                if !finishing {
                    deferred.append(item)
                    return
                }
                let d = Diagnostic(.error, "visit-unknown-person", at: idLocation,
                                   "no person with 公民身份号码 \(IDNumber.mask(key)) in the register; import the person first")
                let input = RejectedInput(location: location, headers: headers, cells: cells, diagnostics: [d], personKey: key)
                counts.rejected += 1
                diagnostics.append(d)
                rejected.append(input)
                try merger.reject(input)
                return
            }
            if try merger.addVisit(personID: personID, date: date, visitor: visitor, note: note) {
                counts.inserted += 1
                visitsAdded += 1
            } else {
                counts.unchanged += 1
            }
        }
    }
}
