import Foundation
import Spreadsheet

/// A workbook that exercises the writer: every value kind, awkward text, styles, merges, validations,
/// frozen panes, a second sheet. `expectedCSV` is what `to-csv` (and LibreOffice's CSV export) must give.
enum SampleWorkbook {
    static let longList = (1...56).map { "民族\($0)" }

    static let rows: [[CellValue]] = [
        [.text("姓名"), .text("身份证号"), .text("出生日期"), .text("考核分"), .text("已衔接"), .text("释放时间"), .text("备注")],
        [
            .text("张三"), .text("11010519491231002X"), .date(CivilDate(year: 1949, month: 12, day: 31)!), .number(87.5),
            .boolean(true),
            .dateTime(
                CivilDateTime(
                    date: CivilDate(year: 2026, month: 3, day: 5)!, time: TimeOfDay(hour: 14, minute: 30, second: 0)!)),
            .text("含,逗号 \"引号\""),
        ],
        [
            .text("李四"), .text("320102199001011234"), .date(CivilDate(year: 1990, month: 1, day: 1)!), .number(-3),
            .boolean(false), .empty, .text(" 前后空格 "),
        ],
        [.text("王_x0041_五"), .text("<&>"), .empty, .number(0.1), .empty, .empty, .text("多行\n文本")],
        [
            .text("=1+1"), .text("𠀀𠀁"), .date(CivilDate(year: 2024, month: 2, day: 29)!), .number(1234567.25), .empty,
            .empty,
            .text(""),
        ],
    ]

    /// Expected CSV of sheet 1 (LF, RFC 4180).
    static let expectedCSV =
        [
            "姓名,身份证号,出生日期,考核分,已衔接,释放时间,备注",
            #"张三,11010519491231002X,1949-12-31,87.5,TRUE,2026-03-05 14:30:00,"含,逗号 ""引号""""#,
            "李四,320102199001011234,1990-01-01,-3,FALSE,, 前后空格 ",
            "王_x0041_五,<&>,,0.1,,,\"多行\n文本\"",
            "=1+1,𠀀𠀁,2024-02-29,1234567.25,,,",
        ].joined(separator: "\n") + "\n"

    /// Writes the workbook; returns nothing, throws what the writer throws.
    static func write(to path: String, compressionLevel: Int = 1) throws {
        let xlsx = try XLSXWriter(
            path: path, options: XLSXWriter.Options(compressionLevel: compressionLevel, listSheetName: "代码表"))
        let header = xlsx.addStyle(CellStyle(bold: true, border: true, horizontal: .center))
        let text = xlsx.addStyle(CellStyle(numberFormat: .text))
        try xlsx.startSheet("名册", options: SheetOptions(columnStyles: [2: text], freezeRows: 1, freezeColumns: 1))
        for (i, row) in rows.enumerated() {
            try xlsx.writeRow(row, style: i == 0 ? header : nil)
        }
        try xlsx.addListValidation(CellRange("E2:E100")!, values: ["是", "否"])
        try xlsx.addListValidation(CellRange("G2:G100")!, values: longList)
        try xlsx.startSheet("汇总", options: SheetOptions(landscape: true, fitToWidth: true, repeatRows: 1...2))
        try xlsx.writeRow([.text("安置帮教工作统计表"), .empty, .empty])
        try xlsx.merge(CellRange("A1:C1")!)
        try xlsx.writeRow([.text("项目"), .text("人数"), .text("比率")])
        let percent = xlsx.addStyle(CellStyle(numberFormat: .percent2, border: true))
        try xlsx.writeRow([XLSXCell(.text("衔接率")), XLSXCell(.number(40)), XLSXCell(.number(0.875), style: percent)])
        try xlsx.close()
    }

    static let expectedSummaryCSV = "安置帮教工作统计表,,\n项目,人数,比率\n衔接率,40,0.875\n"
}
