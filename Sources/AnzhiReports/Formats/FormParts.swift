import AnzhiCore
import Foundation
import Spreadsheet

/// The statistics table as printed pages: one sheet per part of the definition (统计表（一）… 统计表（五）), each
/// with the head and foot of an official statistics form, the unit columns and the part's indicators.
///
/// One sheet per part, rather than one wide sheet with column page breaks, because both Excel and LibreOffice
/// print each sheet on its own pages, while manual column breaks and their interplay with print scaling differ
/// between them.
enum FormParts {
    /// The styles of the form, registered once per workbook.
    struct Styles {
        let title, info, head, id, text, int, pct, dash, totalText, totalInt, totalPct, totalDash: StyleID

        init(_ xlsx: XLSXWriter) {
            let size = FormLayout.fontSize
            title = xlsx.addStyle(CellStyle(bold: true, fontSize: 16, horizontal: .center, vertical: .center))
            info = xlsx.addStyle(CellStyle(fontSize: 11, vertical: .center))
            head = xlsx.addStyle(
                CellStyle(
                    bold: true, fontSize: size, border: true, wrap: true, horizontal: .center, vertical: .center,
                    fill: "FFD9E1F2"))
            id = xlsx.addStyle(CellStyle(fontSize: size, border: true, horizontal: .center))
            text = xlsx.addStyle(CellStyle(fontSize: size, border: true, wrap: true, vertical: .center))
            int = xlsx.addStyle(CellStyle(fontSize: size, numberFormat: .integer, border: true))
            pct = xlsx.addStyle(CellStyle(fontSize: size, numberFormat: .percent2, border: true))
            dash = xlsx.addStyle(CellStyle(fontSize: size, border: true, horizontal: .center))
            totalText = xlsx.addStyle(CellStyle(bold: true, fontSize: size, border: true, vertical: .center))
            totalInt = xlsx.addStyle(CellStyle(bold: true, fontSize: size, numberFormat: .integer, border: true))
            totalPct = xlsx.addStyle(CellStyle(bold: true, fontSize: size, numberFormat: .percent2, border: true))
            totalDash = xlsx.addStyle(CellStyle(bold: true, fontSize: size, border: true, horizontal: .center))
        }
    }

    /// The rows above the table: title, 表号, 填报单位 and 制表机关, 统计期间.
    static let headRows = 4
    /// The table's header rows (part heading, labels, codes), repeated on every printed page.
    static let headerRows = (headRows + 1)...(headRows + 3)

    /// The parts of the definition in order, each with its printed indicators.
    static func parts(_ r: Report) -> [(part: String, indicators: [Indicator])] {
        var parts: [(part: String, indicators: [Indicator])] = []
        for ind in ReportFormats.shown(r) {
            if let i = parts.firstIndex(where: { $0.part == ind.part }) {
                parts[i].indicators.append(ind)
            } else {
                parts.append((ind.part, [ind]))
            }
        }
        return parts
    }

    /// The sheet name of the n-th part (0-based): 统计表（一）.
    static func sheetName(_ base: String, part n: Int) -> String {
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        return "\(base)（\(n < numerals.count ? numerals[n] : String(n + 1))）"
    }

    /// 2026年1月1日至2026年6月30日.
    static func periodText(_ p: ReportPeriod) -> String {
        FormSettings.chineseDate(p.start) + "至" + FormSettings.chineseDate(p.end)
    }

