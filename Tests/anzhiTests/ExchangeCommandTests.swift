import AnzhiCore
import AnzhiExchange
import Foundation
import Spreadsheet
import Testing

/// Top-down enrolment through the CLI, on real database files: a county enrols a township and a prison.
@Suite struct ExchangeCommandTests {
    static let templates = CLI.packageRoot.appendingPathComponent("Templates").path

    func db(_ tmp: Scratch, _ name: String) -> [String] {
        ["--db", tmp.path(name), "--templates", ExchangeCommandTests.templates]
    }

    @Test func aCountyEnrolsATownshipAndEachKnowsTheOthersKeys() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let county = db(tmp, "county.sqlite")
        let town = db(tmp, "town.sqlite")
        let made = try CLI.run(
            ["init", "--office", "370102", "--name", "历下区安帮办", "--level", "区县", "--region", "370102"] + county)
        #expect(made.status == 0, "\(made.stderr)")
        let keyMode =
            try FileManager.default.attributesOfItem(atPath: tmp.path("county.sqlite.key"))[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let add = try CLI.run(
            [
                "office", "add", "--code", "370102001", "--name", "解放路司法所", "--level", "司法所",
                "--region", "370102001", "-o", tmp.path("enrol.zip"),
            ] + county)
        #expect(add.status == 0, "\(add.stderr)")
        // Not a direct subordinate, or outside the region: refused.
        let wrong = try CLI.run(
            [
                "office", "add", "--code", "3701", "--name", "x", "--level", "地市", "--region", "370100",
                "-o", tmp.path("x.zip"),
            ] + county)
        #expect(wrong.status == 64)
        let outside = try CLI.run(
            [
                "office", "add", "--code", "370103001", "--name", "x", "--level", "司法所", "--region", "370103001",
                "-o", tmp.path("y.zip"),
            ] + county)
        #expect(outside.status == 64 && outside.stderr.contains("outside this office's jurisdiction"))

        let enrolled = try CLI.run(["init", "--enroll", tmp.path("enrol.zip"), "-o", tmp.path("reply.zip")] + town)
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let townPrint = enrolled.stdout.split(separator: "\n").first { $0.hasPrefix("key fingerprint ") }?.dropFirst(16)
        // Before the reply, the county knows the township without keys.
        #expect(
            try CLI.run(["office", "list"] + county).stdout.contains("370102001\t解放路司法所\t乡镇(街道)司法所\t370102\t（待回复）"))
        let reply = try CLI.run(["import", tmp.path("reply.zip")] + county)
        #expect(reply.status == 0 && reply.stdout.contains("enrolled 解放路司法所 (370102001"), "\(reply.stderr)")
        let countyList = try CLI.run(["office", "list"] + county).stdout
        let townList = try CLI.run(["office", "list"] + town).stdout
        // Both directories hold both offices with the same fingerprints.
        for line in ["370102\t历下区安帮办", "370102001\t解放路司法所"] {
            let a = countyList.split(separator: "\n").first { $0.hasPrefix(line) }?.split(separator: "\t")[4]
            let b = townList.split(separator: "\n").first { $0.hasPrefix(line) }?.split(separator: "\t")[4]
            #expect(a != nil && a == b, "\(line)")
        }
        #expect(countyList.contains("\t\(townPrint ?? "?")\t"))
        let show = try CLI.run(["office", "show", "370102", "--lang", "zh"] + town)
        #expect(show.stdout.contains("名称\t历下区安帮办") && show.stdout.contains("级别\t区县"))
        // The secret is spent: the same reply again is refused, and nothing changes.
        let again = try CLI.run(["import", tmp.path("reply.zip")] + county)
        #expect(again.status == 2 && again.stderr.contains("[enrolment] no open enrolment for office 370102001"))
        // A reply for an enrolment that was never written is refused.
        let stranger = try CLI.run(
            ["init", "--enroll", tmp.path("enrol.zip"), "-o", tmp.path("reply2.zip")] + db(tmp, "t2.sqlite"))
        #expect(stranger.status == 0)
        let spent = try CLI.run(["import", tmp.path("reply2.zip")] + county)
        #expect(spent.status == 2 && spent.stderr.contains("[enrolment]"))
    }

    @Test func aKeyFileThatOthersCanReadIsRefused() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let county = db(tmp, "county.sqlite")
        _ = try CLI.run(
            ["init", "--office", "370102", "--name", "历下区安帮办", "--level", "区县", "--region", "370102"] + county)
        chmod(tmp.path("county.sqlite.key"), 0o644)
        let add = try CLI.run(
            [
                "office", "add", "--code", "370102001", "--name", "解放路司法所", "--level", "司法所",
                "--region", "370102001", "-o", tmp.path("enrol.zip"),
            ] + county)
        #expect(
            add.status == 2 && add.stderr.contains("[key-file] the key file can be read by others (mode 644)"),
            "\(add.stderr)")
    }
}

