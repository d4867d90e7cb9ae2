import Foundation

/// The sheet being written: rows are encoded to XML as they come; the first 1,000 are held back to size
/// the columns, then everything streams to a temporary file, deflated on a second thread. The bytes before
/// `<dimension>` are kept back and put in front at the end, since a streaming writer only knows the used range
/// after the last row.
final class SheetState {
    let name: String
    let options: SheetOptions
    var merges: [CellRange] = []
    var validations: [(CellRange, String)] = []
    /// Charts placed on the sheet: a `<drawing>` links them (relationship `rId1` of the sheet).
    var charts: [Chart] = []
    private(set) var lastRow = 0
    private var maxColumn = 0
    private var firstRow = 0
    private var minColumn = Int.max

    private let sink: ByteSink
    private let deflater: BackgroundDeflater
    /// The XML declaration and the sheet's opening, up to where `<dimension>` goes.
    private var head: [UInt8] = []
    private var headerWritten = false
    private var held: [UInt8] = []
    private var heldRows = 0
    private var measuredWidths: [Int: Double] = [:]
    private var row: [UInt8] = []
    private var text: [UInt8] = []
    private static let sampleRows = 1000

    init(name: String, options: SheetOptions, tempPath: String, compressionLevel: Int) throws {
        self.name = name
        self.options = options
        let deflater = try BackgroundDeflater(path: tempPath, level: compressionLevel)
        self.deflater = deflater
        sink = ByteSink(path: tempPath, blocks: deflater.put)
    }

    /// A1 column letters as bytes, by 1-based column (index 0 unused), built once.
    private static let columnNames: [[UInt8]] =
        [[]] + (1...SheetLimits.maxColumns).map { Array(CellReference.columnName($0).utf8) }

