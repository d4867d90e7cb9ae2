public import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

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

    /// The blank import template: canonical headers, drop-down lists for coded fields, text format for the ID and
    /// code columns, date format for date columns, a frozen header, and a sheet 填写说明 describing every column.
    public static func writeTemplate(to path: String, reference: ReferenceData) throws {
        let xlsx = try XLSXWriter(path: path, options: XLSXWriter.Options(listSheetName: listSheetName))
        let styles = Styles(xlsx)
        try xlsx.startSheet("人员信息", options: layout(styles))
        try xlsx.writeRow(PersonFields.all.map { XLSXCell(.text($0.header), style: styles.header) }, height: 30)
        for (i, field) in PersonFields.all.enumerated() {
            guard case .code(let table) = field.kind else { continue }
            let column = CellReference.columnName(i + 1)
            try xlsx.addListValidation(CellRange("\(column)2:\(column)10000")!, values: reference.table(table).names)
        }
        try xlsx.startSheet(
            "填写说明", options: SheetOptions(columnWidths: [1: 18, 2: 10, 3: 8, 4: 22, 5: 60], freezeRows: 1))
        try xlsx.writeRow(["列名", "归属", "必填", "类型", "说明"].map { XLSXCell(.text($0), style: styles.header) })
        for field in PersonFields.all {
            let kind: String
            switch field.kind {
            case .text: kind = "文本"
            case .date: kind = "日期"
            case .code(let t): kind = "代码表 \(t)"
            case .integer: kind = "整数"
            case .idNumber: kind = "公民身份号码"
            case .region: kind = "行政区划代码"
            }
            let required = field.id == "name" || field.id == "idNumber" ? "是" : ""
            let aliases = field.aliases.isEmpty ? "" : "（也接受列名：\(field.aliases.joined(separator: "、"))）"
            try xlsx.writeRow(
                [
                    .text(field.header), .text(field.owner == .prison ? "监所" : "司法所"), .text(required),
                    .text(kind), .text(field.help + aliases),
                ], style: styles.wrap)
        }
        try xlsx.close()
    }

    /// Writes the register in the template layout (XLSX, or CSV for a `.csv` path), full ID numbers included:
    /// the file is for the office's own use. Unknown columns kept with people follow the template columns.
    /// `progress` is called with the number of people written so far.
    public static func writeRegister(_ store: Store, to path: String, progress: ((Int) -> Void)? = nil) throws -> Int {
        var firstPass = true
        return try writePeople(to: path) { body in
            var n = 0
            try store.forEachPerson { p in
                try body(p)
                n += 1
                if !firstPass { progress?(n) }
            }
            firstPass = false
        }
    }

    /// Writes people in the template layout (XLSX, or CSV for a `.csv` path); `people` calls its argument once per
    /// person, and is called twice (first for the unknown columns' headers). Returns how many were written.
    public static func writePeople(to path: String, _ people: ((StoredPerson) throws -> Void) throws -> Void) throws
        -> Int
    {
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
            }
            try csv.close()
            return count
        }
        let xlsx = try XLSXWriter(path: path)
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
        }
        try xlsx.close()
        return count
    }

    /// Writes rejected rows with their original columns, then 源文件, 源工作表, 源行号 (where each came from: a
    /// corrected row that imports removes the rejected row from the store) and 错误说明, grouped by source table:
    /// one worksheet each in XLSX; in CSV the first group goes to `path` and further groups to `NAME-2.csv`, ….
    /// - Returns: the files written.
    @discardableResult
    public static func writeErrors(_ rejected: [RejectedInput], to path: String) throws -> [String] {
        var groups: [(key: String, headers: [String], rows: [RejectedInput])] = []
        let added: Set<String> = [originFileColumn, originSheetColumn, originRowColumn, errorColumn]
        for var r in rejected {
            // A row that came from an errors file carries these columns already: they are written anew.
            let keep = r.headers.indices.filter { !added.contains(r.headers[$0].trimmingCharacters(in: .whitespaces)) }
            r.headers = keep.map { r.headers[$0] } + [originFileColumn, originSheetColumn, originRowColumn]
            r.cells =
                keep.map { $0 < r.cells.count ? r.cells[$0] : "" }
                + [r.location.file, r.location.sheet ?? "", r.location.row.map(String.init) ?? ""]
            let key = (r.location.sheet ?? "") + "\u{1}" + r.headers.joined(separator: "\u{1}")
            if let i = groups.firstIndex(where: { $0.key == key }) {
                groups[i].rows.append(r)
            } else {
                groups.append((key, r.headers, [r]))
            }
        }
        if path.lowercased().hasSuffix(".csv") {
            var written: [String] = []
            let stem = String(path.dropLast(4))
            for (i, g) in (groups.isEmpty ? [(key: "", headers: [String](), rows: [RejectedInput]())] : groups)
                .enumerated()
            {
                let file = i == 0 ? path : "\(stem)-\(i + 1).csv"
                let csv = try CSVWriter(path: file, dialect: .excel)
                if !g.headers.isEmpty { try csv.writeRecord(g.headers + [errorColumn]) }
                for r in g.rows { try csv.writeRecord(r.cells + [r.explanation]) }
                try csv.close()
                written.append(file)
            }
            return written
        }
        let xlsx = try XLSXWriter(path: path)
        let styles = Styles(xlsx)
        var names: [String] = []
        for g in groups {
            var name = String((g.rows.first?.location.sheet ?? "错误行").prefix(28))
            if name.isEmpty { name = "错误行" }
            while names.contains(name) { name += "_" }
            names.append(name)
            var columnStyles: [Int: StyleID] = [:]
            for (i, h) in g.headers.enumerated() where isTextHeader(h) { columnStyles[i + 1] = styles.text }
            try xlsx.startSheet(name, options: SheetOptions(columnStyles: columnStyles, freezeRows: 1))
            try xlsx.writeRow(
                g.headers.map { XLSXCell(.text($0), style: styles.header) } + [
                    XLSXCell(.text(errorColumn), style: styles.errorHeader)
                ])
            for r in g.rows {
                try xlsx.writeRow(
                    r.cells.map { XLSXCell($0.isEmpty ? .empty : .text($0)) } + [
                        XLSXCell(.text(r.explanation), style: styles.error)
                    ])
            }
        }
        if groups.isEmpty { try xlsx.startSheet("错误行") }
        try xlsx.close()
        return [path]
    }

    private static func isTextHeader(_ header: String) -> Bool {
        let h = header.replacingOccurrences(of: " ", with: "")
        return ["公民身份号码", "身份证号", "身份证号码", "身份证", "罪犯编号", "在押编号", "户籍地区划代码", "户籍地代码", "现住地区划代码", "现住地代码"].contains(h)
    }

    private struct Styles {
        let header, text, date, wrap, error, errorHeader: StyleID
        init(_ xlsx: XLSXWriter) {
            header = xlsx.addStyle(
                CellStyle(
                    bold: true, border: true, wrap: true, horizontal: .center, vertical: .center, fill: "FFD9E1F2"))
            text = xlsx.addStyle(CellStyle(numberFormat: .text))
            date = xlsx.addStyle(CellStyle(numberFormat: .date))
            wrap = xlsx.addStyle(CellStyle(wrap: true, vertical: .top))
            error = xlsx.addStyle(CellStyle(wrap: true, fill: "FFFCE4D6"))
            errorHeader = xlsx.addStyle(CellStyle(bold: true, border: true, fill: "FFF8CBAD"))
        }
    }

    private static func layout(_ styles: Styles) -> SheetOptions {
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