/// The exchange end to end on real database files: a county enrols two townships and a prison; the prison imports
/// its inmates and sends each to the township of their 户籍; the county routes its own batch down; a second run
/// of every outbox writes nothing new; a package imported twice is a no-op.
@Suite struct ExchangeScenarioTests {
    static let templates = ExchangeCommandTests.templates

    struct Office {
        let db: [String]
        init(_ tmp: Scratch, _ name: String) {
            db = ["--db", tmp.path(name), "--templates", ExchangeScenarioTests.templates]
        }
        func run(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Result {
            let r = try CLI.run(args + db)
            #expect(r.status == 0, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
            return r
        }
    }

    @Test func peopleTravelDownToTheTownshipOfTheir户籍() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let county = Office(tmp, "county.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let t2 = Office(tmp, "t2.sqlite")
        let prison = Office(tmp, "prison.sqlite")
        _ = try county.run([
            "init", "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102",
        ])
        for (code, name, level, region, office) in [
            ("370102001", "解放路司法所", "township", "370102001", t1),
            ("370102002", "千佛山司法所", "township", "370102002", t2),
            ("J3701", "济南监狱", "prison", "", prison),
        ] {
            _ = try county.run(
                ["office", "add", "--code", code, "--name", name, "--level", level, "-o", tmp.path("e-\(code).zip")]
                    + (region.isEmpty ? [] : ["--region", region]))
            _ = try office.run(["init", "--enroll", tmp.path("e-\(code).zip"), "-o", tmp.path("r-\(code).zip")])
            _ = try county.run(["import", tmp.path("r-\(code).zip")])
        }
        // The county's first outbox tells each subordinate whom it may trust; no people yet.
        let first = try county.run(["outbox", "-o", tmp.path("out-county")])
        #expect(first.stdout.split(separator: "\n").count == 3, "\(first.stdout)")
        _ = try prison.run(["import", tmp.path("out-county/370102-J3701-1.zip")])
        #expect(try prison.run(["office", "list"]).stdout.contains("370102002\t千佛山司法所"))

        // The prison's inmates: three of 解放路, two of 千佛山, one of another county (no office it knows).
        func id(_ n: Int) -> String { RegisterCommandTests.id("1980010\(n)", "12\(n)") }
        var sheet = "姓名,公民身份号码,户籍地区划代码,罪名,服刑场所\n"
        for n in 1...3 { sheet += "甲\(n),\(id(n)),370102001,盗窃罪,济南监狱\n" }
        for n in 4...5 { sheet += "乙\(n),\(id(n)),370102002,诈骗罪,济南监狱\n" }
        sheet += "丙,\(RegisterCommandTests.id("19800106", "126", "370103")),370103002,抢劫罪,济南监狱\n"
        try sheet.write(toFile: tmp.path("inmates.csv"), atomically: true, encoding: .utf8)
        _ = try prison.run(["import", tmp.path("inmates.csv")])
        let sent = try prison.run(["outbox", "-o", tmp.path("out-prison")])
        let lines = sent.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(sent.stdout)")
        #expect(lines.contains { $0.hasPrefix("370102001\t解放路司法所\tpeople\tpeople 3\t") })
        #expect(lines.contains { $0.hasPrefix("370102002\t千佛山司法所\tpeople\tpeople 2\t") })
        // Nothing new: a second run writes nothing.
        let again = try prison.run(["outbox", "-o", tmp.path("out-prison")])
        #expect(again.stdout.isEmpty && again.stderr == "nothing new to send\n")

        // Each township holds exactly its people, with history naming the package.
        _ = try t1.run(["import", tmp.path("out-county/370102-370102001-1.zip")])
        let got = try t1.run(["import", tmp.path("out-prison/J3701-370102001-1.zip")])
        #expect(got.stdout.contains("3 rows read: 3 inserted"), "\(got.stdout)")
        #expect(
            try t1.run(["persons", "list"]).stdout.split(separator: "\n").map { String($0.split(separator: "\t")[1]) }
                == ["甲1", "甲2", "甲3"])
        let show = try t1.run(["persons", "show", id(1)])
        #expect(show.stdout.contains("package J3701#1 (J3701-370102001-1.zip)"), "\(show.stdout)")
        // The history at the prison came along: the record's creation from the inmate sheet, row 2.
        #expect(show.stdout.contains("J3701: \(tmp.path("inmates.csv")):2"), "\(show.stdout)")
        // 千佛山 has not yet imported the county's package that names the prison: the prison is unknown there.
        let unknown = try CLI.run(["import", tmp.path("out-prison/J3701-370102002-1.zip")] + t2.db)
        #expect(
            unknown.status == 2 && unknown.stderr.contains("[unknown-sender] the sender, office J3701, is not known"))
        _ = try t2.run(["import", tmp.path("out-county/370102-370102002-1.zip")])
        _ = try t2.run(["import", tmp.path("out-prison/J3701-370102002-1.zip")])
        #expect(try t2.run(["persons", "list"]).stdout.split(separator: "\n").count == 2)
        // 甲3 moves to 千佛山 (迁出): 解放路's old ledger, loaded as it stands, carries the new 户籍. 解放路 keeps 甲3
        // as exited (迁出) and its next outbox sends 甲3 to 千佛山, which it knows from the county's directory.
        try "姓名,公民身份号码,户籍地区划代码\n甲3,\(id(3)),370102002\n".write(
            toFile: tmp.path("moved.csv"), atomically: true, encoding: .utf8)
        let moved = try t1.run(["import", "--source", "migration", "--verbose", tmp.path("moved.csv")])
        #expect(moved.stdout.contains("1 rows read: 0 inserted, 1 updated"), "\(moved.stdout)")
        #expect(moved.stderr.contains("[moved-out] 户籍 moved to 370102002 (千佛山街道)"), "\(moved.stderr)")
        let gone = try t1.run(["persons", "show", id(3)]).stdout
        #expect(gone.contains("注销日期\t2026-11-29") && gone.contains("注销原因\t迁出"))
        #expect(try t1.run(["persons", "list", "--status", "已注销"]).stdout.contains("\t甲3\t"))
        let forward = try t1.run(["outbox", "-o", tmp.path("out-t1")])
        #expect(forward.stdout.hasPrefix("370102002\t千佛山司法所\tpeople\tpeople 1\t"), "\(forward.stdout)")
        // 千佛山 receives 甲3 from 解放路 (it learnt 解放路's keys from the county's directory), not as exited.
        let fromT1 = try CLI.run(["import", tmp.path("out-t1/370102001-370102002-1.zip")] + t2.db)
        #expect(fromT1.status == 0, "\(fromT1.stderr)")
        let arrived = try t2.run(["persons", "show", id(3)]).stdout
        // Its fields carry no exit (the history says it left 解放路, as it did).
        let fields = arrived.split(separator: "\n")
        #expect(fields.contains("户籍地区划代码\t370102002") && !fields.contains { $0.hasPrefix("注销原因\t") }, "\(arrived)")
        #expect(arrived.contains("注销原因\t— → 迁出\t370102001: "), "the move is in the history that came along")
        #expect(try t2.run(["persons", "list", "--status", "在押"]).stdout.split(separator: "\n").count == 3)

