public import AnzhiCore
import Spreadsheet

extension PersonSheets {
    /// The template's sheet of visits: exactly the headers the visit import recognises (domain §4).
    public static let visitsSheetName = "走访记录"

    /// The Chinese name of each code table, for the 填写说明 sheet (the tables' files are named by id).
    static let codeTableNames: [String: String] = [
        "sex": "性别", "ethnicity": "民族", "education": "文化程度", "marital": "婚姻状况", "yes-no": "是否",
        "risk": "危险性评估", "verification": "核实结果", "release-source": "释放来源", "release-type": "释放类型",
        "handover-method": "衔接方式", "not-handed-over-reason": "未衔接原因", "placement-kind": "安置情况",
        "exit-reason": "注销原因",
    ]

    /// A code table's values listed in full up to this many; longer tables (民族, 文化程度) are named by their first
    /// values and point at the cell's drop-down list.
    private static let listedValues = 9

    /// The blank import template: the person sheet (canonical headers, drop-down lists for coded fields, text format
    /// for the ID and code columns, date format for date columns, a frozen header), the visits sheet in the layout
    /// the visit import accepts, and a sheet 填写说明 describing every column that prints on two landscape pages.
    public static func writeTemplate(to path: String, reference: ReferenceData) throws {
        let xlsx = try XLSXWriter(path: path, options: XLSXWriter.Options(listSheetName: listSheetName))
        let styles = Styles(xlsx)
        var persons = layout(styles)
        (persons.landscape, persons.fitToWidth, persons.repeatRows) = (true, true, 1...1)
        try xlsx.startSheet("人员信息", options: persons)
        try xlsx.writeRow(PersonFields.all.map { XLSXCell(.text($0.header), style: styles.header) }, height: 30)
        for (i, field) in PersonFields.all.enumerated() {
            guard case .code(let table) = field.kind else { continue }
            let column = CellReference.columnName(i + 1)
            try xlsx.addListValidation(CellRange("\(column)2:\(column)10000")!, values: reference.table(table).names)
        }
        try xlsx.startSheet(
            visitsSheetName,
            options: SheetOptions(
                columnWidths: [1: 21, 2: 12, 3: 12, 4: 50], columnStyles: [1: styles.text, 2: styles.date],
                autoWidth: false, freezeRows: 1, landscape: true, fitToWidth: true, repeatRows: 1...1))
        try xlsx.writeRow(PersonFields.visitHeaders.map { XLSXCell(.text($0.header), style: styles.header) })
        try writeInstructions(xlsx, styles: styles, reference: reference)
        try xlsx.close()
    }

    /// The 填写说明 sheet: one row per column of the two data sheets, landscape A4, at most two pages.
    private static func writeInstructions(_ xlsx: XLSXWriter, styles: Styles, reference: ReferenceData) throws {
        let widths: [Double] = [16, 7, 5, 18, 80]
        try xlsx.startSheet(
            "填写说明",
            options: SheetOptions(
                columnWidths: Dictionary(uniqueKeysWithValues: widths.enumerated().map { ($0 + 1, $1) }),
                autoWidth: false, freezeRows: 1, landscape: true, fitToWidth: true, fitToHeight: 2, repeatRows: 1...1))
        func row(_ texts: [String], style: StyleID) throws {
            let lines = zip(texts, widths).map { SheetOptions.wrappedLines($0, width: $1) }.max() ?? 1
            try xlsx.writeRow(texts.map { XLSXCell(.text($0), style: style) }, height: rowHeight(lines: lines))
        }
        try row(["列名", "归属", "必填", "类型", "说明"], style: styles.header)
        for field in PersonFields.all {
            var help = field.help
            let kind: String
            switch field.kind {
            case .text: kind = "文本"
            case .date: kind = "日期"
            case .code(let id):
                kind = "代码表「\(codeTableNames[id] ?? id)」"
                let names = reference.table(id).names
                if !help.contains(names[0]) {
                    help +=
                        names.count <= listedValues
                        ? "；可填：\(names.joined(separator: "/"))"
                        : "；可填：\(names.prefix(4).joined(separator: "/"))… 共 \(names.count) 项，见单元格下拉列表"
                }
            case .integer: kind = "整数"
            case .idNumber: kind = "公民身份号码"
            case .region: kind = "行政区划代码"
            }
            let required = field.id == "name" || field.id == "idNumber" ? "是" : ""
            let aliases = field.aliases.isEmpty ? "" : "（也接受列名：\(field.aliases.joined(separator: "、"))）"
            try row(
                [field.header, field.owner == .prison ? "监所" : "司法所", required, kind, help + aliases],
                style: styles.wrap)
        }
        let visitHelp = [
            "idNumber": "被走访人的 18 位公民身份号码，须已在名册中（或在本文件的人员信息中）；请以文本格式填写",
            "visitDate": "日期，不晚于导入当天", "visitor": "走访人姓名", "note": "走访情况",
        ]
        for visit in PersonFields.visitHeaders {
            let aliases = visit.aliases.isEmpty ? "" : "（也接受列名：\(visit.aliases.joined(separator: "、"))）"
            try row(
                [
                    "\(visitsSheetName)：\(visit.header)", "司法所",
                    visit.field == "idNumber" || visit.field == "visitDate" ? "是" : "",
                    visit.field == "visitDate" ? "日期" : visit.field == "idNumber" ? "公民身份号码" : "文本",
                    (visitHelp[visit.field] ?? "") + aliases,
                ], style: styles.wrap)
        }
    }
}
