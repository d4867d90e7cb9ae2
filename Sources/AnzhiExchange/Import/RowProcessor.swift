import AnzhiCore
import AnzhiStore
import Spreadsheet

/// What row processing hands the merge stage.
enum MergeItem: Sendable {
    /// A valid person for the register (or the assignment queue), with the hash of the record and, for a row of
    /// an errors file, the rejected row it stands for.
    case person(ValidRecord, InputLocation, inQueue: Bool, hash: Int64, origin: RejectedOrigin?)
    /// A person of the register whose 户籍 moved out of the jurisdiction (迁出): the new values are merged, the
    /// person is kept as exited with reason 迁出, and goes to the new office with the next outbox.
    case movedOut(ValidRecord, InputLocation, hash: Int64, on: CivilDate)
    /// A valid visit; the merge stage checks that the person is in the register.
    case visit(
        key: String, date: String, visitor: String, note: String, location: InputLocation, idLocation: InputLocation,
        headers: [String], cells: [String], origin: RejectedOrigin?)
    /// A row rejected by validation, to keep in the store.
    case rejected(RejectedInput)
}

/// The row logic of an import, on one thread: validates each row (unless the reader did), places the person
/// (register, assignment queue, another office's), catches duplicates within the file, reads visits, and hands
/// `MergeItem`s to `emit`. It knows nothing of threads or the database, so it is tested on its own.
final class RowProcessor {
    let validator: RecordValidator
    let office: Office
    let options: ImportOptions
    let file: String
    /// The 户籍 code of every person already in the register, by key (nil inside when the person has none).
    private let storedHukou: [String: String?]
    private let emit: (MergeItem) throws -> Void

    private(set) var counts = ImportCounts()
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var rejected: [RejectedInput] = []
    /// Keys seen in this file: first row and a hash of its record, for duplicate-row / duplicate-key
    /// (a hash, not the values: a million-row file must not hold every record twice).
    private var seen: [String: (row: Int, sheet: String?, hash: Int64)] = [:]
    /// Rows of other offices' jurisdictions, by the region of the office they belong to (as deep as this office's
    /// own level: the township for a 司法所, the county for a county office …).
    private var outsideBy: [String: Int] = [:]
    /// Rows of an `existingOnly` import about people not in the register (counted in `outside` too).
    private var notHeld = 0
    /// The first table's kept-aside verification columns, and how many rows carry a value in them.
    private var keptAside: (headers: [String], location: InputLocation)?
    private var rowsWithVerification = 0
    private var context: TableContext?

    init(
        validator: RecordValidator, office: Office, options: ImportOptions, file: String,
        storedHukou: [String: String?],
        emit: @escaping (MergeItem) throws -> Void
    ) {
        self.validator = validator
        self.office = office
        self.options = options
        self.file = file
        self.storedHukou = storedHukou
        self.emit = emit
    }

    /// Processes the next item from the reader.
    func process(_ item: ReadItem) throws {
        switch item {
        case .table(let c):
            context = c
            if keptAside == nil { keptAside = c.keptAside }
        case .row(let row): try process(row, validated: nil)
        case .validated(let row, let result): try process(row, validated: result)
        }
    }

    private func process(_ row: TableRow, validated: Result<ValidRecord, RejectedRow>?) throws {
        guard let context, !row.cells.isEmpty else { return }
        if let fields = context.visitFields {
            try visit(row, fields: fields, context: context)
        } else if let mapping = context.mapping {
            try person(row, mapping: mapping, context: context, validated: validated)
        }
    }

    /// The findings made once for the whole file (other offices' rows, verification values kept aside).
    func summaries() -> [Diagnostic] {
        var result: [Diagnostic] = []
        if notHeld > 0 {
            result.append(
                Diagnostic(
                    .warning, "person-not-held", at: InputLocation(file: file), key: "diag.person-not-held",
                    ["count": "\(notHeld)"]))
        }
        if counts.outside > notHeld {
            let parts = outsideBy.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(20).map { code, n in
                "\(code)\(validator.reference.regions.name(code).map { " " + $0 } ?? "") \(n)"
            }
            let more =
                outsideBy.count > 20
                ? Messages.text("diag.outside-jurisdiction.more", ["count": "\(outsideBy.count - 20)"]) : ""
            result.append(
                Diagnostic(
                    .warning, "outside-jurisdiction", at: InputLocation(file: file), key: "diag.outside-jurisdiction",
                    ["count": "\(counts.outside - notHeld)", "offices": parts.joined(separator: "，") + more]))
        }
        if let (headers, location) = keptAside, rowsWithVerification > 0 {
            result.append(
                Diagnostic(
                    .warning, "prison-verification-ignored", at: location,
                    key: headers.count == 1
                        ? "diag.prison-verification-ignored.one" : "diag.prison-verification-ignored",
                    ["columns": headers.joined(separator: "、"), "count": "\(rowsWithVerification)"]))
        }
        return result
    }

