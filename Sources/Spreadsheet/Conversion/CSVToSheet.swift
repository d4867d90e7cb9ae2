/// What a CSV-to-XLSX conversion wrote.
public struct CSVSheetReport: Sendable {
    /// Data rows written (the header row not counted).
    public var rows: Int
    public var columns: Int
    /// The encoding the CSV was read in, and whether it was detected.
    public var encoding: TextEncoding
    public var encodingWasDetected: Bool
    /// Values changed to fit Excel (text cut at 32,767 characters).
    public var warnings: [String]
}

/// Writes a CSV file as a one-sheet workbook with a bold, frozen header row, by the rules of
/// `anzhi sheet from-csv`. Type inference is deliberately narrow, so that ID numbers, phone numbers and codes
/// stay text: a field becomes a number only when it is a plain decimal with at most 15 significant digits and
/// no leading zero, and a date only when it is a real `YYYY-MM-DD` date.
public enum CSVToSheet {
    /// Converts `csv` to a workbook at `outputPath`.
    /// - Parameters:
    ///   - textColumns: 1-based columns written as text whatever they look like.
    ///   - sheetName: the tab name.
    public static func convert(
        _ csv: CSVReader, outputPath: String, textColumns: Set<Int> = [],
        sheetName: String = "Sheet1", options: XLSXWriter.Options = XLSXWriter.Options()
    ) throws -> CSVSheetReport {
        let xlsx = try XLSXWriter(path: outputPath, options: options)
        let header = xlsx.addStyle(CellStyle(bold: true))
        let text = xlsx.addStyle(CellStyle(numberFormat: .text))
        let date = xlsx.addStyle(CellStyle(numberFormat: .date))
        var columnStyles: [Int: StyleID] = [:]
        for c in textColumns { columnStyles[c] = text }
        try xlsx.startSheet(sheetName, options: SheetOptions(columnStyles: columnStyles, freezeRows: 1))
        var rows = 0
        var columns = 0
        var cells: [XLSXCell] = []
        var first = true
        while let record = try csv.next() {
            cells.removeAll(keepingCapacity: true)
            columns = max(columns, record.count)
            if first {
                for i in 0..<record.count { cells.append(XLSXCell(.text(record[i]), style: header)) }
                first = false
            } else {
                for i in 0..<record.count {
                    if textColumns.contains(i + 1) {
                        cells.append(XLSXCell(.text(record[i]), style: text))
                        continue
                    }
                    let value = record.withField(i) { infer($0) }
                    switch value {
                    case .date: cells.append(XLSXCell(value, style: date))
                    case .text(let s) where s.isEmpty: cells.append(XLSXCell(.empty))
                    default: cells.append(XLSXCell(value))
                    }
                }
                rows += 1
            }
            try xlsx.writeRow(cells)
        }
        try xlsx.close()
        return CSVSheetReport(
            rows: rows, columns: columns, encoding: csv.encoding,
            encodingWasDetected: csv.encodingWasDetected, warnings: xlsx.warnings)
    }

    /// The value a CSV field becomes: a number, a `YYYY-MM-DD` date, or text.
    public static func infer(_ field: String) -> CellValue {
        var s = field
        return s.withUTF8 { infer($0) }
    }

    static func infer(_ b: UnsafeBufferPointer<UInt8>) -> CellValue {
        let n = b.count
        guard n > 0 else { return .text("") }
        let first = b[0]
        if (first >= 48 && first <= 57) || first == UInt8(ascii: "-") {
            if n == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let d = date(b) { return .date(d) }
            if let v = number(b) { return .number(v) }
        }
        return .text(String(decoding: b, as: UTF8.self))
    }

    /// A plain decimal: optional minus, digits without a leading zero (a lone 0 is fine), optional fraction,
    /// at most 15 significant digits (so Excel keeps every digit).
    private static func number(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = b.count
        if b[0] == UInt8(ascii: "-") { i = 1 }
        let intStart = i
        while i < n, b[i] >= 48, b[i] <= 57 { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0 else { return nil }
        if intDigits > 1 && b[intStart] == 48 { return nil }
        var fracDigits = 0
        if i < n && b[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < n, b[i] >= 48, b[i] <= 57 { i += 1 }
            fracDigits = i - fracStart
            guard fracDigits > 0 else { return nil }
        }
        guard i == n else { return nil }
        var significant = intDigits + fracDigits
        if b[intStart] == 48 {
            // 0.00123: leading zeros of the fraction are not significant.
            significant = 0
            var seen = false
            for k in intStart..<n where b[k] != UInt8(ascii: ".") {
                if b[k] != 48 { seen = true }
                if seen { significant += 1 }
            }
        }
        guard significant <= 15 else { return nil }
        return Double(String(decoding: b, as: UTF8.self))
    }

    private static func date(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        func digits(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for k in from..<from + count {
                guard b[k] >= 48, b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2), y >= 1900 else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }
}
