import Foundation
import Spreadsheet
import Testing

/// The errors file a clerk works through (`import --errors`, `rejected export`) and the import template's
/// instruction and visit sheets, through the CLI. Every run has ANZHI_TODAY fixed (CLI.today).
@Suite struct ErrorsFileCommandTests {
    typealias Env = RegisterCommandTests.Env

    /// The template's person headers, in order (what the errors file's 错误行 sheet starts with).
    static let templateHeaders = [
        "姓名", "曾用名", "性别", "民族", "出生日期", "公民身份号码", "文化程度", "婚姻状况", "户籍地区划代码", "户籍地址", "现住地区划代码",
        "现住地址", "罪名", "原判刑期", "刑期起日", "刑期止日", "服刑场所", "罪犯编号", "入监日期", "是否累犯", "危险性评估", "是否三无人员",
        "预计释放日期", "服刑情况", "狱中表现", "监所帮教建议", "核实结果", "未核实原因", "可能去向", "司法所帮教建议", "接回时间", "接回地点",
        "接回人", "释放日期", "释放来源", "释放类型", "衔接日期", "衔接方式", "未衔接原因", "安置日期", "安置情况", "未安置原因", "帮教落实日期",
        "帮教情况", "重新犯罪日期", "重新犯罪罪名", "脱管日期", "漏管", "注销日期", "注销原因", "帮教期限(年)", "监所代码",
    ]
    static let added = ["源文件", "源工作表", "源行号", "错误说明"]
    static let instructions = [
        "1. 按“错误说明”列修改标红的单元格；",
        "2. 不要修改列名和源文件、源工作表、源行号列；",
        "3. 保存后用 anzhi import 本文件 重新导入，已改正的行会从待改正记录中移除。",
    ]

    static let good1 = RegisterCommandTests.id("19800101", "123")
    static let bad1 = String(good1.dropLast()) + (good1.last == "1" ? "2" : "1")
    static let good2 = RegisterCommandTests.id("19800202", "135")

    /// A messy batch for a county office of 370102: an alias header (身份证号), a column that is no field (备注),
    /// a wrong check character, a 民族 outside the code table with an unreadable 出生日期, and two rows of
    /// another county (370103), one of them with a broken ID: neither is this office's to correct.
    static func messyBatch(_ env: Env) throws -> String {
        let long = String(repeating: "家属联系电话待核实，", count: 6)
        return try env.write(
            "p.csv",
            """
            姓名,身份证号,户籍地区划代码,民族,出生日期,备注
            张三,\(bad1),370102001,汉族,,\(long)
            李四,\(good2),370102001,火星族,1980-13-45,
            王五,\(RegisterCommandTests.id("19700303", "157", "370103")),370103001,汉族,,外区
            赵六,\(String(bad1.dropLast()) + "0")0,370103001,汉族,,外区
            钱七,\(RegisterCommandTests.id("19900404", "179")),370102001,汉族,,

            """)
    }

    @Test func theErrorsFileIsInTheTemplateLayoutWithTheOffendingCellsRed() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let batch = try Self.messyBatch(env)
        let imported = try env.run(["import", "--json", batch, "--errors", env.tmp.path("e.xlsx"), "--lang", "zh"])
        let json = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(imported.status == 1, "\(imported.stderr)")
        #expect(json["rows"] as? Int == 5 && json["inserted"] as? Int == 1, "\(imported.stdout)")
        #expect(json["rejected"] as? Int == 2 && json["outside"] as? Int == 2, "\(imported.stdout)")

