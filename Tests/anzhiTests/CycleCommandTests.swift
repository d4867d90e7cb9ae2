import Foundation
import Spreadsheet
import Testing

/// The prison ↔ 司法所 cycle on real database files through the CLI (issue 12): admissions go out, the 司法所
/// verifies, failures go back with reasons until the prison's record is right, the pre-release supplement and list
/// go out, receipts and messages come back, and `due` shows the right work at each step on chosen days.
@Suite struct CycleCommandTests {
    static let templates = ExchangeCommandTests.templates

    /// An office on its own database; every command runs on `day` (ANZHI_TODAY).
    final class Office {
        let db: [String]
        var day = "2027-01-04"
        init(_ tmp: Scratch, _ name: String) {
            db = ["--db", tmp.path(name), "--templates", CycleCommandTests.templates]
        }
        @discardableResult
        func run(_ args: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws
            -> CLI.Result
        {
            let r = try CLI.run(args + db, environment: ["ANZHI_TODAY": day])
            #expect(r.status == status, "\(args): \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
            return r
        }
        /// The lines of `anzhi due` (without the summary on stderr).
        func due(within: Int = 30) throws -> [String] {
            try run(["due", "--within", "\(within)", "--lang", "zh"]).stdout.split(separator: "\n").map(String.init)
        }
        /// The handle of the person named `name` in `persons list`.
        func handle(_ name: String) throws -> String {
            let line = try run(["persons", "list", "--name", name]).stdout.split(separator: "\n").first ?? ""
            return String(line.split(separator: "\t").first ?? "")
        }
        func names(status: String) throws -> [String] {
            try run(["persons", "list", "--status", status]).stdout.split(separator: "\n").map {
                String($0.split(separator: "\t")[1])
            }.sorted()
        }
    }

