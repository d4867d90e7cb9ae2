import Foundation

/// The SAX state machine for a worksheet part: turns `<row>`/`<c>` events into `SheetRow`s as they complete,
/// holding only the row being built. Merged ranges (after `</sheetData>`) are collected on the way.
final class SheetHandler: XMLEventHandler {
    private enum CellType { case number, shared, inline, formulaString, boolean, error, isoDate }
    private enum Collecting { case none, value, inlineText }

    private let styleKinds: [NumberFormatKind]
    private let sharedStrings: SharedStrings
    private let dateSystem: DateSystem
    private let location: InputLocation

    /// Rows completed and not yet taken by the iterator.
    @exclusivity(unchecked) var completed: [SheetRow] = []
    private(set) var mergedRanges: [CellRange] = []

    @exclusivity(unchecked) private var inSheetData = false
    @exclusivity(unchecked) private var rowNumber = 0
    @exclusivity(unchecked) private var previousRowNumber = 0
    @exclusivity(unchecked) private var rowHasExplicitNumber = false
    @exclusivity(unchecked) private var nextColumn = 1
    @exclusivity(unchecked) private var cells: [RawCell] = []
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var cellsUnordered = false

    @exclusivity(unchecked) private var inCell = false
    @exclusivity(unchecked) private var cellColumn = 0
    @exclusivity(unchecked) private var cellType = CellType.number
    @exclusivity(unchecked) private var cellFormat = NumberFormatKind.plain
    @exclusivity(unchecked) private var cellHasFormula = false
    @exclusivity(unchecked) private var cellHasValue = false
    @exclusivity(unchecked) private var cellStart = 0
    @exclusivity(unchecked) private var collecting = Collecting.none
    @exclusivity(unchecked) private var inInlineString = false
    @exclusivity(unchecked) private var phoneticDepth = 0

    init(styleKinds: [NumberFormatKind], sharedStrings: SharedStrings, dateSystem: DateSystem, location: InputLocation)
    {
        self.styleKinds = styleKinds
        self.sharedStrings = sharedStrings
        self.dateSystem = dateSystem
        self.location = location
    }

    private func fail(
        _ code: SpreadsheetErrorCode, key: String, _ values: [String: String] = [:], row: Int? = nil,
        column: Int? = nil
    ) {
        guard failure == nil else { return }
        var loc = location
        loc.row = row
        loc.column = column
        failure = SpreadsheetError(code, key: key, values, location: loc)
    }

