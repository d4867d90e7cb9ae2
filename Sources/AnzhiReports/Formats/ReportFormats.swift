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

    /// The form: title, 填报单位/期间/填报日期, grouped headers with merged cells, one row per unit and a total,
    /// numbers and percentages, borders, frozen header, landscape on one page wide; a sheet 核对 with the checks;
    /// with `details`, the people behind 未衔接, 未安置, 脱管 and 待核实.
    public static func writeXLSX(
        _ r: Report, to path: String, today: CivilDate,
        details: [(name: String, people: [StoredPerson])] = [],
        sheets: [(name: String, header: [String], rows: [[String]])] = [],
        charts: Bool = false, trend: [Report] = []
    ) throws {
        let layout = r.definition.layout
        let indicators = shown(r)
        let columns = 2 + indicators.count
        let xlsx = try XLSXWriter(path: path)
        let title = xlsx.addStyle(CellStyle(bold: true, fontSize: 16, horizontal: .center, vertical: .center))
        let info = xlsx.addStyle(CellStyle(vertical: .center))
        let head = xlsx.addStyle(
            CellStyle(bold: true, border: true, wrap: true, horizontal: .center, vertical: .center, fill: "FFD9E1F2"))
        let idStyle = xlsx.addStyle(CellStyle(fontSize: 9, border: true, horizontal: .center))
        let text = xlsx.addStyle(CellStyle(border: true, vertical: .center))
        let int = xlsx.addStyle(CellStyle(numberFormat: .integer, border: true))
        let pct = xlsx.addStyle(CellStyle(numberFormat: .percent2, border: true))
        let dash = xlsx.addStyle(CellStyle(border: true, horizontal: .center))
        let totalText = xlsx.addStyle(CellStyle(bold: true, border: true, vertical: .center))
        let totalInt = xlsx.addStyle(CellStyle(bold: true, numberFormat: .integer, border: true))
        let totalPct = xlsx.addStyle(CellStyle(bold: true, numberFormat: .percent2, border: true))
        let totalDash = xlsx.addStyle(CellStyle(bold: true, border: true, horizontal: .center))

        var widths: [Int: Double] = [1: 12, 2: 22]
        for i in 0..<indicators.count { widths[i + 3] = 9 }
        try xlsx.startSheet(
            layout["sheet"] ?? "统计表",
            options: SheetOptions(
                columnWidths: widths, autoWidth: false, freezeRows: 5, freezeColumns: 2, landscape: true,
                fitToWidth: true,
                repeatRows: 3...5))
        // An incomplete aggregate says so in its title, where nobody can miss it.
        let titleText =
            (layout["title"] ?? "统计表（{period}）").replacingOccurrences(of: "{period}", with: r.period.chineseName)
            + (r.provisional == nil ? "" : "（未完成）")
        try xlsx.writeRow(
            [XLSXCell(.text(titleText), style: title)]
                + Array(repeating: XLSXCell(.empty, style: title), count: columns - 1), height: 32)
        try xlsx.merge(CellRange(first: CellReference(row: 1, column: 1), last: CellReference(row: 1, column: columns)))
        var second = Array(repeating: XLSXCell(.empty), count: columns)
        second[0] = XLSXCell(.text("填报单位：\(r.office.name)"), style: info)
        let third = min(columns, max(2, columns / 3 + 1))
        let fourth = max(third + 1, 2 * columns / 3 + 1)
        second[third - 1] = XLSXCell(.text("统计期间：\(r.period.start) 至 \(r.period.end)"), style: info)
        if fourth <= columns { second[fourth - 1] = XLSXCell(.text("填报日期：\(today)"), style: info) }
        try xlsx.writeRow(second, height: 20)
        if third > 2 {
            try xlsx.merge(
                CellRange(first: CellReference(row: 2, column: 1), last: CellReference(row: 2, column: third - 1)))
        }
        if fourth - 1 > third {
            try xlsx.merge(
                CellRange(first: CellReference(row: 2, column: third), last: CellReference(row: 2, column: fourth - 1)))
        }

        // Row 3: part headings over their columns; rows 4–5: labels and ids; A/B columns merged over all three.
        var row3 = [
            XLSXCell(.text(layout["unit.code"] ?? "单位代码"), style: head),
            XLSXCell(.text(layout["unit.name"] ?? "单位名称"), style: head),
        ]
        var row4 = [XLSXCell(.empty, style: head), XLSXCell(.empty, style: head)]
        var row5 = [XLSXCell(.empty, style: head), XLSXCell(.empty, style: head)]
        var spans: [(String, Int, Int)] = []
        for (i, ind) in indicators.enumerated() {
            let column = i + 3
            if let last = spans.last, last.0 == ind.part {
                spans[spans.count - 1].2 = column
            } else {
                spans.append((ind.part, column, column))
            }
            row3.append(
                XLSXCell(spans.last!.1 == column ? .text(layout["part.\(ind.part)"] ?? ind.part) : .empty, style: head))
            row4.append(XLSXCell(.text(ind.label), style: head))
            row5.append(XLSXCell(.text(ind.id), style: idStyle))
        }
        try xlsx.writeRow(row3, height: 22)
        try xlsx.writeRow(row4, height: 60)
        try xlsx.writeRow(row5)
        try xlsx.merge(CellRange("A3:A5")!)
        try xlsx.merge(CellRange("B3:B5")!)
        for (_, from, to) in spans where to > from {
            try xlsx.merge(
                CellRange(first: CellReference(row: 3, column: from), last: CellReference(row: 3, column: to)))
        }
        for (u, unit) in r.units.enumerated() {
            let isTotal = unit.kind == .total
            var cells = [
                XLSXCell(.text(unit.code), style: isTotal ? totalText : text),
                XLSXCell(.text(unit.name), style: isTotal ? totalText : text),
            ]
            for ind in indicators {
                switch r.values[u][ind.id] ?? .count(0) {
                case .count(let n): cells.append(XLSXCell(.number(Double(n)), style: isTotal ? totalInt : int))
                case .rate(let n, let d) where d != 0:
                    // Rounded to two decimals of a percent, as the CSV prints it.
                    let v = Double(IndicatorValue.rate(numerator: n, denominator: d).text)! / 100
                    cells.append(XLSXCell(.number(v), style: isTotal ? totalPct : pct))
                default: cells.append(XLSXCell(.text("—"), style: isTotal ? totalDash : dash))
                }
            }
            try xlsx.writeRow(cells, height: 18)
        }
        if let p = r.provisional {
            try xlsx.writeRow([.text("未完成（provisional）：\(p)")])
        }

        let rows1 = r.definition.part1Rows
        let items1 = r.definition.part1Items
        if !rows1.isEmpty {
            var w: [Int: Double] = [1: 14]
            for i in 0..<items1.count { w[i + 2] = 12 }
            try xlsx.startSheet("工作机构", options: SheetOptions(columnWidths: w, autoWidth: false, freezeRows: 3))
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

        try xlsx.startSheet(
            "核对", options: SheetOptions(columnWidths: [1: 22, 2: 22, 3: 8, 4: 70], autoWidth: false, freezeRows: 1))
        try xlsx.writeRow(["单位", "指标", "结果", "说明"].map { XLSXCell(.text($0), style: head) })
        let failures = r.checks.filter { !$0.passed }
        try xlsx.writeRow([XLSXCell(.text(failures.isEmpty ? "全部通过" : "\(failures.count) 项未通过"), style: totalText)])
        for c in failures + r.checks.filter(\.passed) {
            try xlsx.writeRow([
                XLSXCell(.text(c.unit.name), style: text),
                XLSXCell(.text(c.indicators.joined(separator: ",")), style: text),
                XLSXCell(.text(c.passed ? "通过" : "不通过"), style: c.passed ? text : totalText),
                XLSXCell(.text(c.message), style: text),
            ])
        }

        if charts { try ReportCharts.write(r, trend: trend, to: xlsx, head: head, text: text, pct: pct) }

        // Further plain sheets (the 对照 of an aggregate, the subordinates' states).
        for sheet in sheets {
            try xlsx.startSheet(sheet.name, options: SheetOptions(freezeRows: 1))
            try xlsx.writeRow(sheet.header.map { XLSXCell(.text($0), style: head) })
            if sheet.rows.isEmpty { try xlsx.writeRow([XLSXCell(.text("无"), style: text)]) }
            for row in sheet.rows { try xlsx.writeRow(row.map { XLSXCell(.text($0), style: text) }) }
        }

        for (name, people) in details {
            try xlsx.startSheet(
                name,
                options: SheetOptions(columnStyles: [3: xlsx.addStyle(CellStyle(numberFormat: .text))], freezeRows: 1))
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
