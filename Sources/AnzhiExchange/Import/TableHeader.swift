import AnzhiCore
import AnzhiStore
import Spreadsheet

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
    /// A prison batch's verification columns, kept aside (the office's to set): their headers and where the
    /// first of them sits, for the one warning a file gets when rows carry values there.
    let keptAside: (headers: [String], location: InputLocation)?

    init(
        table: String?, headers: [Int: String], headerList: [String], mapping: FieldMapping?,
        visitFields: [String: Int]?,
        origin: OriginColumns? = nil, keptAside: (headers: [String], location: InputLocation)? = nil
    ) {
        self.table = table
        self.headers = headers
        self.headerList = headerList
        self.mapping = mapping
        self.visitFields = visitFields
        self.origin = origin
        self.keptAside = keptAside
        // An office's own header (`--mapping`) means nothing without its mapping file: a rejected row keeps the
        // canonical header there instead, so the errors file and `rejected export` place the value right.
        var stored = headerList
        for (column, field) in mapping?.fields ?? [:] where column <= stored.count {
            if HeaderMatcher().match(stored[column - 1])?.field != field {
                stored[column - 1] = PersonFields.all[field].header
            }
        }
        storedHeaders = stored
    }

    /// The headers a rejected row is kept with: as read, except that a column named through the office's own
    /// mapping gets its template header.
    let storedHeaders: [String]

    /// What a diagnostic's column is called in the errors file: the template header of its field (the visit
    /// header on a visits sheet), else the column's own header.
    func columnName(_ column: Int) -> String? {
        if let field = mapping?.fields[column] { return PersonFields.all[field].header }
        if let field = visitFields?.first(where: { $0.value == column })?.key,
            let visit = PersonFields.visitHeaders.first(where: { $0.field == field })
        {
            return visit.header
        }
        return headers[column]
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
            column.flatMap { cells[$0] }.map { RecordValidator.text($0).trimmingSpaces() }.flatMap {
                $0.isEmpty ? nil : $0
            }
        }
        guard let file = text(file), let row = text(row).flatMap({ Int($0) }) else { return nil }
        return RejectedOrigin(file: file, sheet: text(sheet), row: row)
    }
}

/// Finds a table's header row among its first rows and turns it into a `TableContext`, with the findings about
/// headers (aliases, unknown and duplicate columns, too many columns).
struct HeaderDetector {
    let matcher: HeaderMatcher
    let side: BatchSide
    let file: String

    /// How many rows may stand above the header (titles, unit lines).
    static let searchRows = 10
    /// How many unknown columns a table may bring (the rest are not read, with one warning).
    static let maxUnknownColumns = 200

    /// Whether `row` is a header: of persons (three known headers) or of visits (three visit headers, the ID
    /// among them); nil when it is neither.
    func kind(of row: TableRow) -> (isVisits: Bool, found: Bool) {
        let texts = row.cells.nonEmpty.map { CellText.string($0.value) }
        if texts.filter({ matcher.match($0) != nil }).count >= 3 { return (false, true) }
        if HeaderMatcher.isVisitHeader(texts) { return (true, true) }
        return (false, false)
    }

