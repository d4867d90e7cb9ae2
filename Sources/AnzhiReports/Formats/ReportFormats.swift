import AnzhiCore
public import AnzhiStore
import Foundation
public import Spreadsheet

/// Renders a computed report: long CSV, JSON, or the XLSX form an office is used to.
public enum ReportFormats {
    /// The fields a detail sheet shows for each person (`--details`).
    public static let detailFields = [
        "name", "idNumber", "sex", "hukouRegion", "hukouAddress", "releaseDate", "releaseSource",
        "handoverDate", "notHandedOverReason", "placementDate", "lostContactSince",
        "verification", "institution",
    ]

    /// The indicators that are printed, in definition order.
    static func shown(_ r: Report) -> [Indicator] { r.definition.indicators.filter(\.shown) }

    /// Long format: `期间,单位代码,单位名称,指标代码,指标名称,数值`, one line per unit and indicator.
    /// Rates are percentages without a sign (`87.50`), "—" for a zero denominator.
    public static func writeCSV(_ r: Report, to path: String, dialect: CSVDialect) throws {
        let csv = try CSVWriter(path: path, dialect: dialect)
        try csv.writeRecord(["期间", "单位代码", "单位名称", "指标代码", "指标名称", "数值"])
        for (u, unit) in r.units.enumerated() {
            for ind in shown(r) {
                let v = r.values[u][ind.id] ?? .count(0)
                try csv.writeRecord([
                    .text(r.period.description), .text(unit.code), .text(unit.name), .text(ind.id),
                    .text(ind.label), .number(v.text),
                ])
            }
        }
        // Part 1, the office's hand-entered figures: indicator P1.<row>.<item>.
        for row in r.definition.part1Rows {
            for item in r.definition.part1Items {
                try csv.writeRecord([
                    .text(r.period.description), .text(r.office.code), .text(r.office.name), .text("P1.\(row).\(item)"),
                    .text("\(row)\(item)"), .number(String(r.part1[row]?[item] ?? 0)),
                ])
            }
        }
        try csv.close()
    }

