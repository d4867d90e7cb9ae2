import Foundation

/// What a sheet-to-CSV conversion wrote and what it noticed.
public struct SheetCSVReport: Sendable {
    /// Records written (the used range's height, leading empty rows included).
    public var rows: Int
    /// Fields per record (the used range's width).
    public var columns: Int
    /// Warnings such as formulas without a cached value.
    public var diagnostics: [Diagnostic]
}

/// Writes one worksheet as CSV by the rules of `anzhi sheet to-csv`: the grid from A1 to the last used
/// row and column, every record as wide as the used range, a merged range's value in its top-left cell only.
///
/// The sheet streams once into a temporary file of trimmed records; the width of the used range and the
/// merged ranges are only known at the end of the sheet, so a final pass pads each record and blanks merged
/// cells while copying to the output. Rows stored out of order (rare, hand-made files) make it re-read the
/// sheet into memory and sort it.
public enum SheetToCSV {
    /// Converts `sheet` of `reader` (any kind of workbook) to CSV at `outputPath` (standard output when nil or
    /// `-`). The report's diagnostics include the reader's own warnings (a repaired .xls structure).
    public static func convert(
        _ reader: any Workbook, sheet: SheetInfo, outputPath: String?,
        dialect: CSVDialect = .plain
    ) throws -> SheetCSVReport {
        let tempPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("anzhi-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv.part").path
        TemporaryFiles.register(tempPath)
        defer {
            unlink(tempPath)
            TemporaryFiles.unregister(tempPath)
        }
        var pass = try TrimmedRecords(tempPath: tempPath, dialect: dialect)
        let rows = try reader.rows(of: sheet)
        do {
            while let row = try rows.next() {
                try pass.add(row)
            }
        } catch let error as SpreadsheetError where error.code == .rowsOutOfOrder {
            // Hand-made files may store rows out of order: read them all, sort, and start again.
            let again = try reader.rows(of: sheet)
            var all: [SheetRow] = []
            while let row = try again.next() { all.append(row) }
            var byNumber: [Int: SheetRow] = [:]
            for row in all {
                // Out of order is tolerated; the same row twice has no single right reading (xlsx.md §4).
                if byNumber[row.number] != nil {
                    throw SpreadsheetError(
                        .malformedXML, key: "error.malformed-xml.row-twice", ["row": "\(row.number)"],
                        location: again.location)
                }
                byNumber[row.number] = row
            }
            pass = try TrimmedRecords(tempPath: tempPath, dialect: dialect)
            for number in byNumber.keys.sorted() { try pass.add(byNumber[number]!) }
            var report = try pass.finish(merges: again.mergedRanges, outputPath: outputPath, location: rows.location)
            report.diagnostics = reader.warnings + again.warnings + report.diagnostics
            return report
        }
        var report = try pass.finish(merges: rows.mergedRanges, outputPath: outputPath, location: rows.location)
        report.diagnostics = reader.warnings + rows.warnings + report.diagnostics
        return report
    }
}

/// Pass one of the conversion: each row's fields up to its last non-empty cell, in a temporary file.
private struct TrimmedRecords {
    struct Span {
        var number: Int
        var length: Int
        var width: Int
    }

    let sink: ByteSink
    let tempPath: String
    let dialect: CSVDialect
    let encoder: CSVFieldEncoder
    var spans: [Span] = []
    var record: [UInt8] = []
    var diagnostics: [Diagnostic] = []
    var uncachedFormulas = 0

    init(tempPath: String, dialect: CSVDialect) throws {
        self.tempPath = tempPath
        self.dialect = dialect
        sink = try ByteSink(path: tempPath, atomic: false)
        encoder = CSVFieldEncoder(delimiter: dialect.delimiter, formulaGuard: false)
    }

    mutating func add(_ row: SheetRow) throws {
        if let last = spans.last, row.number <= last.number {
            throw SpreadsheetError(
                .rowsOutOfOrder, key: "error.rows-out-of-order.row", ["row": "\(row.number)", "last": "\(last.number)"])
        }
        record.removeAll(keepingCapacity: true)
        var emitted = 0
        var trimmedLength = 0
        var width = 0
        let delimiter = dialect.delimiter
        for cell in row.raw {
            let c = Int(cell.column)
            let delimiters = (c - 1) - max(emitted - 1, 0)
            for _ in 0..<delimiters { record.append(delimiter) }
            if emitted == 0 && c == 1 { /* first field, no delimiter */  }
            let before = record.count
            appendField(cell, of: row)
            emitted = c
            if record.count > before {
                trimmedLength = record.count
                width = c
            } else if cell.kind == .uncachedFormula {
                uncachedFormulas += 1
                if uncachedFormulas <= 100 {
                    diagnostics.append(
                        Diagnostic(
                            .warning, "uncached-formula",
                            at: InputLocation(file: "", row: row.number, column: c),
                            key: "diag.uncached-formula", ["cell": "\(CellReference(row: row.number, column: c))"]
                        ))
                }
            }
        }
        record.removeSubrange(trimmedLength...)
        if width > 0 {
            sink.write(record)
            try sink.flushIfNeeded()
        }
        spans.append(Span(number: row.number, length: width > 0 ? record.count : 0, width: width))
    }