        // The same package again is a no-op that says so.
        let twice = try t1.run(["import", tmp.path("out-prison/J3701-370102001-1.zip")])
        #expect(twice.stdout.contains("was imported before; nothing to do"))
        // A package for another township is refused there, and nothing changes.
        let wrong = try CLI.run(["import", tmp.path("out-prison/J3701-370102002-1.zip")] + t1.db)
        #expect(wrong.status == 2 && wrong.stderr.contains("[wrong-recipient]"))

        // The county routes its own batch down; a changed person goes again, unchanged ones do not.
        try sheet.write(toFile: tmp.path("county-batch.csv"), atomically: true, encoding: .utf8)
        _ = try county.run(["import", tmp.path("county-batch.csv")])
        let routed = try county.run(["outbox", "-o", tmp.path("out-county")])
        #expect(routed.stdout.contains("370102001\t解放路司法所\tpeople\tpeople 3\toffices 0\t#2"), "\(routed.stdout)")
        try sheet.replacingOccurrences(of: "甲1,", with: "甲一,").write(
            toFile: tmp.path("county-batch2.csv"), atomically: true, encoding: .utf8)
        _ = try county.run(["import", tmp.path("county-batch2.csv")])
        let changed = try county.run(["outbox", "-o", tmp.path("out-county"), "--to", "370102001"])
        #expect(changed.stdout.contains("people 1\toffices 0\t#3"), "\(changed.stdout)")
        // Packages 2 and 3 from the county: importing 3 first warns of the gap.
        let gap = try CLI.run(["import", tmp.path("out-county/370102-370102001-3.zip")] + t1.db)
        #expect(gap.stderr.contains("[package-gap] packages 2 from 370102 have not been imported"), "\(gap.stderr)")
    }
}