    func writeRow(number: Int, cells: [XLSXCell], height: Double?, writer: XLSXWriter) throws {
        lastRow = number
        if firstRow == 0 { firstRow = number }
        var rowNumber: [UInt8] = []
        SheetState.appendDecimal(number, to: &rowNumber)
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: Array("<row r=\"".utf8))
        row.append(contentsOf: rowNumber)
        if let height {
            row.append(contentsOf: Array("\" ht=\"\(CellText.number(height))\" customHeight=\"1".utf8))
        }
        row.append(contentsOf: [34, 62])  // ">
        let measuring = !headerWritten && options.autoWidth
        for (i, cell) in cells.enumerated() {
            let column = i + 1
            let styleID = cell.style ?? options.columnStyles[column] ?? writer.naturalStyle(for: cell.value)
            // An empty cell is written only to carry a style of its own: the column's style is already in <cols>
            // (an exported register or a package's sheet would otherwise repeat it in every empty cell).
            if cell.value.isEmpty && (styleID == nil || styleID == .standard || styleID == options.columnStyles[column])
            {
                continue
            }
            maxColumn = max(maxColumn, column)
            minColumn = min(minColumn, column)
            // <c r="B7" s="3" t="s"><v>12</v></c>
            row.append(contentsOf: [60, 99, 32, 114, 61, 34])  // <c r="
            row.append(contentsOf: SheetState.columnNames[column])
            row.append(contentsOf: rowNumber)
            row.append(34)
            if let styleID, styleID.index != 0 {
                row.append(contentsOf: [32, 115, 61, 34])  //  s="
                SheetState.appendDecimal(styleID.index, to: &row)
                row.append(34)
            }
            encode(cell.value, column: column, writer: writer, measuring: measuring)
        }
        row.append(contentsOf: Array("</row>".utf8))
        if headerWritten {
            sink.write(row)
            try sink.flushIfNeeded()
        } else {
            held.append(contentsOf: row)
            heldRows += 1
            if heldRows >= SheetState.sampleRows { try writeHeader(writer: writer) }
        }
    }

    private func encode(_ value: CellValue, column: Int, writer: XLSXWriter, measuring: Bool) {
        func number(_ v: Double) {
            row.append(contentsOf: SheetState.valueOpen)
            if v == v.rounded(), abs(v) < 1e15 {
                if v < 0 { row.append(UInt8(ascii: "-")) }
                SheetState.appendDecimal(Int(abs(v)), to: &row)
            } else {
                row.append(contentsOf: Array(CellText.number(v).utf8))
            }
            row.append(contentsOf: SheetState.valueClose)
        }
        func measure(_ units: Double) {
            if measuring { measuredWidths[column] = max(measuredWidths[column] ?? 0, units) }
        }
        switch value {
        case .empty, .uncachedFormula:
            row.append(contentsOf: [47, 62])  // />
        case .text(var s):
            // utf16.count ≤ utf8.count, so only long texts pay for counting UTF-16 units.
            if s.utf8.count > SheetLimits.maxCellCharacters && s.utf16.count > SheetLimits.maxCellCharacters {
                writer.warn(
                    key: "diag.sheet-write.text-cut",
                    [
                        "sheet": "\(name)", "cell": "\(CellReference(row: lastRow, column: column))",
                        "count": "\(s.utf16.count)",
                    ]
                )
                var units = 0
                var cut = s.startIndex
                for ch in s {
                    let n = ch.utf16.count
                    if units + n > SheetLimits.maxCellCharacters { break }
                    units += n
                    cut = s.index(after: cut)
                }
                s = String(s[..<cut])
            }
            s.withUTF8 { utf8 in
                if measuring { measure(SheetState.displayWidth(utf8)) }
                if writer.usesSharedStrings {
                    let index = writer.sharedStringIndex(utf8)
                    row.append(contentsOf: SheetState.sharedOpen)
                    SheetState.appendDecimal(index, to: &row)
                    row.append(contentsOf: SheetState.valueClose)
                } else {
                    text.removeAll(keepingCapacity: true)
                    let preserve = XMLText.appendText(utf8, to: &text)
                    row.append(
                        contentsOf: Array(
                            (preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>")
                                .utf8))
                    row.append(contentsOf: text)
                    row.append(contentsOf: Array("</t></is></c>".utf8))
                }
            }
        case .number(let v):
            guard v.isFinite else {
                // NaN and infinities have no XLSX form; Excel shows #NUM! for them.
                writer.warn(
                    key: "diag.sheet-write.not-finite",
                    ["sheet": "\(name)", "cell": "\(CellReference(row: lastRow, column: column))", "value": "\(v)"])
                row.append(contentsOf: Array(" t=\"e\"><v>#NUM!</v></c>".utf8))
                return
            }
            measure(Double(CellText.number(v).utf8.count))
            number(v)
        case .boolean(let b):
            measure(5)
            row.append(contentsOf: Array(" t=\"b\"><v>\(b ? 1 : 0)</v></c>".utf8))
        case .date(let d):
            measure(10)
            number(Double(DateSystem.excel1900.serial(of: d)))
        case .dateTime(let dt):
            measure(19)
            number(Double(DateSystem.excel1900.serial(of: dt.date)) + Double(dt.time.millisecondOfDay) / 86_400_000)
        case .time(let t):
            measure(8)
            number(Double(t.millisecondOfDay) / 86_400_000)
        case .duration(let seconds):
            measure(9)
            number(seconds / 86_400)
        case .error(let e):
            measure(Double(e.count))
            row.append(contentsOf: Array(" t=\"e\"><v>\(XMLText.attribute(e))</v></c>".utf8))
        }
    }

    static let sharedOpen = Array(" t=\"s\"><v>".utf8)
    static let valueOpen = Array("><v>".utf8)
    static let valueClose = Array("</v></c>".utf8)

    /// Appends a non-negative integer in decimal without building a `String`.
    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(48 + value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 {
                d[19 - count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(20 - count)...]))
        }
    }

    /// Width in Excel character units: CJK and other wide characters count two.
    static func displayWidth(_ s: String) -> Double { SheetOptions.displayWidth(s) }

    /// Width of UTF-8 text: 3- and 4-byte sequences (CJK, fullwidth forms, Ext-B) count two units; the
    /// widest line of a multi-line text decides.
    static func displayWidth(_ utf8: UnsafeBufferPointer<UInt8>) -> Double {
        var width = 0
        var longest = 0
        for b in utf8 {
            if b == 10 {
                longest = max(longest, width)
                width = 0
            } else if b < 0x80 {
                width += 1
            } else if b >= 0xE0 {
                width += 2
            } else if b >= 0xC0 {
                width += 1
            }
        }
        return Double(max(longest, width))
    }

    private func writeHeader(writer: XLSXWriter) throws {
        headerWritten = true
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s +=
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        if options.fitToWidth { s += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        head = Array(s.utf8)
        var v = "<sheetViews><sheetView workbookViewId=\"0\""
        v += ">"
        if options.freezeRows > 0 || options.freezeColumns > 0 {
            let r = options.freezeRows
            let c = options.freezeColumns
            let pane = r > 0 && c > 0 ? "bottomRight" : (r > 0 ? "bottomLeft" : "topRight")
            let topLeft = CellReference(row: r + 1, column: c + 1)
            v += "<pane"
            if c > 0 { v += " xSplit=\"\(c)\"" }
            if r > 0 { v += " ySplit=\"\(r)\"" }
            v += " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>"
            v += "<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        v += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"14.25\"/>"
        // Columns: fixed widths, else measured ones; never an empty <cols/> (Excel repairs the file).
        var columns = Set(options.columnWidths.keys).union(options.columnStyles.keys)
        if options.autoWidth { columns.formUnion(measuredWidths.keys) }
        if !columns.isEmpty {
            v += "<cols>"
            for column in columns.sorted() where column <= SheetLimits.maxColumns {
                let width = options.columnWidths[column] ?? min(max((measuredWidths[column] ?? 8) + 2, 6), 60)
                v +=
                    "<col min=\"\(column)\" max=\"\(column)\" width=\"\(CellText.number((min(width, 255) * 100).rounded() / 100))\""
                if let style = options.columnStyles[column], style.index != 0 { v += " style=\"\(style.index)\"" }
                v += " customWidth=\"1\"/>"
            }
            v += "</cols>"
        }
        v += "<sheetData>"
        sink.write(v)
        sink.write(held)
        held = []
        try sink.flushIfNeeded()
    }

    /// Ends the sheet: its XML as a deflated zip entry.
    func finish(writer: XLSXWriter) throws -> DeflatedEntry {
        if !headerWritten { try writeHeader(writer: writer) }
        var s = "</sheetData>"
        if !merges.isEmpty {
            s += "<mergeCells count=\"\(merges.count)\">"
            for m in merges { s += "<mergeCell ref=\"\(m)\"/>" }
            s += "</mergeCells>"
        }
        if !validations.isEmpty {
            s += "<dataValidations count=\"\(validations.count)\">"
            for (range, formula) in validations {
                s +=
                    "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" sqref=\"\(range)\">"
                s += "<formula1>\(XMLText.content(formula).text)</formula1></dataValidation>"
            }
            s += "</dataValidations>"
        }
        s += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        if options.landscape || options.fitToWidth {
            s += "<pageSetup paperSize=\"9\""
            if options.fitToWidth { s += " fitToWidth=\"1\" fitToHeight=\"\(max(options.fitToHeight, 0))\"" }
            if options.landscape { s += " orientation=\"landscape\"" }
            s += "/>"
        }
        if !charts.isEmpty { s += "<drawing r:id=\"rId1\"/>" }
        s += "</worksheet>"
        sink.write(s)
        var dimension = "<dimension ref=\"A1\"/>"
        if maxColumn > 0 {
            let range = CellRange(
                first: CellReference(row: firstRow, column: minColumn == Int.max ? 1 : minColumn),
                last: CellReference(row: lastRow, column: maxColumn))
            dimension = "<dimension ref=\"\(range)\"/>"
        }
        try sink.close()
        return try deflater.finish(head: head + Array(dimension.utf8))
    }
}