        let file = try ErrorsWorkbook(env.tmp.path("e.xlsx"))
        #expect(file.sheetNames == ["错误行", "说明"])
        let headers = Self.templateHeaders + ["备注"] + Self.added
        #expect(file.grid[0] == headers)
        #expect(file.grid.count == 3)
        func column(_ header: String) -> Int { headers.firstIndex(of: header)! }
        var zhang = [String](repeating: "", count: headers.count)
        zhang[column("姓名")] = "张三"
        zhang[column("公民身份号码")] = Self.bad1
        zhang[column("户籍地区划代码")] = "370102001"
        zhang[column("民族")] = "汉族"
        zhang[column("备注")] = String(repeating: "家属联系电话待核实，", count: 6)
        zhang[column("源文件")] = batch
        zhang[column("源行号")] = "2"
        #expect(Array(file.grid[1].dropLast()) == Array(zhang.dropLast()))
        #expect(file.grid[1].last?.hasPrefix("[id-checksum] 「身份证号」列（B2）：公民身份号码") == true, "\(file.grid[1])")
        #expect(file.grid[2][column("姓名")] == "李四" && file.grid[2][column("出生日期")] == "1980-13-45")
        #expect(file.grid[2][column("源行号")] == "3")
        // Rows of another office's jurisdiction never appear, broken or not.
        #expect(!file.grid.joined().contains { $0.contains("王五") || $0.contains("赵六") || $0 == "外区" })