/// The whole hierarchy on real database files: central → province → city → county → two 司法所, and a prison
/// enrolled by the province. The prison knows only the offices above the county, so its people travel down hop by
/// hop, each office routing to the subordinate whose region covers the 户籍.
@Suite struct ExchangeHierarchyTests {
    typealias Office = ExchangeScenarioTests.Office

    @Test func peopleTravelFromAPrisonDownTheWholeHierarchy() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let central = Office(tmp, "central.sqlite")
        let province = Office(tmp, "province.sqlite")
        let city = Office(tmp, "city.sqlite")
        let county = Office(tmp, "county.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let t2 = Office(tmp, "t2.sqlite")
        let prison = Office(tmp, "prison.sqlite")
        _ = try central.run(["init", "--office", "000000", "--name", "中央安帮办", "--level", "中央"])
        func enrol(
            _ superior: Office, _ office: Office, _ code: String, _ name: String, _ level: String, _ region: String?
        ) throws {
            _ = try superior.run(
                ["office", "add", "--code", code, "--name", name, "--level", level, "-o", tmp.path("e-\(code).zip")]
                    + (region.map { ["--region", $0] } ?? []))
            _ = try office.run(["init", "--enroll", tmp.path("e-\(code).zip"), "-o", tmp.path("r-\(code).zip")])
            _ = try superior.run(["import", tmp.path("r-\(code).zip")])
        }
        try enrol(central, province, "370000", "山东省安帮办", "省", "370000")
        try enrol(province, city, "370100", "济南市安帮办", "地市", "370100")
        try enrol(province, prison, "J3701", "济南监狱", "监狱", nil)
        try enrol(city, county, "370102", "历下区安帮办", "区县", "370102")
        try enrol(county, t1, "370102001", "解放路司法所", "司法所", "370102001")
        try enrol(county, t2, "370102002", "千佛山司法所", "司法所", "370102002")
        // Directories go down: the prison learns whom it may send to from the province.
        func deliver(_ from: Office, _ folder: String, to recipients: [(Office, String)]) throws {
            _ = try from.run(["outbox", "-o", tmp.path(folder)])
            for (office, code) in recipients {
                let files = try FileManager.default.contentsOfDirectory(atPath: tmp.path(folder)).filter {
                    $0.contains("-\(code)-")
                }.sorted()
                for f in files { _ = try office.run(["import", tmp.path("\(folder)/\(f)")]) }
            }
        }
        try deliver(province, "p0", to: [(prison, "J3701"), (city, "370100")])

        func id(_ n: Int) -> String { RegisterCommandTests.id("1980010\(n)", "12\(n)") }
        var sheet = "姓名,公民身份号码,户籍地区划代码,罪名\n"
        for n in 1...3 { sheet += "甲\(n),\(id(n)),370102001,盗窃罪\n" }
        for n in 4...5 { sheet += "乙\(n),\(id(n)),370102002,诈骗罪\n" }
        try sheet.write(toFile: tmp.path("inmates.csv"), atomically: true, encoding: .utf8)
        _ = try prison.run(["import", tmp.path("inmates.csv")])
        // The prison knows the city (the lowest office covering 370102…): all five go there.
        let sent = try prison.run(["outbox", "-o", tmp.path("prison-out")])
        #expect(sent.stdout.hasPrefix("370100\t济南市安帮办\tpeople\tpeople 5\t"), "\(sent.stdout)")
        _ = try city.run(["import", tmp.path("prison-out/J3701-370100-1.zip")])
        try deliver(city, "c1", to: [(county, "370102")])
        try deliver(county, "k1", to: [(t1, "370102001"), (t2, "370102002")])
        func names(_ o: Office) throws -> [String] {
            try o.run(["persons", "list"]).stdout.split(separator: "\n").map { String($0.split(separator: "\t")[1]) }
                .sorted()
        }
        #expect(try names(t1) == ["甲1", "甲2", "甲3"])
        #expect(try names(t2) == ["乙4", "乙5"])
        #expect(try names(county).count == 5 && names(city).count == 5 && names(province).isEmpty)
        let show = try t1.run(["persons", "show", id(1)]).stdout
        #expect(show.contains("package 370102#"), "the township's history names the county's package")
        #expect(show.contains("J3701: \(tmp.path("inmates.csv")):2"), "and carries the prison's own history")
        // Every outbox once more (the centre and the townships have not sent yet), then a second run writes nothing.
        for o in [central, province, city, county, prison, t1, t2] {
            _ = try o.run(["outbox", "-o", tmp.path("once")])
        }
        for o in [central, province, city, county, prison, t1, t2] {
            #expect(try o.run(["outbox", "-o", tmp.path("again")]).stdout.isEmpty)
        }
    }
}