    /// The report as JSON (its Codable form): `{definition, period, start, end, office, units: [{code, name, kind,
    /// values: {A1: 12, B5: {numerator, denominator, percent}}}], checks, checksPassed, part1}`.
    public static func json(_ r: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(r), as: UTF8.self)
    }

    /// The form as an official statistics form printed on A4 landscape at 10 pt: one sheet per part of the
    /// definition (统计表（一）… 统计表（五）), each with 表号 and 制表机关, 填报单位 and 统计期间 at its head and the
    /// signatures (单位负责人, 统计负责人, 填表人), 联系电话 and 报出日期 (`today`) at its foot, blanks to sign for
    /// what `form` does not set; one row per unit and a total, header rows and unit columns repeated on every
    /// printed page; then 工作机构 (part 1), a sheet 核对 with the checks in words and, with `details`, the people
    /// behind 未衔接, 未安置, 脱管 and 待核实.
    public static func writeXLSX(
        _ r: Report, to path: String, today: CivilDate, form: FormSettings = FormSettings(),
        details: [(name: String, people: [StoredPerson])] = [],
        sheets: [(name: String, header: [String], rows: [[String]])] = [],
        charts: Bool = false, trend: [Report] = []
    ) throws {
        let xlsx = try XLSXWriter(path: path)
        let styles = FormParts.Styles(xlsx)
        let title = styles.title
        let info = styles.info
        let head = styles.head
        let text = styles.text
        let int = styles.int
        let pct = styles.pct
        let totalText = styles.totalText
        try FormParts.write(r, to: xlsx, form: form, today: today, styles: styles)

        let rows1 = r.definition.part1Rows
        let items1 = r.definition.part1Items
        if !rows1.isEmpty {
            var w: [Int: Double] = [1: 14]
            for i in 0..<items1.count { w[i + 2] = 12 }
            try xlsx.startSheet(
                "工作机构", options: SheetOptions(columnWidths: w, autoWidth: false, freezeRows: 3, landscape: true))
            let title1 = r.definition.layout["part1.title"] ?? "工作机构、工作人员及经费"
            try xlsx.writeRow([XLSXCell(.text("\(title1)（\(r.period.chineseName)）"), style: title)], height: 28)
            try xlsx.merge(
                CellRange(
                    first: CellReference(row: 1, column: 1), last: CellReference(row: 1, column: items1.count + 1)))
            try xlsx.writeRow([XLSXCell(.text("填报单位：\(r.office.name)"), style: info)])
            try xlsx.writeRow([XLSXCell(.text("项目"), style: head)] + items1.map { XLSXCell(.text($0), style: head) })
            for row in rows1 {
                try xlsx.writeRow(
                    [XLSXCell(.text(row), style: text)]
                        + items1.map { XLSXCell(.number(Double(r.part1[row]?[$0] ?? 0)), style: int) })
            }
        }

        // 核对: each check in words, the indicator it is about named as the form prints it.
        try xlsx.startSheet(
            "核对",
            options: SheetOptions(
                columnWidths: [1: 16, 2: 22, 3: 8, 4: 54], autoWidth: false, freezeRows: 1, landscape: true,
                repeatRows: 1...1))
        try xlsx.writeRow(["单位", "核对项", "结果", "说明"].map { XLSXCell(.text($0), style: head) })
        let failures = r.checks.filter { !$0.passed }
        try xlsx.writeRow([XLSXCell(.text(failures.isEmpty ? "全部通过" : "\(failures.count) 项未通过"), style: totalText)])
        for c in failures + r.checks.filter(\.passed) {
            let subject = c.indicators.first.map { id in
                r.definition.indicators.first { $0.id == id }.map { "\($0.id) \($0.label)" } ?? id
            }
            try xlsx.writeRow([
                XLSXCell(.text(c.unit.name), style: text),
                XLSXCell(.text(subject ?? ""), style: text),
                XLSXCell(.text(c.passed ? "通过" : "不通过"), style: c.passed ? text : totalText),
                XLSXCell(.text(c.message), style: text),
            ])
        }

        if charts { try ReportCharts.write(r, trend: trend, to: xlsx, head: head, text: text, pct: pct) }

        // Further plain sheets (the 对照 of an aggregate, the subordinates' states).
        for sheet in sheets {
            try xlsx.startSheet(sheet.name, options: SheetOptions(freezeRows: 1, landscape: true))
            try xlsx.writeRow(sheet.header.map { XLSXCell(.text($0), style: head) })
            if sheet.rows.isEmpty { try xlsx.writeRow([XLSXCell(.text("无"), style: text)]) }
            for row in sheet.rows { try xlsx.writeRow(row.map { XLSXCell(.text($0), style: text) }) }
        }

        for (name, people) in details {
            try xlsx.startSheet(
                name,
                options: SheetOptions(
                    columnStyles: [3: xlsx.addStyle(CellStyle(numberFormat: .text))], freezeRows: 1, landscape: true))
            let fields = ReportFormats.detailFields
            // 编号 is the person's handle (#17), which every command that takes a person accepts.
            try xlsx.writeRow(
                [XLSXCell(.text("编号"), style: head)]
                    + fields.map { XLSXCell(.text(PersonFields.spec($0).header), style: head) })
            // Positions and kinds once, not per cell: these lists can hold tens of thousands of people.
            let columns = fields.map { f -> (index: Int, isDate: Bool) in
                let spec = PersonFields.spec(f)
                if case .date = spec.kind { return (PersonFields.index[f]!, true) }
                return (PersonFields.index[f]!, false)
            }
            var cells = [XLSXCell](repeating: XLSXCell(.empty), count: columns.count + 1)
            for p in people {
                cells[0] = XLSXCell(.text(p.handle))
                for (i, column) in columns.enumerated() {
                    guard let v = p.values[column.index] else {
                        cells[i + 1] = XLSXCell(.empty)
                        continue
                    }
                    if column.isDate, let d = DateText.parse(v) {
                        cells[i + 1] = XLSXCell(.date(d))
                    } else {
                        cells[i + 1] = XLSXCell(.text(v))
                    }
                }
                try xlsx.writeRow(cells)
            }
        }
        try xlsx.close()
    }
}