    /// The context of a table whose header is `header`, and the findings about its headers.
    func context(table: String?, header: TableRow, isVisits: Bool) -> (TableContext, [Diagnostic]) {
        let headers = Dictionary(
            uniqueKeysWithValues: header.cells.nonEmpty.map { ($0.column, CellText.string($0.value).trimmingSpaces()) })
        let width = headers.keys.max() ?? 0
        let headerList = (1...max(width, 1)).map { headers[$0] ?? "" }
        func location(column: Int?) -> InputLocation {
            InputLocation(
                file: file, sheet: table, row: header.number, column: column, columnName: column.flatMap { headers[$0] }
            )
        }
        var origin = OriginColumns()
        /// Whether `text` names one of the columns our errors file adds (then noted in `origin`).
        func isErrorsFileColumn(_ text: String, at column: Int) -> Bool {
            switch HeaderMatcher.normalize(text) {
            case "", PersonSheets.errorColumn: return true
            case PersonSheets.originFileColumn: origin.file = column
            case PersonSheets.originSheetColumn: origin.sheet = column
            case PersonSheets.originRowColumn: origin.row = column
            default: return false
            }
            return true
        }
        if isVisits {
            var fields: [String: Int] = [:]
            for (column, text) in headers.sorted(by: { $0.key < $1.key }) {
                if let f = HeaderMatcher.visitField(text), fields[f] == nil {
                    fields[f] = column
                } else {
                    _ = isErrorsFileColumn(text, at: column)
                }
            }
            return (
                TableContext(
                    table: table, headers: headers, headerList: headerList, mapping: nil, visitFields: fields,
                    origin: origin.file != nil && origin.row != nil ? origin : nil),
                []
            )
        }

        var findings: [Diagnostic] = []
        var mapping = FieldMapping(fields: [:], unknown: [:], headers: headers)
        var keptAside: [Int] = []
        var unknownWarnings: [Diagnostic] = []
        for column in headers.keys.sorted() {
            let text = headers[column]!
            let loc = location(column: column)
            let match = matcher.match(text)
            switch match {
            case .some(.canonical(let i)), .some(.mapped(let i)), .some(.alias(let i)):
                if side == .prison, PersonFields.verification.contains(PersonFields.all[i].id) {
                    // The office's to set (domain §4): a prison's values fill nothing and stay with the row.
                    mapping.unknown[column] = text
                    keptAside.append(column)
                    continue
                }
                if mapping.fields.values.contains(i) {
                    findings.append(
                        Diagnostic(
                            .warning, "duplicate-column", at: loc, key: "diag.duplicate-column",
                            ["column": text, "field": PersonFields.all[i].header]))
                    mapping.unknown[column] = text
                    continue
                }
                mapping.fields[column] = i
                if case .some(.alias) = match {
                    findings.append(
                        Diagnostic(
                            .warning, "alias-header", at: loc, key: "diag.alias-header",
                            ["column": text, "field": PersonFields.all[i].header]))
                }
            case .none:
                // The explanation and origin columns of our own errors file: a corrected errors file imports cleanly.
                if isErrorsFileColumn(text, at: column) { continue }
                mapping.unknown[column] = text
                unknownWarnings.append(
                    Diagnostic(
                        .warning, "unknown-column", at: loc, key: "diag.unknown-column", ["column": text]))
            }
        }
        // A bounded number of unknown columns a person keeps, so the register always exports (Excel's 16,384
        // columns less the template's) and a sheet of junk columns cannot bloat every record.
        let unknownColumns = mapping.unknown.keys.sorted()
        if unknownColumns.count > HeaderDetector.maxUnknownColumns {
            let dropped = unknownColumns.dropFirst(HeaderDetector.maxUnknownColumns)
            for column in dropped { mapping.unknown[column] = nil }
            let loc = location(column: dropped.first)
            unknownWarnings = unknownWarnings.filter { ($0.location.column ?? 0) < dropped.first! }
            unknownWarnings.append(
                Diagnostic(
                    .warning, "too-many-columns", at: loc, key: "diag.too-many-columns",
                    [
                        "count": "\(unknownColumns.count)", "kept": "\(HeaderDetector.maxUnknownColumns)",
                        "dropped": "\(dropped.count)", "from": loc.columnName ?? "",
                    ]))
        }
        findings += unknownWarnings
        mapping.keptAside = Set(keptAside)
        let context = TableContext(
            table: table, headers: headers, headerList: headerList, mapping: mapping, visitFields: nil,
            origin: origin.file != nil && origin.row != nil ? origin : nil,
            keptAside: keptAside.isEmpty ? nil : (keptAside.map { headers[$0]! }, location(column: keptAside.first)))
        return (context, findings)
    }
}
