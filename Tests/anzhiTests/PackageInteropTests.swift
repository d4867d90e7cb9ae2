import Foundation
import Testing

/// docs/package-format.md is enough for a second implementation: `Tests/Fixtures/packages/independent.py`, written
/// from it alone (cryptography, pyhpke, lxml), opens the worked example and a package anzhi just wrote, and makes a
/// package that anzhi imports.
@Suite struct PackageInteropTests {
    static let folder = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/packages").path
    static let schema = CLI.packageRoot.appendingPathComponent("Templates/package/package.xsd").path
    static let hasPython: Bool = {
        (try? CLI.runShell("python3 -c 'import cryptography, pyhpke, lxml'").status) == 0
    }()
    static let missing =
        "python3 with cryptography, pyhpke and lxml is not installed: run Scripts/setup.sh --test to enable this test"

    /// A private copy of a fixture key file (git keeps them 0644, which Anzhi rightly refuses).
    func privateCopy(_ name: String, in tmp: Scratch) throws -> String {
        let target = tmp.path(name)
        try FileManager.default.copyItem(atPath: "\(PackageInteropTests.folder)/example/\(name)", toPath: target)
        chmod(target, 0o600)
        return target
    }

    func publicKey(_ file: String, _ label: String) throws -> String {
        let text = try String(contentsOfFile: "\(PackageInteropTests.folder)/example/\(file)", encoding: .utf8)
        return String(text.split(separator: "\n").first { $0.hasPrefix(label) }!.split(separator: "\t")[1])
    }

    @Test(.enabled(if: PackageInteropTests.hasPython, Comment(rawValue: PackageInteropTests.missing)))
    func theIndependentImplementationOpensTheWorkedExample() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let keys = try privateCopy("recipient.key", in: tmp)
        let r = try CLI.runShell(
            "python3 '\(PackageInteropTests.folder)/independent.py' open '\(PackageInteropTests.folder)/example/example.zip' "
                + "--keys '\(keys)' --sender-pub '\(try publicKey("sender.pub", "签名公钥"))' --recipient 370102001 "
                + "--schema '\(PackageInteropTests.schema)' --out '\(tmp.path("plain"))'")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"kind\": \"people\"") && r.stdout.contains("\"sequence\": 1"))
        let csv = try CLI.run(["sheet", "to-csv", tmp.path("plain/payload_people.xlsx")])
        #expect(csv.stdout.contains("张三,,女,,1949-12-31,11010519491231002X,,,370102001"))
        // The wrong recipient's key cannot open it.
        let wrong = try CLI.runShell(
            "python3 '\(PackageInteropTests.folder)/independent.py' open '\(PackageInteropTests.folder)/example/example.zip' "
                + "--keys '\(try privateCopy("sender.key", in: tmp))' --sender-pub '\(try publicKey("sender.pub", "签名公钥"))' "
                + "--recipient 370102001 --schema '\(PackageInteropTests.schema)' --out '\(tmp.path("x"))'")
        #expect(wrong.status == 1 && wrong.stderr.contains("refused [part-altered]"))
    }

    @Test(.enabled(if: PackageInteropTests.hasPython, Comment(rawValue: PackageInteropTests.missing)))
    func eachSideReadsWhatTheOtherWrites() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let t = ["--templates", CLI.packageRoot.appendingPathComponent("Templates").path]
        let county = ["--db", tmp.path("county.sqlite")] + t
        let town = ["--db", tmp.path("town.sqlite")] + t
        #expect(
            try CLI.run(
                ["init", "--office", "370102", "--name", "历下区安帮办", "--level", "county", "--region", "370102"] + county
            ).status == 0)
        _ = try CLI.run(
            [
                "office", "add", "--code", "370102001", "--name", "解放路司法所", "--level", "township", "--region",
                "370102001",
                "-o", tmp.path("e.zip"),
            ] + county)
        _ = try CLI.run(["init", "--enroll", tmp.path("e.zip"), "-o", tmp.path("r.zip")] + town)
        #expect(try CLI.run(["import", tmp.path("r.zip")] + county).status == 0)
        try "姓名,公民身份号码,户籍地区划代码\n张三,\(RegisterCommandTests.id("19800101", "123")),370102001\n"
            .write(toFile: tmp.path("b.csv"), atomically: true, encoding: .utf8)
        _ = try CLI.run(["import", tmp.path("b.csv")] + county)
        #expect(try CLI.run(["outbox", "-o", tmp.path("out")] + county).status == 0)
        let countyShow = try CLI.run(["office", "show", "370102", "--lang", "zh"] + town).stdout
        let countySigning = String(
            countyShow.split(separator: "\n").first { $0.hasPrefix("签名公钥") }!.split(separator: "\t")[1])
        // Python opens anzhi's package with the township's key.
        let opened = try CLI.runShell(
            "python3 '\(PackageInteropTests.folder)/independent.py' open '\(tmp.path("out/370102-370102001-1.zip"))' "
                + "--keys '\(tmp.path("town.sqlite.key"))' --sender-pub '\(countySigning)' --recipient 370102001 "
                + "--schema '\(PackageInteropTests.schema)' --out '\(tmp.path("plain"))'")
        #expect(opened.status == 0, "\(opened.stderr)")
        // The decrypted sheet is an ordinary workbook (strings inline): openpyxl reads the person from it.
        if (try? CLI.runShell("python3 -c 'import openpyxl'").status) == 0 {
            let read = try CLI.runShell(
                "python3 -c 'import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]; "
                    + "rows = list(ws.iter_rows(values_only=True)); print(rows[0][0], rows[0][5], rows[1][0], rows[1][5])' "
                    + "'\(tmp.path("plain/payload_people.xlsx"))'")
            #expect(
                read.stdout == "姓名 公民身份号码 张三 \(RegisterCommandTests.id("19800101", "123"))\n",
                "\(read.stdout)\(read.stderr)")
        }
        // Python, with the county's keys, makes package 2; anzhi at the township imports it after package 1.
        let townShow = try CLI.run(["office", "show", "370102001", "--lang", "zh"] + county).stdout
        let townAgreement = String(
            townShow.split(separator: "\n").first { $0.hasPrefix("加密公钥") }!.split(separator: "\t")[1])
        try "姓名,公民身份号码,户籍地区划代码,罪名\n李四,\(RegisterCommandTests.id("19800202", "135")),370102001,诈骗罪\n"
            .write(toFile: tmp.path("p2.csv"), atomically: true, encoding: .utf8)
        _ = try CLI.run([
            "sheet", "from-csv", tmp.path("p2.csv"), "-o", tmp.path("p2.xlsx"), "--text-columns", "公民身份号码",
        ])
        let made = try CLI.runShell(
            "python3 '\(PackageInteropTests.folder)/independent.py' make --keys '\(tmp.path("county.sqlite.key"))' --sender 370102 "
                + "--sender-level county --recipient 370102001 --recipient-agreement '\(townAgreement)' --sequence 2 "
                + "--part 'payload/people.xlsx=\(tmp.path("p2.xlsx")):sealed' -o '\(tmp.path("py.zip"))'")
        #expect(made.status == 0, "\(made.stderr)")
        let imported = try CLI.run(["import", tmp.path("out/370102-370102001-1.zip"), tmp.path("py.zip")] + town)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("package 370102#2 (py.zip): 1 rows read: 1 inserted"), "\(imported.stdout)")
        let names = try CLI.run(["persons", "list"] + town).stdout.split(separator: "\n").map {
            String($0.split(separator: "\t")[1])
        }
        #expect(names == ["张三", "李四"])
    }
}