/// Every refusal through the CLI leaves the recipient's database byte for byte as it was.
@Suite struct PackageRefusalCommandTests {
    typealias Office = ExchangeScenarioTests.Office

    /// Rewrites a zip's entries.
    func rewrite(_ source: String, to path: String, _ change: (inout [(String, [UInt8])]) -> Void) throws {
        let zip = try ZipArchiveReader(path: source, displayName: source, limits: ZipLimits())
        var entries = try zip.entries.map { ($0.name, try zip.read($0)) }
        change(&entries)
        let out = try ZipArchiveWriter(path: path)
        for (name, bytes) in entries { try out.add(name, bytes: bytes) }
        try out.close()
    }

    /// The people of a package and the history that came with them are one transaction: a history part that cannot
    /// be read (here an unterminated quoted field, in a package the county signed) imports neither; nor does a
    /// people part that is no workbook.
    @Test func aBrokenHistoryImportsNoPeople() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let county = Office(tmp, "county.sqlite")
        let town = Office(tmp, "t1.sqlite")
        _ = try county.run([
            "init", "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102",
        ])
        _ = try county.run([
            "office", "add", "--code", "370102001", "--name", "解放路司法所", "--level", "township", "--region",
            "370102001", "-o", tmp.path("e.zip"),
        ])
        _ = try town.run(["init", "--enroll", tmp.path("e.zip"), "-o", tmp.path("r.zip")])
        _ = try county.run(["import", tmp.path("r.zip")])
        try "姓名,公民身份号码,户籍地区划代码\n张三,\(RegisterCommandTests.id("19800101", "123")),370102001\n"
            .write(toFile: tmp.path("b.csv"), atomically: true, encoding: .utf8)
        _ = try county.run(["import", tmp.path("b.csv")])
        _ = try county.run(["outbox", "-o", tmp.path("out")])
        // The county's package, opened with the township's key and sealed again by the county with a broken history.
        let countyKeys = try OfficeKeys.load(from: tmp.path("county.sqlite.key"))
        let townKeys = try OfficeKeys.load(from: tmp.path("t1.sqlite.key"))
        let schema = try FileBytes.read(CLI.packageRoot.appendingPathComponent("Templates/package/package.xsd").path)
        let opened = try UpdatePackage.open(
            path: tmp.path("out/370102-370102001-1.zip"), displayName: "p.zip", schema: schema, recipient: "370102001",
            keys: townKeys
        ) { _, _ in countyKeys.signingPublic }
        #expect(opened.parts["payload/history.csv"] != nil)
        /// The package again, sealed by the county with one part replaced.
        func resealed(_ file: String, replacing name: String, with bytes: String) throws -> String {
            let parts = opened.parts.filter { $0.key.hasPrefix("payload/") }.sorted { $0.key < $1.key }.map {
                PackagePart(
                    name: $0.key, bytes: $0.key == name ? Array(bytes.utf8) : $0.value,
                    sealed: $0.key != "payload/directory.xml")
            }
            try UpdatePackage.write(
                to: tmp.path(file), kind: .people,
                sender: AnzhiCore.Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102"),
                keys: countyKeys, recipient: "370102001", recipientAgreementKey: townKeys.agreementPublic, sequence: 1,
                parts: parts, created: "2026-11-29T08:00:00Z")
            return tmp.path(file)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: tmp.path("t1.sqlite")))
        for (file, part, bytes, code) in [
            ("broken.zip", "payload/history.csv", "key,field,old,new,source,changed_at\nx,\"broken", "part-altered"),
            // The decrypted sheet is opened from memory: what is not a workbook is said as for a file.
            ("sheet.zip", "payload/people.xlsx", "not a workbook", "damaged-zip"),
        ] {
            let r = try CLI.run(["import", try resealed(file, replacing: part, with: bytes)] + town.db)
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains("[\(code)]"), "\(r.stderr)")
            if code == "part-altered" { #expect(r.stderr.contains(part), "\(r.stderr)") }
            #expect(r.stderr.hasSuffix("; nothing was imported\n"), "\(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.path("t1.sqlite"))) == before)
            #expect(try town.run(["persons", "list"]).stdout.isEmpty)
        }
        // The county's own package imports, people and history together.
        _ = try town.run(["import", tmp.path("out/370102-370102001-1.zip")])
        let show = try town.run(["persons", "show", RegisterCommandTests.id("19800101", "123")]).stdout
        #expect(show.contains("370102: "), "the history that came along: \(show)")
    }

    @Test func refusedPackagesChangeNothing() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let county = Office(tmp, "county.sqlite")
        let t1 = Office(tmp, "t1.sqlite")
        let t2 = Office(tmp, "t2.sqlite")
        _ = try county.run([
            "init", "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102",
        ])
        for (code, office) in [("370102001", t1), ("370102002", t2)] {
            _ = try county.run([
                "office", "add", "--code", code, "--name", "司法所\(code)", "--level", "township", "--region", code,
                "-o", tmp.path("e\(code).zip"),
            ])
            _ = try office.run(["init", "--enroll", tmp.path("e\(code).zip"), "-o", tmp.path("r\(code).zip")])
            _ = try county.run(["import", tmp.path("r\(code).zip")])
        }
        try
            "姓名,公民身份号码,户籍地区划代码\n张三,\(RegisterCommandTests.id("19800101", "123")),370102001\n李四,\(RegisterCommandTests.id("19800202", "135")),370102002\n"
            .write(toFile: tmp.path("b.csv"), atomically: true, encoding: .utf8)
        _ = try county.run(["import", tmp.path("b.csv")])
        _ = try county.run(["outbox", "-o", tmp.path("out")])
        let good = tmp.path("out/370102-370102001-1.zip")
        var cases: [(String, String)] = [(tmp.path("out/370102-370102002-1.zip"), "wrong-recipient")]
        func variant(_ name: String, _ code: String, _ change: (inout [(String, [UInt8])]) -> Void) throws {
            try rewrite(good, to: tmp.path(name), change)
            cases.append((tmp.path(name), code))
        }
        try variant("extra.zip", "extra-part") { $0.append(("payload/x.txt", Array("x".utf8))) }
        try variant("missing.zip", "missing-part") { $0.removeAll { $0.0 == "payload/history.csv" } }
        try variant("altered.zip", "part-altered") { e in
            let i = e.firstIndex { $0.0 == "payload/people.xlsx" }!
            e[i].1[100] ^= 0xFF
        }
        try variant("traversal.zip", "unsafe-name") { $0.append(("../evil", Array("x".utf8))) }
        try variant("dtd.zip", "manifest-dtd") { e in
            e[0].1 = Array(
                String(decoding: e[0].1, as: UTF8.self)
                    .replacingOccurrences(of: "<package ", with: "<!DOCTYPE package [<!ENTITY a \"b\">]>\n<package ")
                    .utf8)
        }
        try variant("resigned.zip", "bad-signature") { e in
            e[0].1 = Array(
                String(decoding: e[0].1, as: UTF8.self).replacingOccurrences(of: "<sequence>1<", with: "<sequence>7<")
                    .utf8)
        }
        try variant("absolute.zip", "unsafe-name") { $0.append(("/etc/evil", Array("x".utf8))) }
        func manifest(_ name: String, _ code: String, _ from: String, _ to: String) throws {
            try variant(name, code) { e in
                e[0].1 = Array(String(decoding: e[0].1, as: UTF8.self).replacingOccurrences(of: from, with: to).utf8)
            }
        }
        try manifest("version.zip", "unsupported-version", "version=\"1\" kind", "version=\"2\" kind")
        try manifest("suite.zip", "unsupported-suite", "chacha20poly1305", "aes256gcm")
        try manifest("schema.zip", "manifest-invalid", "<sequence>1</sequence>", "<sequence>-1</sequence>")
        // A part that inflates past its declared size (a zip bomb in small): refused as it grows.
        try variant("bomb.zip", "oversized-part") { e in
            let i = e.firstIndex { $0.0 == "payload/history.csv" }!
            e[i].1 += [UInt8](repeating: 0, count: 4 << 20)
        }
        // (A sender the township does not know is refused in ExchangeScenarioTests, where 千佛山 has not yet learnt the
        // prison.)
        let before = try Data(contentsOf: URL(fileURLWithPath: tmp.path("t1.sqlite")))
        for (path, code) in cases {
            let r = try CLI.run(["import", path] + t1.db)
            #expect(
                r.status == 2 && r.stderr.contains("[\(code)]") && r.stderr.hasSuffix("; nothing was imported\n"),
                "\(code): \(r.stderr)")
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: tmp.path("t1.sqlite"))) == before,
                "\(code) changed the database")
        }
        #expect(try t1.run(["persons", "list"]).stdout.isEmpty)
        // And the good one still imports.
        _ = try t1.run(["import", good])
        #expect(try t1.run(["persons", "list"]).stdout.contains("\t张三\t"))
    }
}