    /// Sends `from`'s outbox for `to` and imports it there; returns both outputs.
    @discardableResult
    func deliver(
        _ from: Office, _ to: Office, code: String, _ tmp: Scratch, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> (sent: String, received: String)
    {
        let folder = tmp.path("out-\(UUID().uuidString.prefix(8))")
        let sent = try from.run(["outbox", "-o", folder, "--to", code], sourceLocation: sourceLocation).stdout
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        var received = ""
        for f in files { received += try to.run(["import", folder + "/" + f], sourceLocation: sourceLocation).stdout }
        return (sent, received)
    }

    static func id(_ n: Int) -> String { RegisterCommandTests.id("1980020\(n)", "13\(n)") }

    @Test func verificationRoundsReceiptsMessagesAndTheDueList() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let county = Office(tmp, "county.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let t2 = Office(tmp, "t2.sqlite")
        let prison = Office(tmp, "prison.sqlite")
        try county.run(["init", "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102"])
        let offices = [
            ("370102001", "解放路司法所", "township", "370102001", t1),
            ("370102002", "千佛山司法所", "township", "370102002", t2),
            ("J3701", "济南监狱", "prison", "", prison),
        ]
        for (code, name, level, region, office) in offices {
            try county.run(
                ["office", "add", "--code", code, "--name", name, "--level", level, "-o", tmp.path("e-\(code).zip")]
                    + (region.isEmpty ? [] : ["--region", region]))
            try office.run(["init", "--enroll", tmp.path("e-\(code).zip"), "-o", tmp.path("r-\(code).zip")])
            try county.run(["import", tmp.path("r-\(code).zip")])
        }
        // The county's directory: the 司法所 and the prison learn each other's keys.
        for (code, _, _, _, office) in offices { try deliver(county, office, code: code, tmp) }

        // The prison's admissions: four of 解放路 (甲1 due for release next month), one of 千佛山.
        var sheet = "姓名,公民身份号码,户籍地区划代码,户籍地址,罪名,服刑场所,入监日期,预计释放日期\n"
        for n in 1...4 {
            let release = n == 1 ? "2027-02-20" : "2027-09-01"
            sheet += "甲\(n),\(Self.id(n)),370102001,解放路\(n)号,盗窃罪,济南监狱,2026-06-01,\(release)\n"
        }
        sheet += "乙5,\(Self.id(5)),370102002,千佛山5号,诈骗罪,济南监狱,2026-06-01,2027-09-01\n"
        try sheet.write(toFile: tmp.path("inmates.csv"), atomically: true, encoding: .utf8)
        try prison.run(["import", tmp.path("inmates.csv")])
        // The prison's work before its first outbox: the month's 预释放名单 by the 10th, and 甲1's 出监补录 one month
        // before the release.
        let prisonDue = try prison.due()
        try #require(prisonDue.count == 2, "\(prisonDue)")
        #expect(prisonDue[0] == "到期\t2027-01-10\t本月预释放名单未发送（anzhi outbox）\t\t\t2027-01")
        #expect(prisonDue[1].hasPrefix("到期\t2027-01-20\t出监补录（服刑情况、狱中表现、监所帮教建议）\t#1\t甲1\t"))

        // Admissions and the notice go out, to each 司法所 its people; the month's list is then sent.
        let sent = try prison.run(["outbox", "-o", tmp.path("p1")]).stdout.split(separator: "\n").sorted()
        try #require(sent.count == 2, "\(sent)")
        #expect(sent[0].hasPrefix("370102001\t解放路司法所\tpeople\tpeople 4\toffices 0\tnotices 1\t#1"), "\(sent)")
        #expect(sent[1].hasPrefix("370102002\t千佛山司法所\tpeople\tpeople 1\toffices 0\t#1"), "\(sent)")
        let first = try t1.run(["import", tmp.path("p1/J3701-370102001-1.zip")]).stdout
        #expect(first.contains("4 rows read: 4 inserted"), "\(first)")
        #expect(first.contains("1 pre-release notices (预释放名单) received"))
        try t2.run(["import", tmp.path("p1/J3701-370102002-1.zip")])
        #expect(try prison.due().count == 1, "the list is sent; the supplement is still due")

        // At 解放路: four records to verify within 15 days, a notice awaiting its receipt within 7 days, and the
        // annual report of 2026 by 2 February.
        let h = try (1...4).map { try t1.handle("甲\($0)") }
        let due1 = try t1.due()
        try #require(due1.count == 6, "\(due1)")
        #expect(due1[0] == "到期\t2027-01-11\t预释放通知待回执\t\(h[0])\t甲1\t预计释放 2027-02-20，通知收到于 2027-01-04")
        #expect(
            due1[1...4].allSatisfy { $0.hasPrefix("到期\t2027-01-19\t待核实\t") && $0.hasSuffix("已等待 0 天（自 2027-01-04 起）") })
        #expect(due1[5] == "到期\t2027-02-02\t全年报\t\t\t2026")
        #expect(try t1.names(status: "待核实") == ["甲1", "甲2", "甲3", "甲4"])

        // 解放路 verifies: two succeed, two fail with reasons; a failure without a reason is refused.
        t1.day = "2027-01-06"
        let refused = try t1.run(["verify", h[2], "--fail"], status: 64)
        #expect(refused.stderr.contains("--fail needs --reason"))
        try t1.run(["verify", h[0], "--ok", "--advice", "家属配合，建议落实帮教小组"])
        try t1.run(["verify", h[1], "--ok"])
        try t1.run(["verify", h[2], "--fail", "--reason", "查无此人", "--whereabouts", "可能在槐荫区务工"])
        try t1.run(["verify", h[3], "--fail", "--reason", "户籍地址不存在"])
        // The receipt answers 甲1's notice; 甲2 has no notice.
        try t1.run([
            "receipt", h[0], "--pickup-time", "2027-02-20 09:00", "--pickup-place", "济南监狱大门", "--pickup-by", "甲父",
        ])
        let noNotice = try t1.run(
            ["receipt", h[1], "--pickup-time", "t", "--pickup-place", "p", "--pickup-by", "b"], status: 2)
        #expect(noNotice.stderr.contains("[no-prerelease-notice]"), "\(noNotice.stderr)")
        try t1.run(["message", h[2], "--text", "请核对甲3的户籍地址"])
        #expect(try t1.due().filter { $0.contains("待核实") || $0.contains("回执") }.isEmpty)

        // The answers reach the prison: failures with their reasons, the receipt with who collects 甲1.
        prison.day = "2027-01-06"
        let answers = try deliver(t1, prison, code: "J3701", tmp)
        #expect(
            answers.sent.hasPrefix("J3701\t济南监狱\tpeople\tpeople 0\toffices 0\tresults 4\tmessages 1\t#"),
            "\(answers.sent)")
        #expect(answers.received.contains("4 rows read: 0 inserted, 4 updated"), "\(answers.received)")
        #expect(
            answers.received.contains("甲3\t核实失败\t原因 (reason): 查无此人\t可能去向 (possible whereabouts): 可能在槐荫区务工"),
            "\(answers.received)")
        #expect(answers.received.contains("甲1\t核实成功\t回执 (receipt): 2027-02-20 09:00 at 济南监狱大门 by 甲父"))
        #expect(answers.received.contains("1 messages received"))
        let failures = try prison.run(["verify-failures"], status: 1).stdout.split(separator: "\n")
        #expect(failures.count == 2 && failures[0].contains("\t甲3\t") && failures[0].hasSuffix("\t查无此人\t可能在槐荫区务工"))
        #expect(try prison.names(status: "核实失败") == ["甲3", "甲4"])
        let messages = try prison.run(["messages", "--unread"]).stdout
        #expect(messages.contains("新\t解放路司法所 (370102001)\t#3\t甲3\t请核对甲3的户籍地址"), "\(messages)")
        #expect(try prison.run(["messages", "--unread"]).stdout.isEmpty, "listed messages are read")
        let prisonDue2 = try prison.due()
        #expect(prisonDue2.filter { $0.contains("核实失败，待监所更正") }.count == 2, "\(prisonDue2)")
        #expect(prisonDue2.contains { $0.hasPrefix("到期\t2027-01-21\t核实失败，待监所更正\t#3\t甲3\t原因：查无此人") })