    /// Writes every part as its own sheet.
    static func write(_ r: Report, to xlsx: XLSXWriter, form: FormSettings, today: CivilDate, styles s: Styles) throws {
        let layout = r.definition.layout
        // An incomplete aggregate says so in its title, where nobody can miss it.
        let titleText =
            (layout["title"] ?? "统计表（{period}）").replacingOccurrences(of: "{period}", with: r.period.chineseName)
            + (r.provisional == nil ? "" : "（未完成）")
        for (n, part) in parts(r).enumerated() {
            let page = FormLayout(indicators: part.indicators.count)
            let columns = page.all.upperBound
            try xlsx.startSheet(
                sheetName(layout["sheet"] ?? "统计表", part: n),
                options: SheetOptions(
                    columnWidths: page.widths, autoWidth: false, freezeRows: headerRows.upperBound, freezeColumns: 2,
                    landscape: true, fitToWidth: page.fitToWidth, repeatRows: headerRows, repeatColumns: 1...2))
            /// A row of lines, each over its group of columns (merged), left-aligned.
            func line(_ items: [(ClosedRange<Int>?, String)], height: Double? = nil) throws {
                var cells = Array(repeating: XLSXCell(.empty), count: columns)
                let row = xlsx.lastRow + 1
                var merges: [CellRange] = []
                for case (let range?, let text) in items {
                    cells[range.lowerBound - 1] = XLSXCell(.text(text), style: s.info)
                    if range.count > 1 {
                        merges.append(
                            CellRange(
                                first: CellReference(row: row, column: range.lowerBound),
                                last: CellReference(row: row, column: range.upperBound)))
                    }
                }
                try xlsx.writeRow(cells, height: height)
                for m in merges { try xlsx.merge(m) }
            }
            let number = form.line(.formNumber)
            let authority = form.line(.authority)
            let office = "填报单位：\(r.office.name)"
            let period = "统计期间：\(periodText(r.period))"
            try xlsx.writeRow(
                [XLSXCell(.text(titleText), style: s.title)]
                    + Array(repeating: XLSXCell(.empty, style: s.title), count: columns - 1), height: 32)
            try xlsx.merge(
                CellRange(first: CellReference(row: 1, column: 1), last: CellReference(row: 1, column: columns)))
            if let middle = page.middle, let right = page.right {
                let wide = page.left.lowerBound...middle.upperBound
                try line([(right, number)], height: 18)
                try line([(wide, office), (right, authority)], height: 18)
                try line([(wide, period)], height: 18)
            } else {
                // A part of one indicator: one line each across the page, the head still four rows tall.
                try line([(page.all, number + "\u{3000}\u{3000}" + authority)], height: 18)
                try line([(page.all, office)], height: 18)
                try line([(page.all, period)], height: 18)
            }

            // The table's header: the part heading over its columns, labels, codes; unit columns merged down.
            let top = headerRows.lowerBound
            var heading = [
                XLSXCell(.text(layout["unit.code"] ?? "单位代码"), style: s.head),
                XLSXCell(.text(layout["unit.name"] ?? "单位名称"), style: s.head),
            ]
            heading += part.indicators.indices.map {
                XLSXCell($0 == 0 ? .text(layout["part.\(part.part)"] ?? part.part) : .empty, style: s.head)
            }
            try xlsx.writeRow(heading, height: 22)
            try xlsx.writeRow(
                [XLSXCell(.empty, style: s.head), XLSXCell(.empty, style: s.head)]
                    + part.indicators.map { XLSXCell(.text($0.label), style: s.head) }, height: 60)
            try xlsx.writeRow(
                [XLSXCell(.empty, style: s.head), XLSXCell(.empty, style: s.head)]
                    + part.indicators.map { XLSXCell(.text($0.id), style: s.id) })
            for column in 1...2 {
                try xlsx.merge(
                    CellRange(
                        first: CellReference(row: top, column: column),
                        last: CellReference(row: top + 2, column: column)))
            }
            if part.indicators.count > 1 {
                try xlsx.merge(
                    CellRange(first: CellReference(row: top, column: 3), last: CellReference(row: top, column: columns))
                )
            }

            for (u, unit) in r.units.enumerated() {
                let isTotal = unit.kind == .total
                var cells = [
                    XLSXCell(.text(unit.code), style: isTotal ? s.totalText : s.text),
                    XLSXCell(.text(unit.name), style: isTotal ? s.totalText : s.text),
                ]
                for ind in part.indicators {
                    switch r.values[u][ind.id] ?? .count(0) {
                    case .count(let n): cells.append(XLSXCell(.number(Double(n)), style: isTotal ? s.totalInt : s.int))
                    case .rate(let n, let d) where d != 0:
                        // Rounded to two decimals of a percent, as the CSV prints it.
                        let v = Double(IndicatorValue.rate(numerator: n, denominator: d).text)! / 100
                        cells.append(XLSXCell(.number(v), style: isTotal ? s.totalPct : s.pct))
                    default: cells.append(XLSXCell(.text("—"), style: isTotal ? s.totalDash : s.dash))
                    }
                }
                try xlsx.writeRow(cells, height: 18)
            }
            if let p = r.provisional { try line([(page.all, "未完成（provisional）：\(p)")]) }

            // The foot: signatures to the left and middle, the preparer's phone and the date reported to the right.
            try line([])
            let date = "报出日期：\(FormSettings.chineseDate(today))"
            if let middle = page.middle, let right = page.right {
                try line(
                    [
                        (page.left, form.line(.head)), (middle, form.line(.statisticsHead)),
                        (right, form.line(.preparer)),
                    ],
                    height: 22)
                try line([(middle, form.line(.phone)), (right, date)], height: 22)
            } else {
                for text in [
                    form.line(.head), form.line(.statisticsHead), form.line(.preparer), form.line(.phone), date,
                ] {
                    try line([(page.all, text)], height: 22)
                }
            }
        }
    }
}