    @inline(__always)
    mutating func appendField(_ cell: RawCell, of row: SheetRow) {
        switch cell.kind {
        case .sharedString:
            let r = row.sharedStrings.range(Int(cell.number))
            row.sharedStrings.bytes.withUnsafeBufferPointer {
                encoder.append(UnsafeBufferPointer(rebasing: $0[r]), isText: true, to: &record)
            }
        case .text, .error:
            row.text.withUnsafeBufferPointer {
                encoder.append(
                    UnsafeBufferPointer(rebasing: $0[Int(cell.start)..<Int(cell.end)]), isText: true, to: &record)
            }
        case .number where cell.plainInteger && cell.formatKind == .plain:
            row.text.withUnsafeBufferPointer {
                record.append(contentsOf: UnsafeBufferPointer(rebasing: $0[Int(cell.start)..<Int(cell.end)]))
            }
        case .uncachedFormula:
            break
        default:
            encoder.append(CellText.string(row.decode(cell)), isText: false, to: &record)
        }
    }

    /// Pads, blanks merged cells and writes the final CSV.
    func finish(merges: [CellRange], outputPath: String?, location: InputLocation) throws -> SheetCSVReport {
        try sink.close()
        // Records touched by a merged range: re-parse them and blank every cell but the top-left.
        var replacements: [Int: (bytes: [UInt8], width: Int)] = [:]
        if !merges.isEmpty {
            let file = try Data(contentsOf: URL(fileURLWithPath: tempPath))
            var offset = 0
            for span in spans {
                defer { offset += span.length }
                let covering = merges.filter { $0.first.row <= span.number && span.number <= $0.last.row }
                guard !covering.isEmpty, span.width > 0 else { continue }
                var fields = CSVParser.fields(
                    of: [UInt8](file[offset..<offset + span.length]), delimiter: dialect.delimiter)
                for range in covering {
                    for column in range.first.column...range.last.column where column <= fields.count {
                        if CellReference(row: span.number, column: column) != range.first { fields[column - 1] = [] }
                    }
                }
                while let last = fields.last, last.isEmpty { fields.removeLast() }
                var bytes: [UInt8] = []
                for (i, f) in fields.enumerated() {
                    if i > 0 { bytes.append(dialect.delimiter) }
                    f.withUnsafeBufferPointer { encoder.append($0, isText: true, to: &bytes) }
                }
                replacements[span.number] = (bytes, fields.count)
            }
        }
        var maxWidth = 0
        var lastRow = 0
        for span in spans {
            let width = replacements[span.number]?.width ?? span.width
            if width > 0 {
                maxWidth = max(maxWidth, width)
                lastRow = span.number
            }
        }

        let csv = try CSVWriter(path: outputPath, dialect: dialect)
        let out = csv.rawSink
        let input = try SequentialFile(path: tempPath)
        let lineEnding = dialect.lineEnding.bytes
        let padding = [UInt8](repeating: dialect.delimiter, count: max(maxWidth - 1, 0))
        var spanIndex = 0
        if lastRow > 0 {
            for number in 1...lastRow {
                var width = 0
                if spanIndex < spans.count, spans[spanIndex].number == number {
                    let span = spans[spanIndex]
                    spanIndex += 1
                    if let replacement = replacements[number] {
                        try input.skip(span.length)
                        out.write(replacement.bytes)
                        width = replacement.width
                    } else {
                        try input.copy(span.length, to: out)
                        width = span.width
                    }
                }
                let pad = width == 0 ? maxWidth - 1 : maxWidth - width
                if pad > 0 { out.write(padding[0..<pad]) }
                out.write(lineEnding)
                try out.flushIfNeeded()
            }
        }
        try csv.close()
        let diagnostics = self.diagnostics.map { d -> Diagnostic in
            var d = d
            var loc = location
            loc.part = nil
            loc.row = d.location.row
            loc.column = d.location.column
            d.location = loc
            return d
        }
        return SheetCSVReport(rows: lastRow, columns: maxWidth, diagnostics: diagnostics)
    }
}

/// Reads a file front to back in large blocks, handing out byte runs.
private final class SequentialFile {
    private let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    let path: String

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SpreadsheetError(
                .fileNotReadable, key: "error.file-not-readable.temporary-reopen", ["path": "\(path)"])
        }
    }

    deinit { close(fd) }

    private func fill() throws {
        start = 0
        end = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard end > 0 else {
            throw SpreadsheetError(
                .fileNotReadable, key: "error.file-not-readable.temporary-short", ["path": "\(path)"])
        }
    }

    func copy(_ count: Int, to sink: ByteSink) throws {
        var left = count
        while left > 0 {
            if start == end { try fill() }
            let n = min(left, end - start)
            buffer.withUnsafeBufferPointer { sink.write(UnsafeBufferPointer(rebasing: $0[start..<start + n])) }
            start += n
            left -= n
        }
    }

    func skip(_ count: Int) throws {
        var left = count
        while left > 0 {
            if start == end { try fill() }
            let n = min(left, end - start)
            start += n
            left -= n
        }
    }
}