        // Round 2: the prison corrects both addresses and adds 甲1's supplement; corrected records are 待核实 again.
        prison.day = "2027-01-08"
        var corrected = "姓名,公民身份号码,户籍地址,服刑情况,狱中表现,监所帮教建议\n"
        corrected += "甲1,\(Self.id(1)),解放路1号,服刑期间无违纪,表现良好,建议就业帮扶\n"
        corrected += "甲3,\(Self.id(3)),解放路33号,,,\n"
        corrected += "甲4,\(Self.id(4)),解放路44号,,,\n"
        try corrected.write(toFile: tmp.path("corrected.csv"), atomically: true, encoding: .utf8)
        try prison.run(["import", tmp.path("corrected.csv")])
        try prison.run(["verify-failures"])
        try prison.run(["message", "#3", "--text", "已更正户籍地址"])
        t1.day = "2027-01-08"
        let round2 = try deliver(prison, t1, code: "370102001", tmp)
        #expect(round2.sent.contains("\tpeople 3\toffices 0\tmessages 1\t#2"), "\(round2.sent)")
        #expect(try t1.names(status: "待核实") == ["甲3", "甲4"])
        #expect(try t1.names(status: "核实成功") == ["甲1", "甲2"], "the prison's copy never undoes the office's result")
        #expect(try t1.run(["messages"]).stdout.contains("济南监狱 (J3701)\t\(h[2])\t甲3\t已更正户籍地址"))
        // The person's page shows the notice and both messages.
        let show1 = try t1.run(["persons", "show", h[0], "--lang", "zh"]).stdout
        #expect(show1.contains("预释放通知\t预计释放 2027-02-20，2027-01-04 收到，来自 J3701"), "\(show1)")
        let show3 = try t1.run(["persons", "show", h[2], "--lang", "zh"]).stdout
        #expect(show3.contains("\t发往 J3701\t请核对甲3的户籍地址\t已发送") && show3.contains("\t来自 J3701\t已更正户籍地址\t"))
        let due2 = try t1.due()
        #expect(due2.contains { $0.hasPrefix("到期\t2027-01-23\t待核实\t\(h[2])\t甲3\t已等待 0 天（自 2027-01-08 起）") }, "\(due2)")

