import Foundation

/// Streams the cells of one BIFF worksheet substream (from its BOF to its EOF) as `SheetRow`s: one row at a
/// time, blanks never stored, merged ranges gathered on the way (MERGEDCELLS follows the cells).
final class BIFFSheetSource: SheetRowSource {
    private var records: BIFFRecords
    private let biff: Int
    private let sharedStrings: SharedStrings
    private let styleKinds: [NumberFormatKind]
    private let dateSystem: DateSystem
    private let decoder: CodePageDecoder
    private let location: InputLocation
    private var builder = RowBuilder()
    private var finished = false
    private var depth = 1
    private var previous = XLSReader.bof
    /// A FORMULA whose string result is in the STRING record that follows (row, column; 0-based).
    private var pendingString: (row: Int, column: Int)?
    private var units: [UInt16] = []
    private var scratch: [UInt8] = []
    private(set) var mergedRanges: [CellRange] = []
    private(set) var warnings: [Diagnostic] = []

    init(
        records: BIFFRecords, biff: Int, sharedStrings: SharedStrings, styleKinds: [NumberFormatKind],
        dateSystem: DateSystem, decoder: CodePageDecoder, location: InputLocation
    ) throws {
        self.records = records
        self.biff = biff
        self.sharedStrings = sharedStrings
        self.styleKinds = styleKinds
        self.dateSystem = dateSystem
        self.decoder = decoder
        self.location = location
        guard records.offset < records.stream.size else {
            throw SpreadsheetError(
                .damagedXLS,
                key: "error.damaged-xls.sheet-past-stream",
                ["offset": "\(records.offset)", "size": "\(records.stream.size)"],
                location: location)
        }
        guard try self.records.next(), self.records.type == XLSReader.bof else {
            throw SpreadsheetError(
                .damagedXLS, key: "error.damaged-xls.sheet-no-bof", ["offset": "\(records.offset)"], location: location)
        }
    }

    private func fail(key: String, _ values: [String: String], row: Int? = nil, column: Int? = nil)
        -> SpreadsheetError
    {
        var loc = location
        loc.row = row
        loc.column = column
        return SpreadsheetError(.damagedXLS, key: key, values, location: loc)
    }

    private func kind(_ xf: Int) -> NumberFormatKind { xf < styleKinds.count ? styleKinds[xf] : .plain }

    /// Makes (0-based) `row` the one being built; returns the finished previous row when the row changes.
    @inline(__always)
    private func place(row: Int, column: Int) throws -> SheetRow? {
        guard column < SheetLimits.maxColumns else {
            throw SpreadsheetError(
                .limitExceeded, key: "error.limit-exceeded.xls-column", ["column": "\(column + 1)"],
                location: InputLocation(file: location.file, sheet: location.sheet, row: row + 1, column: column + 1))
        }
        if builder.isEmpty {
            builder.start(row: row + 1)
            return nil
        }
        guard builder.number != row + 1 else { return nil }
        let done = builder.build(sharedStrings: sharedStrings, dateSystem: dateSystem)
        builder.start(row: row + 1)
        return done
    }

    /// Reads the string of a LABEL or STRING record into `scratch`; one that runs past its record is an error.
    private func readText(_ body: inout ContinuedBody, row: Int, column: Int, what: String) throws {
        scratch.removeAll(keepingCapacity: true)
        do {
            try XLSReader.readString(&body, biff: biff, lengthBytes: 2, decoder: decoder, into: &scratch, units: &units)
        } catch {
            throw fail(
                key: "error.damaged-xls.record-text",
                ["what": "\(what)", "cell": "\(CellReference(row: row + 1, column: column + 1))"],
                row: row + 1, column: column + 1)
        }
        if units.count > SheetLimits.maxCellCharacters || builder.textCount + scratch.count > 256 << 20 {
            throw SpreadsheetError(
                .limitExceeded,
                key: "error.limit-exceeded.xls-cell-text",
                ["cell": "\(CellReference(row: row + 1, column: column + 1))"],
                location: InputLocation(file: location.file, sheet: location.sheet, row: row + 1, column: column + 1))
        }
    }