        // Red: exactly the cells the errors are about.
        #expect(file.redCells == [2: [column("公民身份号码")], 3: [column("民族"), column("出生日期")]])
        // Every row is as tall as its most wrapped cell, 15 points a line.
        for r in 2...3 {
            let lines = zip(file.grid[r - 1], file.widths).map { SheetOptions.wrappedLines($0, width: $1) }.max()!
            #expect(file.heights[r] == Double(lines) * 15, "row \(r)")
            #expect(lines >= 2, "the explanation wraps in row \(r)")
        }
        #expect(file.heights[1] != nil)
        #expect(file.widths[column("错误说明")] >= 30 && file.widths.allSatisfy { $0 >= 8 && $0 <= 60 })
        // Frozen header; landscape A4, one page wide, the header on every printed page.
        let sheet = file.sheetXML[0]
        #expect(sheet.contains("ySplit=\"1\"") && sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"))
        #expect(
            sheet.contains(
                "<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"landscape\"/>"))
        #expect(file.workbookXML.contains("localSheetId=\"0\">'错误行'!$1:$1</definedName>"))
        #expect(file.grid(of: 1) == Self.instructions.map { [$0] })

        // `rejected export` writes the same file from the store, red cells included.
        #expect(try env.run(["rejected", "export", "-o", env.tmp.path("r.xlsx")]).status == 0)
        let exported = try ErrorsWorkbook(env.tmp.path("r.xlsx"))
        #expect(exported.grid == file.grid && exported.redCells == file.redCells)
    }

    @Test func aCorrectedErrorsFileEmptiesTheRejectedStore() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        #expect(try env.run(["import", try Self.messyBatch(env), "--errors", env.tmp.path("e.xlsx")]).status == 1)
        #expect(try env.run(["rejected", "list"]).stderr == "2 rejected rows\n")
        // The clerk fixes the red cells and saves the file as it is, both sheets.
        let file = try ErrorsWorkbook(env.tmp.path("e.xlsx"))
        var grid = file.grid
        let fixes = ["公民身份号码": Self.good1, "民族": "汉族", "出生日期": "1980-02-02"]
        for (row, columns) in file.redCells {
            for c in columns { grid[row - 1][c] = fixes[grid[0][c]]! }
        }
        let fixed = try XLSXWriter(path: env.tmp.path("fixed.xlsx"))
        for (name, rows) in [(file.sheetNames[0], grid), (file.sheetNames[1], file.grid(of: 1))] {
            try fixed.startSheet(name)
            for row in rows { try fixed.writeRow(row.map { $0.isEmpty ? CellValue.empty : .text($0) }) }
        }
        try fixed.close()
        let again = try env.run(["import", "--json", env.tmp.path("fixed.xlsx")])
        let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(json["inserted"] as? Int == 2 && json["corrected"] as? Int == 2, "\(again.stdout)")
        #expect(try env.run(["rejected", "list"]).stderr == "0 rejected rows\n")
    }

    @Test func aCSVErrorsFileHasTheTemplateLayout() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let batch = try Self.messyBatch(env)
        #expect(try env.run(["import", batch, "--errors", env.tmp.path("e.csv")]).status == 1)
        let lines = try env.tmp.read("e.csv").split(separator: "\r\n")
        #expect(lines.first.map(String.init) == (Self.templateHeaders + ["备注"] + Self.added).joined(separator: ","))
        #expect(lines.count == 3 && lines[1].hasPrefix("张三,,,汉族,,\(Self.bad1),,,370102001,"))
        #expect(!FileManager.default.fileExists(atPath: env.tmp.path("e-2.csv")))
    }

    @Test func rejectedVisitsGoToTheirOwnSheetAndLeaveTheStoreOnceCorrected() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let persons = "姓名,公民身份号码,户籍地区划代码\n李四,\(Self.good2),370102001\n"
        #expect(try env.run(["import", try env.write("p.csv", persons)]).status == 0)
        // The office's visits: one to someone not yet in the register, one with an impossible date.
        let visits = try env.write(
            "v.csv", "身份证号,走访日期,走访人,走访情况\n\(Self.good1),2026-03-05,王警官,在家\n\(Self.good2),2026-02-30,王警官,\n")
        let first = try env.run(["import", "--source", "office", visits, "--errors", env.tmp.path("e.xlsx")])
        #expect(first.status == 1)
        let file = try ErrorsWorkbook(env.tmp.path("e.xlsx"))
        #expect(file.sheetNames == ["错误行", "走访错误行", "说明"])
        #expect(file.grid == [Self.templateHeaders + Self.added])
        let sheet = file.grid(of: 1)
        #expect(sheet[0] == ["公民身份号码", "走访日期", "走访人", "走访情况"] + Self.added)
        #expect(sheet.count == 3 && sheet[1][0] == Self.good1 && sheet[2][1] == "2026-02-30")
        #expect(file.redCells(of: 1) == [2: [0], 3: [1]])
        // The person arrives (the office's own ledger): that does not record the visit, so the rejected visit stays
        // until the clerk fixes the date and imports the visits sheet again.
        let zhang = "姓名,公民身份号码,户籍地区划代码\n张三,\(Self.good1),370102001\n"
        #expect(try env.run(["import", "--source", "office", try env.write("p2.csv", zhang)]).status == 0)
        #expect(try env.run(["rejected", "list"]).stderr == "2 rejected rows\n")
        let fixed = try XLSXWriter(path: env.tmp.path("fixed.xlsx"))
        try fixed.startSheet("走访错误行")
        for row in sheet {
            try fixed.writeRow(row.map { $0.isEmpty ? .empty : .text($0 == "2026-02-30" ? "2026-02-28" : $0) })
        }
        try fixed.close()
        let again = try env.run(["import", "--json", "--source", "office", env.tmp.path("fixed.xlsx")])
        let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(again.status == 0 && json["corrected"] as? Int == 2, "\(again.stdout)\(again.stderr)")
        #expect(try env.run(["rejected", "list"]).stderr == "0 rejected rows\n")
    }

    @Test func theTemplateNamesCodeTablesInChineseAndItsVisitSheetImports() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        #expect(try env.run(["template", "persons", "-o", env.tmp.path("t.xlsx")]).status == 0)
        let template = try ErrorsWorkbook(env.tmp.path("t.xlsx"))
        #expect(Array(template.sheetNames.prefix(3)) == ["人员信息", "走访记录", "填写说明"])
        #expect(template.grid == [Self.templateHeaders])
        let visitHeaders = template.grid(of: 1)
        #expect(visitHeaders == [["公民身份号码", "走访日期", "走访人", "走访情况"]])
        // The ID column is typed as text, the date column as a date.
        #expect(template.columnFormats(of: 1) == [1: 49, 2: 164])
        let instructions = template.grid(of: 2)
        let ethnicity = try #require(instructions.first { $0.first == "民族" })
        #expect(ethnicity[3] == "代码表「民族」" && ethnicity[4].contains("汉族/蒙古族/回族/藏族… 共 58 项"))
        let risk = try #require(instructions.first { $0.first == "危险性评估" })
        #expect(risk[3] == "代码表「危险性评估」")
        #expect(!instructions.joined().contains { $0.contains("代码表 ") })
        #expect(instructions.last?.first == "走访记录：走访情况")
        let sheet = template.sheetXML[2]
        #expect(sheet.contains("fitToWidth=\"1\" fitToHeight=\"2\" orientation=\"landscape\""))
        for r in 2...instructions.count {
            let lines = zip(instructions[r - 1], template.widths(of: 2)).map {
                SheetOptions.wrappedLines($0, width: $1)
            }.max()!
            #expect(template.heights(of: 2)[r] == Double(lines) * 15, "row \(r)")
        }

        // A filled template imports: a person on the first sheet, a visit on 走访记录, under their headers.
        let filled = try XLSXWriter(path: env.tmp.path("filled.xlsx"))
        try filled.startSheet("人员信息")
        try filled.writeRow(Self.templateHeaders.map { .text($0) })
        try filled.writeRow(
            Self.templateHeaders.map {
                ["姓名": "李四", "公民身份号码": Self.good2, "户籍地区划代码": "370102001"][$0].map { .text($0) } ?? .empty
            })
        try filled.startSheet("走访记录")
        try filled.writeRow(visitHeaders[0].map { .text($0) })
        try filled.writeRow([
            .text(Self.good2), .date(CivilDate(year: 2026, month: 3, day: 5)!), .text("王警官"), .text("在家"),
        ])
        try filled.close()
        let imported = try env.run(["import", "--json", env.tmp.path("filled.xlsx")])
        let json = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(
            imported.status == 0 && json["rows"] as? Int == 2 && json["inserted"] as? Int == 2, "\(imported.stdout)")
    }

    /// The 填写说明 sheet prints on at most two landscape A4 pages.
    @Test func theTemplateInstructionsPrintOnTwoPages() throws {
        guard let soffice = SofficeCLI.path else {
            print(SofficeCLI.missing)
            return
        }
        let env = try Env()
        defer { env.tmp.remove() }
        #expect(try env.run(["template", "persons", "-o", env.tmp.path("t.xlsx")]).status == 0)
        let zip = try ZipArchiveReader(path: env.tmp.path("t.xlsx"), displayName: "t", limits: ZipLimits())
        let only = try ZipArchiveWriter(path: env.tmp.path("instructions.xlsx"))
        for entry in zip.entries {
            var bytes = try zip.read(entry)
            if entry.name == "xl/workbook.xml" {
                // The other sheets are taken out of the workbook (their parts stay, unread): LibreOffice prints a
                // blank page for each hidden sheet.
                let xml = String(decoding: bytes, as: UTF8.self)
                    .replacing(/<sheet name="(人员信息|走访记录)"[^>]*\/>/, with: "")
                    .replacing(
                        /<definedName name="_xlnm.Print_Titles" localSheetId="[01]">[^<]*<\/definedName>/, with: ""
                    )
                    .replacingOccurrences(of: "localSheetId=\"2\"", with: "localSheetId=\"0\"")
                bytes = Array(xml.utf8)
            }
            try only.add(entry.name, bytes: bytes)
        }
        try only.close()
        let pdf = try SofficeCLI.convertToPDF(env.tmp.path("instructions.xlsx"), soffice: soffice, in: env.tmp)
        #expect(pdf.pages >= 1 && pdf.pages <= 2, "\(pdf)")
        #expect(abs(pdf.size.0 - 841.9) < 2 && abs(pdf.size.1 - 595.3) < 2, "landscape A4: \(pdf)")
    }
}