        // 甲3 is now right; 甲4 fails again, is corrected again, and then verified.
        try t1.run(["verify", h[2], "--ok"])
        try t1.run(["verify", h[3], "--fail", "--reason", "解放路44号亦无此人"])
        let round3 = try deliver(t1, prison, code: "J3701", tmp)
        #expect(round3.sent.contains("\tresults 2\t"), "only the changed answers go: \(round3.sent)")
        #expect(try prison.names(status: "核实失败") == ["甲4"])
        try "姓名,公民身份号码,户籍地址\n甲4,\(Self.id(4)),经十路4号\n".write(
            toFile: tmp.path("corrected2.csv"), atomically: true, encoding: .utf8)
        try prison.run(["import", tmp.path("corrected2.csv")])
        try deliver(prison, t1, code: "370102001", tmp)
        try t1.run(["verify", h[3], "--ok"])
        try deliver(t1, prison, code: "J3701", tmp)
        #expect(try prison.names(status: "核实成功") == ["甲1", "甲2", "甲3", "甲4"])
        #expect(try prison.names(status: "核实失败").isEmpty)
        // Every round is in the history, at the office and at the prison.
        for office in [t1, prison] {
            let show = try office.run(["persons", "show", office === t1 ? h[3] : "#4"]).stdout
            // History lines: time, field, old → new, source.
            var rounds: [String] = []
            for line in show.split(separator: "\n") {
                let f: [Substring] = line.split(separator: "\t")
                if f.count >= 3 && f[1] == "核实结果" { rounds.append(String(f[2])) }
            }
            #expect(
                rounds == ["— → 核实失败", "核实失败 → 待核实", "待核实 → 核实失败", "核实失败 → 待核实", "待核实 → 核实成功"],
                "\(show)")
        }
        // Nothing left to send either way.
        #expect(try t1.run(["outbox", "-o", tmp.path("none")]).stdout.isEmpty)
        #expect(try prison.run(["outbox", "-o", tmp.path("none")]).stdout.isEmpty)

        // 千佛山 never verified 乙5: on 20 January it is overdue there, and first in the list.
        t2.day = "2027-01-20"
        let due3 = try t2.due()
        #expect(
            due3.first?.hasPrefix("逾期\t2027-01-19\t待核实\t") == true
                && due3.first?.hasSuffix("已等待 16 天（自 2027-01-04 起）") == true, "\(due3)")
        // 千佛山 answers from its ledger instead (the same columns): the result goes to the prison all the same.
        try "姓名,公民身份号码,核实结果,司法所帮教建议\n乙5,\(Self.id(5)),核实成功,建议技能培训\n".write(
            toFile: tmp.path("ledger.csv"), atomically: true, encoding: .utf8)
        try t2.run(["import", "--source", "office", tmp.path("ledger.csv")])
        prison.day = "2027-01-20"
        let fromLedger = try deliver(t2, prison, code: "J3701", tmp)
        #expect(fromLedger.sent.contains("\tresults 1\t"), "\(fromLedger.sent)")
        #expect(fromLedger.received.contains("乙5\t核实成功"), "\(fromLedger.received)")
        #expect(try prison.names(status: "核实成功") == ["乙5", "甲1", "甲2", "甲3", "甲4"])
        // A failure from the ledger without its reason is kept, with a warning: the prison needs the reason.
        try "姓名,公民身份号码,核实结果\n乙5,\(Self.id(5)),核实失败\n".write(
            toFile: tmp.path("ledger2.csv"), atomically: true, encoding: .utf8)
        let warned = try t2.run(["import", "--source", "office", tmp.path("ledger2.csv")])
        #expect(warned.stderr.contains("warning: [verification-reason-missing]"), "\(warned.stderr)")
        // The forms print: 核实单 and 回执 of 甲1 at 解放路.
        for kind in ["verification", "receipt"] {
            try t1.run(["print", kind, h[0], "-o", tmp.path("\(kind).xlsx")])
        }
        let reader = try XLSXReader(path: tmp.path("verification.xlsx"))
        let rows = try reader.rows(of: reader.defaultSheet())
        var cells: [String] = []
        while let row = try rows.next() { cells += row.cells.map { CellText.string($0.value) } }
        #expect(cells.first == "刑满释放人员信息核实单")
        #expect(cells.contains("核实结果") && cells.contains("核实成功") && cells.contains("家属配合，建议落实帮教小组"))
        #expect(cells.contains(Self.id(1)), "the form identifies the person in full")
        let receipt = try XLSXReader(path: tmp.path("receipt.xlsx"))
        let receiptRows = try receipt.rows(of: receipt.defaultSheet())
        var receiptCells: [String] = []
        while let row = try receiptRows.next() { receiptCells += row.cells.map { CellText.string($0.value) } }
        #expect(receiptCells.first == "刑满释放人员接回回执")
        #expect(receiptCells.contains("接回人") && receiptCells.contains("甲父") && receiptCells.contains("济南监狱大门"))
        // Every font of the forms is at least 10 pt, and each prints on one A4 portrait page.
        for kind in ["verification", "receipt"] {
            let zip = try ZipArchiveReader(path: tmp.path("\(kind).xlsx"), displayName: kind, limits: ZipLimits())
            let styles = String(
                decoding: try zip.read(zip.entries.first { $0.name == "xl/styles.xml" }!), as: UTF8.self)
            let sizes = styles.matches(of: /<sz val="([0-9.]+)"\/>/).map { Double($0.1)! }
            #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 10 }, "\(sizes)")
            guard let soffice = SofficeCLI.path else {
                print(SofficeCLI.missing)
                continue
            }
            let pdf = try SofficeCLI.convertToPDF(tmp.path("\(kind).xlsx"), soffice: soffice, in: tmp)
            #expect(pdf.pages == 1 && pdf.a4Portrait, "\(kind): \(pdf)")
        }
    }

    /// A prison enrolled by the province learns the 司法所 from the directories that go up each level and back
    /// down, and then exchanges with it directly: people down, answers back.
    @Test func aPrisonEnrolledByTheProvinceExchangesWithTheTownshipDirectly() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let province = Office(tmp, "province.sqlite")
        let city = Office(tmp, "city.sqlite")
        let county = Office(tmp, "county.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let prison = Office(tmp, "prison.sqlite")
        try province.run(["init", "--office", "370000", "--name", "山东省安帮办", "--level", "省", "--region", "370000"])
        for (superior, office, code, name, level, region) in [
            (province, city, "370100", "济南市安帮办", "地市", "370100"),
            (province, prison, "J3701", "济南监狱", "监狱", ""),
            (city, county, "370102", "历下区安帮办", "区县", "370102"),
            (county, t1, "370102001", "解放路司法所", "司法所", "370102001"),
        ] {
            try superior.run(
                ["office", "add", "--code", code, "--name", name, "--level", level, "-o", tmp.path("e-\(code).zip")]
                    + (region.isEmpty ? [] : ["--region", region]))
            try office.run(["init", "--enroll", tmp.path("e-\(code).zip"), "-o", tmp.path("r-\(code).zip")])
            try superior.run(["import", tmp.path("r-\(code).zip")])
        }
        // Up: the county tells the city of 解放路, the city tells the province of both. Down: the province tells
        // the prison and the city, and so on to 解放路.
        try deliver(county, city, code: "370100", tmp)
        try deliver(city, province, code: "370000", tmp)
        try deliver(province, prison, code: "J3701", tmp)
        try deliver(province, city, code: "370100", tmp)
        try deliver(city, county, code: "370102", tmp)
        try deliver(county, t1, code: "370102001", tmp)
        #expect(try prison.run(["office", "list"]).stdout.contains("370102001\t解放路司法所"))

        try "姓名,公民身份号码,户籍地区划代码\n甲1,\(Self.id(1)),370102001\n".write(
            toFile: tmp.path("inmates.csv"), atomically: true, encoding: .utf8)
        try prison.run(["import", tmp.path("inmates.csv")])
        let down = try deliver(prison, t1, code: "370102001", tmp)
        #expect(down.sent.hasPrefix("370102001\t解放路司法所\tpeople\tpeople 1\t"), "\(down.sent)")
        try t1.run(["verify", "#1", "--fail", "--reason", "查无此人"])
        let up = try deliver(t1, prison, code: "J3701", tmp)
        #expect(up.received.contains("甲1\t核实失败\t原因 (reason): 查无此人"), "\(up.received)")
    }

    @Test func releasedPeopleAwaitHandOverAndAVisit() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let t1 = Office(tmp, "t1.sqlite")
        t1.day = "2027-03-12"
        try t1.run([
            "init", "--office", "370102001", "--name", "解放路司法所", "--level", "township", "--region", "370102001",
        ])
        var ledger = "姓名,公民身份号码,户籍地区划代码,释放日期,衔接日期\n"
        ledger += "丙1,\(Self.id(1)),370102001,2027-03-01,\n"  // no hand-over, no visit
        ledger += "丙2,\(Self.id(2)),370102001,2027-03-02,2027-03-03\n"  // handed over, not visited
        ledger += "丙3,\(Self.id(3)),370102001,2027-03-08,2027-03-08\n"  // visited below
        try ledger.write(toFile: tmp.path("ledger.csv"), atomically: true, encoding: .utf8)
        try t1.run(["import", "--source", "migration", tmp.path("ledger.csv")])
        try "公民身份号码,走访日期,走访人,走访情况\n\(Self.id(3)),2027-03-10,王五,在家\n".write(
            toFile: tmp.path("visits.csv"), atomically: true, encoding: .utf8)
        try t1.run(["import", "--source", "office", tmp.path("visits.csv")])
        let due = try t1.due(within: 7)
        #expect(
            due == [
                "逾期\t2027-03-08\t刑满释放后未衔接\t#1\t丙1\t释放于 2027-03-01",
                "逾期\t2027-03-08\t回归后未走访\t#1\t丙1\t回归于 2027-03-01",
                "逾期\t2027-03-10\t回归后未走访\t#2\t丙2\t回归于 2027-03-03",
            ], "\(due)")
        let json = try t1.run(["due", "--json", "--within", "7"]).stdout
        let items = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        #expect(items.count == 3 && items[0]["kind"] as? String == "handover" && items[0]["overdue"] as? Bool == true)
        #expect(items[0]["handle"] as? String == "#1" && items[0]["deadline"] as? String == "2027-03-08")
    }
}

