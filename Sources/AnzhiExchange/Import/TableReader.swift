import AnzhiCore
import Spreadsheet

/// What the reader stage sends the processing stage, in order: a table's header, then its rows (validated
/// already when the reader had room to do it).
enum ReadItem: Sendable {
    case table(TableContext)
    case row(TableRow)
    case validated(TableRow, Result<ValidRecord, RejectedRow>)
}

/// The reader stage, on its own thread: reads every table of the file, finds its header row, and sends the rows
/// on. When the processing stage falls behind (inserting new people costs more than reading), it validates rows
/// itself, so that the two cores share the validation whichever stage is slower. It touches nothing of the
/// other stage: what it found about headers is read only after it has finished.
final class TableReader {
    private let source: TableSource
    private let detector: HeaderDetector
    private let validator: RecordValidator
    private let sheet: String?
    private let file: String
    /// Findings about headers and sheets.
    private(set) var findings: [Diagnostic] = []
    /// Whether any table had a header row.
    private(set) var foundHeader = false
    private var pending: [ReadItem] = []

    init(source: TableSource, detector: HeaderDetector, validator: RecordValidator, sheet: String?, file: String) {
        self.source = source
        self.detector = detector
        self.validator = validator
        self.sheet = sheet
        self.file = file
    }

    /// Reads all tables, handing batches of items to `deliver`; `isBehind` tells whether batches wait unread.
    func run(isBehind: () -> Bool, deliver: ([ReadItem]) throws -> Void) throws {
        for table in try source.tables(only: sheet) {
            if try read(table, isBehind: isBehind, deliver: deliver) { foundHeader = true }
        }
        if sheet == nil {
            for hidden in source.hiddenSheets {
                findings.append(
                    Diagnostic(
                        .warning, "hidden-sheet", at: InputLocation(file: file, sheet: hidden), key: "diag.hidden-sheet"
                    ))
            }
        }
        findings += source.warnings
        if !pending.isEmpty { try deliver(pending) }
        pending = []
    }

    private func send(_ item: ReadItem, _ deliver: ([ReadItem]) throws -> Void) throws {
        pending.append(item)
        if pending.count >= 256 {
            try deliver(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Reads one table; returns false when it has no header row (and so was skipped).
    private func read(_ table: String?, isBehind: () -> Bool, deliver: ([ReadItem]) throws -> Void) throws -> Bool {
        let rows = try source.rows(of: table)
        var buffered: [TableRow] = []
        var header: (row: TableRow, isVisits: Bool)?
        while buffered.count < HeaderDetector.searchRows, let next = rows.next() {
            let row = try next.get()
            buffered.append(row)
            let kind = detector.kind(of: row)
            if kind.found {
                header = (row, kind.isVisits)
                break
            }
        }
        guard let header else {
            findings.append(
                Diagnostic(
                    .note, "no-header-row", at: InputLocation(file: file, sheet: table), key: "diag.no-header-row"))
            return false
        }
        let (context, headerFindings) = detector.context(table: table, header: header.row, isVisits: header.isVisits)
        findings += headerFindings
        try send(.table(context), deliver)
        func forward(_ row: TableRow) throws {
            if let mapping = context.mapping, !row.cells.isEmpty, isBehind() {
                let location = InputLocation(file: file, sheet: table, row: row.number)
                try send(
                    .validated(
                        row, validator.validate(InputRow(location: location, cells: row.cells), mapping: mapping)),
                    deliver)
            } else {
                try send(.row(row), deliver)
            }
        }
        for row in buffered where row.number > header.row.number { try forward(row) }
        for next in rows { try forward(try next.get()) }
        return true
    }
}