    func nextRow() throws -> SheetRow? {
        while !finished {
            guard try records.next() else {
                finished = true
                break
            }
            let type = records.type
            let n = records.length
            defer { previous = type }
            if depth > 1 {
                // An embedded substream (a chart's BOF … EOF inside the sheet): skipped whole.
                if type == XLSReader.bof { depth += 1 } else if type == XLSReader.eof { depth -= 1 }
                continue
            }
            var done: SheetRow?
            switch type {
            case XLSReader.eof:
                finished = true
            case XLSReader.bof:
                depth += 1
            case 0x0203 where n >= 14:  // NUMBER
                done = try place(row: records.u16(0), column: records.u16(2))
                builder.addNumber(column: records.u16(2) + 1, records.f64(6), format: kind(records.u16(4)))
            case 0x027E where n >= 10:  // RK
                done = try place(row: records.u16(0), column: records.u16(2))
                builder.addNumber(
                    column: records.u16(2) + 1, BIFFSheetSource.rk(records.u32(6)), format: kind(records.u16(4)))
            case 0x00BD where n >= 6:  // MULRK: row, first column, (xf, rk) pairs, last column
                let row = records.u16(0)
                let first = records.u16(2)
                let pairs = (n - 6) / 6
                if pairs > 0 { done = try place(row: row, column: first + pairs - 1) }
                for k in 0..<pairs {
                    let at = 4 + 6 * k
                    builder.addNumber(
                        column: first + k + 1, BIFFSheetSource.rk(records.u32(at + 2)), format: kind(records.u16(at)))
                }
            case 0x00FD where n >= 10:  // LABELSST
                let row = records.u16(0)
                let column = records.u16(2)
                let index = Int(records.u32(6))
                guard index < sharedStrings.count else {
                    throw fail(
                        key: "error.damaged-xls.shared-string-index",
                        [
                            "cell": "\(CellReference(row: row + 1, column: column + 1))", "index": "\(index)",
                            "count": "\(sharedStrings.count)",
                        ],
                        row: row + 1, column: column + 1)
                }
                done = try place(row: row, column: column)
                builder.addShared(column: column + 1, index: index)
            case 0x0204 where n >= 8, 0x00D6 where n >= 8:  // LABEL, RSTRING
                let row = records.u16(0)
                let column = records.u16(2)
                done = try place(row: row, column: column)
                var body = ContinuedBody(data: [UInt8](records.body(from: 6)), boundaries: [])
                try readText(&body, row: row, column: column, what: Messages.text("error.damaged-xls.what.text"))
                builder.addText(column: column + 1, scratch)
            case 0x0205 where n >= 8:  // BOOLERR
                let row = records.u16(0)
                let column = records.u16(2)
                done = try place(row: row, column: column)
                if records.u8(7) == 0 {
                    builder.addBoolean(column: column + 1, records.u8(6) != 0)
                } else {
                    builder.addError(column: column + 1, BIFFSheetSource.errorText(records.u8(6)))
                }
            case 0x0006 where n >= 16:  // FORMULA: the cached result only
                let row = records.u16(0)
                let column = records.u16(2)
                done = try place(row: row, column: column)
                if records.u16(12) == 0xFFFF {
                    switch records.u8(6) {
                    case 0: pendingString = (row, column)  // the STRING record that follows holds it
                    case 1: builder.addBoolean(column: column + 1, records.u8(8) != 0)
                    case 2: builder.addError(column: column + 1, BIFFSheetSource.errorText(records.u8(8)))
                    case 3: builder.addText(column: column + 1, EmptyCollection<UInt8>())
                    default: builder.addUncachedFormula(column: column + 1)
                    }
                } else {
                    builder.addNumber(column: column + 1, records.f64(6), format: kind(records.u16(4)))
                }
            case 0x0207:  // STRING: a string formula's result
                guard let pending = pendingString else { continue }
                let (row, column) = pending
                pendingString = nil
                var body = try records.bodyWithContinues()
                try readText(
                    &body, row: row, column: column, what: Messages.text("error.damaged-xls.what.formula-result"))
                // The formula placed the row already; the STRING belongs to it.
                if builder.number == row + 1 { builder.addText(column: column + 1, scratch) }
            case 0x00E5 where n >= 2:  // MERGEDCELLS
                let count = min(records.u16(0), (n - 2) / 8)
                for k in 0..<count {
                    let at = 2 + 8 * k
                    let (r1, r2, c1, c2) = (
                        records.u16(at), records.u16(at + 2), records.u16(at + 4), records.u16(at + 6)
                    )
                    guard r1 <= r2, c1 <= c2, c2 < SheetLimits.maxColumns else { continue }
                    mergedRanges.append(
                        CellRange(
                            first: CellReference(row: r1 + 1, column: c1 + 1),
                            last: CellReference(row: r2 + 1, column: c2 + 1)))
                }
            case BIFFRecords.continueType where previous == XLSReader.bof:
                warnings.append(
                    Diagnostic(
                        .warning, "xls-stray-continue", at: location,
                        key: "diag.xls-stray-continue", ["offset": "\(records.recordOffset)"]
                    ))
            default:
                break  // BLANK, MULBLANK, ROW, DIMENSION, formatting: nothing to store
            }
            // FORMULA, then perhaps SHRFMLA/ARRAY/TABLE, then STRING: anything else means the STRING never came.
            if let pending = pendingString, type != 0x0006, type != 0x0207, type != 0x04BC, type != 0x0221,
                type != 0x0236, type != BIFFRecords.continueType
            {
                if builder.number == pending.row + 1 { builder.addUncachedFormula(column: pending.column + 1) }
                pendingString = nil
            }
            if let done { return done }
        }
        guard !builder.isEmpty else { return nil }
        defer { builder.start(row: 0) }
        return builder.build(sharedStrings: sharedStrings, dateSystem: dateSystem)
    }

    /// An RK number ([MS-XLS] 2.5.217): a 30-bit integer or the top 30 bits of a double, perhaps divided by 100.
    static func rk(_ raw: UInt32) -> Double {
        var value: Double
        if raw & 0x02 != 0 {
            value = Double(Int32(bitPattern: raw) >> 2)
        } else {
            value = Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        }
        if raw & 0x01 != 0 { value /= 100 }
        return value
    }

    /// The text of a BErr error code ([MS-XLS] 2.5.10).
    static func errorText(_ code: UInt8) -> String {
        switch code {
        case 0x00: return "#NULL!"
        case 0x07: return "#DIV/0!"
        case 0x0F: return "#VALUE!"
        case 0x17: return "#REF!"
        case 0x1D: return "#NAME?"
        case 0x24: return "#NUM!"
        case 0x2A: return "#N/A"
        default: return "#GETTING_DATA"
        }
    }
}

@available(*, unavailable, message: "reads a file through its workbook; one task")
extension BIFFSheetSource: Sendable {}