    override func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.namespace.isSpreadsheet, failure == nil else { return }
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "c") where p[1] == 0:
            guard inSheetData else { return }
            startCell(attributes)
        case UInt8(ascii: "v") where p[1] == 0:
            if inCell && cellType != .inline {
                collecting = .value
                cellHasValue = true
            }
        case UInt8(ascii: "f") where p[1] == 0:
            if inCell { cellHasFormula = true }
        case UInt8(ascii: "t") where p[1] == 0:
            if inInlineString && phoneticDepth == 0 {
                collecting = .inlineText
                cellHasValue = true
            }
        case UInt8(ascii: "i") where name.is("is"):
            if inCell { inInlineString = true }
        case UInt8(ascii: "r"):
            if name.is("row") {
                guard inSheetData else { return }
                startRow(attributes)
            } else if name.is("rPh") {
                phoneticDepth += 1
            }
        case UInt8(ascii: "s") where name.is("sheetData"):
            inSheetData = true
        case UInt8(ascii: "m") where name.is("mergeCell"):
            if let ref = attributes.string("ref") {
                guard let range = CellRange(ref), range.first.isInsideGrid, range.last.isInsideGrid else {
                    fail(.limitExceeded, key: "error.limit-exceeded.merge-range", ["range": "\(ref)"])
                    return
                }
                mergedRanges.append(range)
            }
        default:
            break
        }
    }

    private func startRow(_ attributes: XMLAttributes) {
        if let r = attributes.bytes("r"), let n = parseInt(r) {
            rowNumber = n
            rowHasExplicitNumber = true
        } else {
            rowNumber = previousRowNumber + 1
            rowHasExplicitNumber = false
        }
        if rowNumber < 1 || rowNumber > SheetLimits.maxRows {
            fail(.limitExceeded, key: "error.limit-exceeded.last-row", ["row": "\(rowNumber)"], row: rowNumber)
        }
        nextColumn = 1
        cells.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        cellsUnordered = false
    }

    private func startCell(_ attributes: XMLAttributes) {
        inCell = true
        cellHasFormula = false
        cellHasValue = false
        collecting = .none
        inInlineString = false
        cellStart = text.count
        cellColumn = nextColumn
        if let r = attributes.bytes("r") {
            if let ref = SheetHandler.reference(r) {
                if ref.column > SheetLimits.maxColumns || ref.row > SheetLimits.maxRows || ref.row < 1 {
                    fail(
                        .limitExceeded, key: "error.limit-exceeded.cell-reference", ["reference": "\(ref)"],
                        row: ref.row,
                        column: ref.column)
                    return
                }
                cellColumn = ref.column
                if !rowHasExplicitNumber && cells.isEmpty && ref.row != rowNumber {
                    rowNumber = ref.row  // a <row> without r: the first cell's reference names the row
                }
            } else {
                fail(
                    .malformedXML, key: "error.malformed-xml.cell-reference",
                    ["reference": "\(String(decoding: r, as: UTF8.self))"],
                    row: rowNumber)
                return
            }
        }
        if cellColumn > SheetLimits.maxColumns {
            fail(
                .limitExceeded, key: "error.limit-exceeded.cell-column", ["column": "\(cellColumn)"], row: rowNumber,
                column: cellColumn)
            return
        }
        if let last = cells.last, Int(last.column) >= cellColumn { cellsUnordered = true }
        nextColumn = cellColumn + 1

        cellType = .number
        if let t = attributes.bytes("t"), t.count > 0 {
            switch (t[0], t.count) {
            case (UInt8(ascii: "s"), 1): cellType = .shared
            case (UInt8(ascii: "s"), _): cellType = .formulaString  // "str"
            case (UInt8(ascii: "i"), _): cellType = .inline  // "inlineStr"
            case (UInt8(ascii: "b"), _): cellType = .boolean
            case (UInt8(ascii: "e"), _): cellType = .error
            case (UInt8(ascii: "d"), _): cellType = .isoDate
            default: cellType = .number  // "n"
            }
        }
        cellFormat = .plain
        if cellType == .number, let s = attributes.bytes("s"), let index = parseInt(s), index < styleKinds.count {
            cellFormat = styleKinds[index]
        }
    }

    override func endElement(_ name: XMLName) {
        guard name.namespace.isSpreadsheet else { return }
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "c") where p[1] == 0:
            if inCell { endCell() }
        case UInt8(ascii: "v") where p[1] == 0, UInt8(ascii: "t") where p[1] == 0:
            collecting = .none
        case UInt8(ascii: "i") where name.is("is"):
            inInlineString = false
        case UInt8(ascii: "r"):
            if name.is("row") { if inSheetData { endRow() } } else if name.is("rPh") { phoneticDepth -= 1 }
        case UInt8(ascii: "s") where name.is("sheetData"):
            inSheetData = false
        default:
            break
        }
    }

    override func characters(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard collecting != .none, failure == nil else { return }
        // Bounded before it is held: a value past any cell's size (escaped UTF-8 takes at most 6 bytes a
        // character) stops the parse at this chunk instead of growing with a 1 GB row.
        if text.count - cellStart + chunk.count > SheetLimits.maxCellCharacters * 6 {
            fail(
                .limitExceeded,
                key: "error.limit-exceeded.cell-text", ["cell": "\(CellReference(row: rowNumber, column: cellColumn))"],
                row: rowNumber, column: cellColumn)
            return
        }
        text.append(contentsOf: chunk)
    }

    private func endCell() {
        inCell = false
        collecting = .none
        let start = cellStart
        var cell = RawCell(
            column: Int32(cellColumn), kind: .text, formatKind: .plain, plainInteger: false,
            start: Int32(start), end: Int32(text.count), number: 0)
        let isEmptyValue = text.count == start
        // No <v>, or an empty <v/> where the type needs a value (openpyxl writes `<f>SUM(…)</f><v />`): the
        // formula was never calculated. An empty <v/> of a string formula (t="str") is a cached empty string.
        if cellHasFormula && (!cellHasValue || (isEmptyValue && cellType != .formulaString && cellType != .inline)) {
            cell.kind = .uncachedFormula
            appendCell(cell)
            return
        }
        switch cellType {
        case .number:
            if isEmptyValue { return }  // <v/> or no <v>: an empty (perhaps styled) cell
            cell.kind = .number
            cell.formatKind = cellFormat
            if let (value, plain) = parseNumber(start, text.count) {
                cell.number = value
                cell.plainInteger = plain
            } else {
                fail(
                    .malformedXML,
                    key: "error.malformed-xml.number",
                    [
                        "cell": "\(CellReference(row: rowNumber, column: cellColumn))",
                        "found": "\(String(decoding: text[start...].prefix(40), as: UTF8.self))",
                    ],
                    row: rowNumber, column: cellColumn)
                return
            }
        case .shared:
            if isEmptyValue { return }
            guard let (value, plain) = parseNumber(start, text.count), plain, value >= 0,
                Int(value) < sharedStrings.count
            else {
                fail(
                    .malformedXML,
                    key: "error.malformed-xml.shared-string",
                    [
                        "cell": "\(CellReference(row: rowNumber, column: cellColumn))",
                        "found": "\(String(decoding: text[start...].prefix(20), as: UTF8.self))",
                        "count": "\(sharedStrings.count)",
                    ],
                    row: rowNumber, column: cellColumn)
                return
            }
            cell.kind = .sharedString
            cell.number = value
            text.removeSubrange(start...)
            cell.end = cell.start
        case .inline, .formulaString:
            if isEmptyValue && cellType == .inline && !cellHasValue { return }
            TextEscapes.decode(&text, from: start)
            cell.end = Int32(text.count)
            if text.count - start > SheetLimits.maxCellCharacters,
                TextEscapes.utf16Count(text[start...]) > SheetLimits.maxCellCharacters
            {
                fail(
                    .limitExceeded,
                    key: "error.limit-exceeded.cell-length",
                    [
                        "cell": "\(CellReference(row: rowNumber, column: cellColumn))",
                        "count": "\(TextEscapes.utf16Count(text[start...]))",
                    ],
                    row: rowNumber, column: cellColumn)
                return
            }
        case .boolean:
            if isEmptyValue { return }
            cell.kind = .boolean
            cell.number = text[start] == UInt8(ascii: "1") || text[start] | 0x20 == UInt8(ascii: "t") ? 1 : 0
        case .error:
            if isEmptyValue { return }
            cell.kind = .error
        case .isoDate:
            if isEmptyValue { return }
            cell.kind = .isoDate
        }
        appendCell(cell)
    }

    @inline(__always)
    private func appendCell(_ cell: RawCell) {
        cells.append(cell)
    }

    private func endRow() {
        guard failure == nil else { return }
        previousRowNumber = rowNumber
        guard !cells.isEmpty else { return }  // a row with only a style is not data
        if cellsUnordered {
            // Cells out of order within a row: sort by column, the later duplicate winning.
            var byColumn: [Int32: RawCell] = [:]
            for c in cells { byColumn[c.column] = c }
            cells = byColumn.keys.sorted().map { byColumn[$0]! }
        }
        completed.append(
            SheetRow(number: rowNumber, raw: cells, text: text, sharedStrings: sharedStrings, dateSystem: dateSystem))
    }

    /// Parses an A1 reference straight from attribute bytes (no copy: this runs for every cell).
    @inline(__always)
    static func reference(_ b: UnsafeBufferPointer<UInt8>) -> CellReference? {
        var i = 0
        let n = b.count
        var column = 0
        while i < n, let v = CellReference.letterValue(b[i]) {
            column = column * 26 + v
            i += 1
            if i > 7 { return nil }
        }
        let letters = i
        var row = 0
        while i < n, b[i] >= 48, b[i] <= 57 {
            row = row * 10 + Int(b[i] - 48)
            i += 1
            if i - letters > 9 { return nil }
        }
        guard letters > 0, i > letters, i == n else { return nil }
        return CellReference(row: row, column: column)
    }

    /// Parses an attribute's decimal digits.
    private func parseInt(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 9 else { return nil }
        var v = 0
        for c in b {
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// Parses `text[from..<to]` as a double; the flag says it was a plain integer of at most 15 digits
    /// (the common case, done without `strtod`).
    private func parseNumber(_ from: Int, _ to: Int) -> (Double, Bool)? {
        var i = from
        var negative = false
        if i < to && text[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        if to - i >= 1 && to - i <= 15 {
            var v = 0
            var ok = true
            var j = i
            while j < to {
                let c = text[j]
                if c < 48 || c > 57 {
                    ok = false
                    break
                }
                v = v * 10 + Int(c - 48)
                j += 1
            }
            let leadingZero = text[i] == UInt8(ascii: "0") && to - i > 1
            if ok && !leadingZero { return (Double(negative ? -v : v), !(negative && v == 0)) }
        }
        // General case: strtod on a NUL-terminated copy, checking that it consumed everything.
        var buffer = [CChar](repeating: 0, count: to - from + 1)
        for k in from..<to { buffer[k - from] = CChar(bitPattern: text[k]) }
        var trimmedEnd = to - from
        while trimmedEnd > 0, buffer[trimmedEnd - 1] == 32 { trimmedEnd -= 1 }
        buffer[trimmedEnd] = 0
        return buffer.withUnsafeBufferPointer { p -> (Double, Bool)? in
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(p.baseAddress!, &end)
            guard let end, end == UnsafeMutablePointer(mutating: p.baseAddress!) + trimmedEnd, trimmedEnd > 0,
                v.isFinite
            else { return nil }
            return (v, false)
        }
    }
}