    /// The 户籍 code that decides where a row's person belongs: the row's own for a new person or when the
    /// sender owns the field (the prison side) and gives one; otherwise the stored code (an office ledger that
    /// updates hand-overs carries no 户籍, and its 户籍 would only be a proposal).
    private func effectiveHukou(_ record: ValidRecord) -> String? {
        let given = record.value("hukouRegion")
        guard let stored = storedHukou[record.key] else { return given }
        if options.side.owns(PersonFields.all[PersonFields.At.hukouRegion]), let given { return given }
        return stored ?? given
    }

    private func person(
        _ row: TableRow, mapping: FieldMapping, context: TableContext,
        validated: Result<ValidRecord, RejectedRow>?
    ) throws {
        counts.rows += 1
        if let limit = options.failAfterRows, counts.rows > limit {
            throw ImportError(.faultInjected, "fault injected after \(limit) rows")
        }
        if counts.rows % 1_000 == 0 { options.progress?(counts.rows) }
        let location = InputLocation(file: file, sheet: context.table, row: row.number)
        switch validated ?? validator.validate(InputRow(location: location, cells: row.cells), mapping: mapping) {
        case .failure(let rejectedRow):
            let idColumn = mapping.fields.first { $0.value == PersonFields.At.idNumber }?.key
            let key = idColumn.flatMap { row.cells[$0] }.map { personKey(idText: RecordValidator.text($0)) }
            // Another office's row is not an error of this batch, whatever is wrong with it: counted apart, never
            // in the errors file (domain §4). Someone of the register (迁出 or not) stays this office's to fix.
            if let hukou = rejectedRow.hukouRegion, key.map({ storedHukou[$0] == nil }) ?? true,
                office.placement(ofHukou: hukou) == .outside
            {
                countOutside(hukou)
                return
            }
            try reject(row, context: context, location: location, diagnostics: rejectedRow.diagnostics, key: key)
        case .success(var record):
            if !mapping.keptAside.isEmpty, mapping.keptAside.contains(where: { row.cells[$0] != nil }) {
                rowsWithVerification += 1
            }
            let hukouColumn =
                mapping.fields.first(where: { $0.value == PersonFields.At.hukouRegion })?.key
                ?? mapping.fields.first(where: { $0.value == PersonFields.At.hukouAddress })?.key
            let hukou = effectiveHukou(record)
            let placement = office.placement(ofHukou: hukou)
            if placement == .outside {
                guard let hukou else {
                    var loc = location
                    loc.column = hukouColumn
                    loc.columnName = hukouColumn.flatMap { mapping.headers[$0] }
                    record.diagnostics.append(
                        Diagnostic(
                            .error, "hukou-unknown", at: loc, key: "diag.hukou-unknown"))
                    try reject(
                        row, context: context, location: location, diagnostics: record.diagnostics, key: record.key)
                    return
                }
                // Someone of the register moving away (迁出): kept, marked, and sent on (domain §5, 注销 迁出).
                if storedHukou[record.key] != nil {
                    diagnostics.append(contentsOf: record.diagnostics)
                    diagnostics.append(
                        Diagnostic(
                            .note, "moved-out", at: location, key: "diag.moved-out",
                            ["code": hukou, "name": validator.reference.regions.name(hukou).map { " (\($0))" } ?? ""]))
                    try emit(.movedOut(record, location, hash: BatchMerger.hash(record), on: options.today))
                    return
                }
                // Another office's person: not an error of the batch, counted apart and not kept (domain §4).
                countOutside(hukou)
                return
            }
            if options.existingOnly, storedHukou[record.key] == nil {
                counts.outside += 1
                notHeld += 1
                return
            }
            let hash = BatchMerger.hash(record)
            if let earlier = seen[record.key] {
                let whereEarlier =
                    earlier.sheet.map {
                        Messages.text("diag.earlier-row.sheet", ["row": "\(earlier.row)", "sheet": $0])
                    }
                    ?? Messages.text("diag.earlier-row", ["row": "\(earlier.row)"])
                if earlier.hash == hash {
                    diagnostics.append(contentsOf: record.diagnostics)
                    diagnostics.append(
                        Diagnostic(
                            .warning, "duplicate-row", at: location, key: "diag.duplicate-row",
                            ["earlier": whereEarlier]))
                    counts.unchanged += 1
                } else {
                    var d = record.diagnostics
                    d.append(
                        Diagnostic(
                            .error, "duplicate-key", at: location, key: "diag.duplicate-key",
                            [
                                "person": record.keyIsFallback ? "姓名/出生日期/服刑场所/罪犯编号" : IDNumber.mask(record.key),
                                "earlier": whereEarlier,
                            ]))
                    try reject(row, context: context, location: location, diagnostics: d, key: record.key)
                }
                return
            }
            seen[record.key] = (row.number, context.table, hash)
            diagnostics.append(contentsOf: record.diagnostics)
            if placement == .assignmentQueue {
                diagnostics.append(
                    Diagnostic(
                        .note, "assignment-queue", at: location, key: "diag.assignment-queue"))
            }
            try emit(
                .person(
                    record, location, inQueue: placement == .assignmentQueue, hash: hash,
                    origin: context.origin?.origin(of: row.cells)))
        }
    }