/// An XLSX file read back with our reader, plus what the reader does not expose: the cell styles' fills,
/// row heights, column widths and number formats, parsed from the package's XML.
struct ErrorsWorkbook {
    let sheetNames: [String]
    let sheetXML: [String]
    let workbookXML: String
    let stylesXML: String
    private let grids: [[[String]]]

    init(_ path: String) throws {
        let reader = try XLSXReader(path: path)
        sheetNames = reader.sheets.map(\.name)
        var grids: [[[String]]] = []
        for sheet in reader.sheets {
            let rows = try reader.rows(of: sheet)
            var grid: [[String]] = []
            var width = 0
            while let row = try rows.next() {
                width = max(width, row.cells.map(\.column).max() ?? 0)
                grid.append((1...max(width, 1)).map { CellText.string(row[$0]) })
            }
            grids.append(grid.map { $0 + [String](repeating: "", count: width - $0.count) })
        }
        self.grids = grids
        let zip = try ZipArchiveReader(path: path, displayName: path, limits: ZipLimits())
        func part(_ name: String) throws -> String {
            String(decoding: try zip.read(zip.entries.first { $0.name == name }!), as: UTF8.self)
        }
        sheetXML = try sheetNames.indices.map { try part("xl/worksheets/sheet\($0 + 1).xml") }
        workbookXML = try part("xl/workbook.xml")
        stylesXML = try part("xl/styles.xml")
    }