/// The sheet 图表 of a leadership office's form: the main rates by unit as clustered columns and, when earlier
/// periods are on record, the total's rates over the periods as lines; native DrawingML charts over the sheet's
/// own table (no images), so Excel, WPS and LibreOffice draw and print them.
enum ReportCharts {
    /// 衔接率, 安置率, 帮教率, 重新违法犯罪率, 信息核查率 (those of them the definition has).
    static let rates = ["B5", "C3", "D2", "D5", "E5"]

    /// A rate as the fraction the form prints (rounded to two decimals of a percent); nil for "—".
    static func fraction(_ v: IndicatorValue?) -> Double? {
        guard case .rate(let n, let d)? = v, d != 0 else { return nil }
        return Double(IndicatorValue.rate(numerator: n, denominator: d).text).map { $0 / 100 }
    }

    static func write(_ r: Report, trend: [Report], to xlsx: XLSXWriter, head: StyleID, text: StyleID, pct: StyleID)
        throws
    {
        let ids = rates.filter { id in r.definition.indicators.contains { $0.id == id } }
        guard !ids.isEmpty else { return }
        let labels = ids.map { id in r.definition.indicators.first { $0.id == id }!.label }
        let sheet = "图表"
        try xlsx.startSheet(sheet, options: SheetOptions(columnWidths: [1: 22], autoWidth: false, landscape: true))
        /// A table row: its name, then each rate as a percentage ("—" for none).
        func row(_ name: String, _ values: [String: IndicatorValue]?) -> [XLSXCell] {
            [XLSXCell(.text(name), style: text)]
                + ids.map { id in
                    fraction(values?[id]).map { XLSXCell(.number($0), style: pct) } ?? XLSXCell(.text("—"), style: text)
                }
        }
        // The table the charts draw: one row per unit (the 合计 last), one column per rate.
        try xlsx.writeRow([XLSXCell(.text("单位"), style: head)] + labels.map { XLSXCell(.text($0), style: head) })
        for (u, unit) in r.units.enumerated() { try xlsx.writeRow(row(unit.name, r.values[u])) }
        let rows = 2...(r.units.count + 1)
        func series(_ column: Int, _ label: String, rows: ClosedRange<Int>, values: [Double?]) -> Chart.Series {
            Chart.Series(
                name: label, nameReference: Chart.reference(sheet: sheet, column: column, rows: 1...1),
                valuesReference: Chart.reference(sheet: sheet, column: column, rows: rows), values: values)
        }
        try xlsx.addChart(
            Chart(
                kind: .clusteredColumns, title: "主要比率（\(r.period.chineseName)）",
                categoriesReference: Chart.reference(sheet: sheet, column: 1, rows: rows),
                categories: r.units.map(\.name),
                series: ids.enumerated().map { i, id in
                    series(i + 2, labels[i], rows: rows, values: r.values.map { fraction($0[id]) })
                }, valueFormat: "0%", from: (0, r.units.count + 3), to: (10, r.units.count + 23)))
        // The total's rates over the periods on record, oldest first, this one last.
        let periods = trend + [r]
        guard periods.count > 1 else { return }
        let first = r.units.count + 26
        try xlsx.writeRow(
            [XLSXCell(.text("期间"), style: head)] + labels.map { XLSXCell(.text($0), style: head) }, at: first)
        for p in periods { try xlsx.writeRow(row(p.period.chineseName, p.values.last)) }
        let trendRows = (first + 1)...(first + periods.count)
        try xlsx.addChart(
            Chart(
                kind: .lines, title: "合计比率的变化",
                categoriesReference: Chart.reference(sheet: sheet, column: 1, rows: trendRows),
                categories: periods.map(\.period.chineseName),
                series: ids.enumerated().map { i, id in
                    series(i + 2, labels[i], rows: trendRows, values: periods.map { fraction($0.values.last?[id]) })
                }, valueFormat: "0%", from: (0, first + periods.count + 1), to: (10, first + periods.count + 21)))
    }
}