    /// Counts a row of another office's jurisdiction, by the region of that office.
    private func countOutside(_ hukou: String) {
        counts.outside += 1
        outsideBy[String(RegionCode.significant(hukou).prefix(office.level.regionDigits)), default: 0] += 1
    }

    /// The key a rejected row is filed under: the normalised ID number when it is valid, else its text.
    private func personKey(idText: String) -> String {
        let text = idText.trimmingSpaces().uppercased()
        if case .success(let id) = IDNumber.parse(text, today: options.today) { return id.value }
        return text
    }

    private func reject(
        _ row: TableRow, context: TableContext, location: InputLocation, diagnostics rowDiagnostics: [Diagnostic],
        key: String?
    ) throws {
        counts.rejected += 1
        if counts.rejected > options.maxErrors {
            throw ImportError(
                .tooManyErrors,
                key: location.sheet == nil ? "error.too-many-errors.limit" : "error.too-many-errors.limit.sheet",
                ["max": "\(options.maxErrors)", "row": "\(location.row ?? 0)", "sheet": location.sheet ?? ""],
                location: InputLocation(file: file))
        }
        diagnostics.append(contentsOf: rowDiagnostics)
        let cells = (0..<context.headerList.count).map { row.cells[$0 + 1].map(RecordValidator.text) ?? "" }
        let input = RejectedInput(
            location: location, headers: context.storedHeaders, cells: cells, diagnostics: rowDiagnostics,
            personKey: key.flatMap { $0.isEmpty ? nil : $0 },
            errorColumns: rowDiagnostics.filter { $0.severity == .error }.compactMap {
                $0.location.column.flatMap(context.columnName)
            }, isVisit: context.visitFields != nil)
        rejected.append(input)
        try emit(.rejected(input))
    }

    private func visit(_ row: TableRow, fields: [String: Int], context: TableContext) throws {
        counts.rows += 1
        let location = InputLocation(file: file, sheet: context.table, row: row.number)
        func cell(_ f: String) -> String? {
            fields[f].flatMap { row.cells[$0] }.map { RecordValidator.text($0).trimmingSpaces() }
        }
        func at(_ f: String) -> InputLocation {
            var loc = location
            loc.column = fields[f]
            loc.columnName = fields[f].flatMap { context.headers[$0] }
            return loc
        }
        var problems: [Diagnostic] = []
        var key: String?
        switch cell("idNumber").map({ IDNumber.parse($0, today: options.today) }) {
        case .success(let id)?:
            key = id.value
        case .failure(let problem)?:
            problems.append(
                Diagnostic(
                    .error, problem.ruleID, at: at("idNumber"), key: "diag.visit-id",
                    ["found": Diagnostic.quote(IDNumber.mask(cell("idNumber") ?? ""))]))
        case nil:
            problems.append(Diagnostic(.error, "required", at: at("idNumber"), key: "diag.required.visit"))
        }
        let date = fields["visitDate"].flatMap { row.cells[$0] }.flatMap(DateText.date(from:))
        if date == nil {
            problems.append(
                Diagnostic(
                    .error, "date-format", at: at("visitDate"), key: "diag.date-format.visit",
                    ["found": Diagnostic.quote(cell("visitDate") ?? "")]))
        } else if let date, date > options.today {
            problems.append(
                Diagnostic(
                    .error, "future-date", at: at("visitDate"), key: "diag.future-date",
                    ["today": "\(options.today)", "found": "'\(date)'"]))
        }
        guard problems.isEmpty, let key, let date else {
            try reject(
                row, context: context, location: location, diagnostics: problems,
                key: key ?? cell("idNumber").map { personKey(idText: $0) })
            return
        }
        let cells = (0..<context.headerList.count).map { row.cells[$0 + 1].map(RecordValidator.text) ?? "" }
        try emit(
            .visit(
                key: key, date: date.description, visitor: cell("visitor") ?? "", note: cell("note") ?? "",
                location: location, idLocation: at("idNumber"), headers: context.headerList, cells: cells,
                origin: context.origin?.origin(of: row.cells)))
    }
}