    var grid: [[String]] { grids[0] }
    func grid(of sheet: Int) -> [[String]] { grids[sheet] }
    var redCells: [Int: [Int]] { redCells(of: 0) }
    var widths: [Double] { widths(of: 0) }
    var heights: [Int: Double] { heights(of: 0) }

    /// The styles (cellXfs indexes) filled light red, FFFFC7CE.
    private var redStyles: Set<Int> {
        let fills = stylesXML.firstMatch(of: /<fills[^>]*>(.*?)<\/fills>/)!.1.matches(of: /<fill>(.*?)<\/fill>/)
        let red = Set(fills.enumerated().filter { $0.element.1.contains("FFFFC7CE") }.map(\.offset))
        let xfs = stylesXML.firstMatch(of: /<cellXfs[^>]*>(.*?)<\/cellXfs>/)!.1.matches(of: /<xf [^>]*>/)
        return Set(
            xfs.enumerated().filter { xf in
                xf.element.0.firstMatch(of: /fillId="([0-9]+)"/).map { red.contains(Int($0.1)!) } ?? false
            }.map(\.offset))
    }

    /// The red cells of a sheet: 0-based columns by 1-based row.
    func redCells(of sheet: Int) -> [Int: [Int]] {
        let red = redStyles
        var cells: [Int: [Int]] = [:]
        for m in sheetXML[sheet].matches(of: /<c r="([A-Z]+)([0-9]+)" s="([0-9]+)"/) where red.contains(Int(m.3)!) {
            cells[Int(m.2)!, default: []].append(CellReference("\(m.1)\(m.2)")!.column - 1)
        }
        return cells
    }

    /// Column widths by 0-based column, as far as the grid goes.
    func widths(of sheet: Int) -> [Double] {
        var widths: [Int: Double] = [:]
        for m in sheetXML[sheet].matches(of: /<col min="([0-9]+)" max="[0-9]+" width="([0-9.]+)"/) {
            widths[Int(m.1)! - 1] = Double(m.2)!
        }
        return (0..<(grids[sheet].first?.count ?? 0)).map { widths[$0] ?? 0 }
    }

    /// Custom row heights by 1-based row.
    func heights(of sheet: Int) -> [Int: Double] {
        Dictionary(
            uniqueKeysWithValues: sheetXML[sheet].matches(of: /<row r="([0-9]+)" ht="([0-9.]+)"/).map {
                (Int($0.1)!, Double($0.2)!)
            })
    }

    /// The number format id of each column's default style, by 1-based column.
    func columnFormats(of sheet: Int) -> [Int: Int] {
        let xfs = stylesXML.firstMatch(of: /<cellXfs[^>]*>(.*?)<\/cellXfs>/)!.1.matches(of: /<xf [^>]*>/).map {
            Int($0.0.firstMatch(of: /numFmtId="([0-9]+)"/)!.1)!
        }
        var formats: [Int: Int] = [:]
        for m in sheetXML[sheet].matches(of: /<col min="([0-9]+)"[^>]* style="([0-9]+)"/) {
            formats[Int(m.1)!] = xfs[Int(m.2)!]
        }
        return formats
    }
}