/// LibreOffice as the test's printer: converts a workbook to PDF and reads the page count and size.
enum SofficeCLI {
    static let path: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let missing =
        "LibreOffice (soffice) is not installed: run Scripts/setup.sh --test to enable the print checks"

    struct PDF: CustomStringConvertible {
        var pages: Int
        /// The first page's MediaBox width and height in points.
        var size: (Double, Double)
        /// Every page's MediaBox, in the order the file holds them.
        var sizes: [(Double, Double)] = []
        var a4Portrait: Bool { abs(size.0 - 595.3) < 2 && abs(size.1 - 841.9) < 2 }
        /// A4 across: 842 × 595 pt.
        static func isA4Landscape(_ size: (Double, Double)) -> Bool {
            abs(size.0 - 841.9) < 2 && abs(size.1 - 595.3) < 2
        }
        var description: String { "\(pages) pages of \(size.0) × \(size.1) pt (all: \(sizes))" }
    }

    /// Converts `file` with LibreOffice into a fresh folder; returns the converted file's path.
    static func convert(_ file: String, to format: String, soffice: String, in tmp: Scratch) throws -> String {
        let out = tmp.path("lo-\(UUID().uuidString.prefix(8))")
        let profile = "file://" + tmp.path("lo-profile")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = [
            "-env:UserInstallation=\(profile)", "--headless", "--convert-to", format, "--outdir", out, file,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return out + "/" + ((file as NSString).lastPathComponent as NSString).deletingPathExtension + "." + format
    }

    static func convertToPDF(_ file: String, soffice: String, in tmp: Scratch) throws -> PDF {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try convert(file, to: "pdf", soffice: soffice, in: tmp)))
        let text = String(decoding: bytes, as: Unicode.ASCII.self)
        let pages = text.matches(of: /\/Type\s*\/Page[^s]/).count
        let sizes = text.matches(of: /\/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]/).map {
            (Double($0.1) ?? 0, Double($0.2) ?? 0)
        }
        return PDF(pages: pages, size: sizes.first ?? (0, 0), sizes: sizes)
    }
}
