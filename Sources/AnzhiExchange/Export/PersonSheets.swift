import AnzhiCore
public import AnzhiStore
import Foundation
public import Spreadsheet

/// Writes the person template, the register and the errors file, all in the import layout (canonical headers in
/// domain order), so each of them imports back.
public enum PersonSheets {
    /// The header of the column that explains why a row was rejected.
    public static let errorColumn = "错误说明"
    /// The template's hidden sheet of drop-down lists (skipped, without a word, when a batch is imported).
    public static let listSheetName = "代码表"
    /// The columns of an errors file that say where a rejected row came from; a corrected row that imports
    /// removes the rejected row they name from the store.
    public static let originFileColumn = "源文件", originSheetColumn = "源工作表", originRowColumn = "源行号"

    /// Writes the register in the template layout (XLSX, or CSV for a `.csv` path), full ID numbers included:
    /// the file is for the office's own use. Unknown columns kept with people follow the template columns.
    /// `progress` is called with the number of people written so far.
    public static func writeRegister(_ store: Store, to path: String, progress: ((Int) -> Void)? = nil) throws -> Int {
        try writePeople(to: path, progress: progress) { body in try store.forEachPerson(body) }
    }

    /// Writes people in the template layout (XLSX, or CSV for a `.csv` path); `people` calls its argument once per
    /// person, and is called twice (first for the unknown columns' headers). `progress` is called with the number
    /// written so far after each person. Returns how many were written. `options` are the XLSX writer's.
    public static func writePeople(
        to path: String, options: XLSXWriter.Options = XLSXWriter.Options(), progress: ((Int) -> Void)? = nil,
        _ people: ((StoredPerson) throws -> Void) throws -> Void
    ) throws -> Int {
        var extraHeaders: [String] = []
        try people { p in for (h, _) in p.extra where !extraHeaders.contains(h) { extraHeaders.append(h) } }
        let headers = PersonFields.all.map(\.header) + extraHeaders
        var count = 0
        if path.lowercased().hasSuffix(".csv") {
            let csv = try CSVWriter(path: path, dialect: .excel)
            try csv.writeRecord(headers)
            try people { p in
                let extra = extraHeaders.map { h in p.extra.first { $0.0 == h }?.1 ?? "" }
                try csv.writeRecord(p.values.map { $0 ?? "" } + extra)
                count += 1
                progress?(count)
            }
            try csv.close()
            return count
        }
        let xlsx = try XLSXWriter(path: path, options: options)
        let styles = Styles(xlsx)
        try xlsx.startSheet("人员信息", options: layout(styles))
        try xlsx.writeRow(headers.map { XLSXCell(.text($0), style: styles.header) })
        try people { p in
            var cells: [CellValue] = []
            for (i, field) in PersonFields.all.enumerated() {
                guard let v = p.values[i] else {
                    cells.append(.empty)
                    continue
                }
                if case .date = field.kind, let d = DateText.parse(v) {
                    cells.append(.date(d))
                } else {
                    cells.append(.text(v))
                }
            }
            for h in extraHeaders { cells.append(.text(p.extra.first { $0.0 == h }?.1 ?? "")) }
            try xlsx.writeRow(cells)
            count += 1
            progress?(count)
        }
        try xlsx.close()
        return count
    }

    /// Whether a column holds codes that must stay text (ID numbers, region codes, inmate numbers).
    static func isTextHeader(_ header: String) -> Bool {
        let h = header.replacingOccurrences(of: " ", with: "")
        return ["公民身份号码", "身份证号", "身份证号码", "身份证", "罪犯编号", "在押编号", "户籍地区划代码", "户籍地代码", "现住地区划代码", "现住地代码"].contains(h)
    }

    /// The styles of the sheets written here.
    struct Styles {
        let header, text, date, wrap, wrapText, error, errorHeader, offending, offendingText: StyleID
        init(_ xlsx: XLSXWriter) {
            header = xlsx.addStyle(
                CellStyle(
                    bold: true, border: true, wrap: true, horizontal: .center, vertical: .center, fill: "FFD9E1F2"))
            text = xlsx.addStyle(CellStyle(numberFormat: .text))
            date = xlsx.addStyle(CellStyle(numberFormat: .date))
            wrap = xlsx.addStyle(CellStyle(wrap: true, vertical: .top))
            wrapText = xlsx.addStyle(CellStyle(numberFormat: .text, wrap: true, vertical: .top))
            error = xlsx.addStyle(CellStyle(wrap: true, vertical: .top, fill: "FFFCE4D6"))
            errorHeader = xlsx.addStyle(
                CellStyle(bold: true, border: true, wrap: true, vertical: .center, fill: "FFF8CBAD"))
            offending = xlsx.addStyle(CellStyle(wrap: true, vertical: .top, fill: PersonSheets.offendingFill))
            offendingText = xlsx.addStyle(
                CellStyle(numberFormat: .text, wrap: true, vertical: .top, fill: PersonSheets.offendingFill))
        }
    }

    /// The person sheet's layout: widths and typing formats by field kind, header and name column frozen.
    static func layout(_ styles: Styles) -> SheetOptions {
        var widths: [Int: Double] = [:]
        var columnStyles: [Int: StyleID] = [:]
        for (i, field) in PersonFields.all.enumerated() {
            let c = i + 1
            switch field.kind {
            case .idNumber:
                widths[c] = 21
                columnStyles[c] = styles.text
            case .region:
                widths[c] = 14
                columnStyles[c] = styles.text
            case .date:
                widths[c] = 12
                columnStyles[c] = styles.date
            case .text where field.id == "inmateNumber":
                widths[c] = 14
                columnStyles[c] = styles.text
            case .text where field.id.hasSuffix("Address"): widths[c] = 36
            default: widths[c] = max(10, SheetOptions.displayWidth(field.header) + 2)
            }
        }
        return SheetOptions(
            columnWidths: widths, columnStyles: columnStyles, autoWidth: false, freezeRows: 1, freezeColumns: 1)
    }
}
