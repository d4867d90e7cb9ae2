import Foundation
import Testing

/// `anzhi init`, `import`, `conflicts`, `persons`, `template` end to end against the built binary.
@Suite struct RecordCommandTests {
    static let templates = CLI.packageRoot.appendingPathComponent("Templates").path

    func id(_ birth: String, _ seq: String) -> String {
        let body = "370102" + birth + seq
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    func env(_ tmp: Scratch) -> [String] {
        ["--db", tmp.path("o.sqlite"), "--templates", RecordCommandTests.templates]
    }

    @Test func initImportConflictsShowAndExport() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let a = id("19800101", "123")
        let b = id("19850315", "246")
        let created = try CLI.run([
            "init", "--db", tmp.path("o.sqlite"), "--office", "370102", "--name", "历下区安帮办", "--level", "county",
            "--region", "370102",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(
            try CLI.run([
                "init", "--db", tmp.path("o.sqlite"), "--office", "x", "--name", "x", "--level", "county", "--region",
                "370102",
            ]).status == 2)

        let bad = String(b.dropLast()) + (b.last == "1" ? "2" : "1")
        try "姓名,公民身份号码,户籍地区划代码,罪名\n张三,\(a),370102001,盗窃罪\n李四,\(bad),370102002,诈骗罪\n"
            .write(toFile: tmp.path("p.csv"), atomically: true, encoding: .utf8)
        let first = try CLI.run(
            ["import"] + env(tmp) + ["--json", "--errors", tmp.path("errors.csv"), tmp.path("p.csv")])
        #expect(first.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(json["rows"] as? Int == 2 && json["inserted"] as? Int == 1 && json["rejected"] as? Int == 1)
        #expect(json["updated"] as? Int == 0 && json["unchanged"] as? Int == 0 && json["conflicts"] as? Int == 0)
        let diagnostics = json["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["rule"] as? String == "id-checksum" && diagnostics.first?["row"] as? Int == 3)
        #expect(diagnostics.first?["column"] as? Int == 2 && diagnostics.first?["header"] as? String == "公民身份号码")
        #expect(!first.stdout.contains(bad), "full ID numbers never appear in summaries")
        let errorsFile = try tmp.read("errors.csv")
        // The template layout (was the source's columns before the errors file moved to it).
        let headers = ErrorsFileCommandTests.templateHeaders + ErrorsFileCommandTests.added
        #expect(errorsFile.contains(headers.joined(separator: ",")))
        #expect(errorsFile.contains("李四,,,,,\(bad),,,370102002,,,,诈骗罪,,"))
        #expect(
            errorsFile.contains(
                ",\(tmp.path("p.csv")),,3,\"[id-checksum] column '公民身份号码' (B3): the check character"))

        // The office side proposes another crime for 张三: a conflict, listed and resolved.
        try "姓名,公民身份号码,户籍地区划代码,罪名\n张三,\(a),370102001,抢劫罪\n".write(
            toFile: tmp.path("o.csv"), atomically: true, encoding: .utf8)
        let second = try CLI.run(["import"] + env(tmp) + ["--source", "office", tmp.path("o.csv")])
        #expect(second.status == 0)
        #expect(
            second.stdout.contains(
                "1 rows read: 0 inserted, 0 updated, 1 unchanged, 0 rejected; 1 conflicts to resolve"))
        let list = try CLI.run(["conflicts", "list"] + env(tmp))
        #expect(
            list.stdout
                == "#1\t#1 张三 370102********\(a.suffix(4))\t罪名\t'盗窃罪' → '抢劫罪'\t(office, \(tmp.path("o.csv")):2)\n")
        #expect(try CLI.run(["conflicts", "resolve", "1", "--accept"] + env(tmp)).status == 0)
        let show = try CLI.run(["persons", "show", a] + env(tmp))
        #expect(show.stdout.contains("罪名\t抢劫罪"))
        #expect(show.stdout.contains("\t罪名\t盗窃罪 → 抢劫罪\t\(tmp.path("o.csv")):2"))

        // The same file again: nothing changes, and the summary says so.
        let again = try CLI.run(["import"] + env(tmp) + ["--source", "office", tmp.path("o.csv")])
        #expect(again.stdout.contains("the same file was imported on"))
        let export = try CLI.run(["persons", "export", "-o", tmp.path("r.xlsx")] + env(tmp))
        #expect(export.status == 0 && export.stdout == "wrote 1 people to \(tmp.path("r.xlsx"))\n")
        let reimport = try CLI.run(["import"] + env(tmp) + ["--json", tmp.path("r.xlsx")])
        let r = try JSONSerialization.jsonObject(with: Data(reimport.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(r["unchanged"] as? Int == 1 && r["rows"] as? Int == 1)
    }

    @Test func aFileThatCannotBeImportedExitsTwo() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        _ = try CLI.run([
            "init", "--db", tmp.path("o.sqlite"), "--office", "370102", "--name", "x", "--level", "county", "--region",
            "370102",
        ])
        try "a,b\n1,2\n".write(toFile: tmp.path("x.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["import"] + env(tmp) + [tmp.path("x.csv"), CLI.fixture("xlsx/cfb-xls/input.xlsx")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("x.csv: error: [no-header-row] no header row"))
        #expect(r.stderr.contains("[damaged-xls] the workbook stream does not start with a BOF record"))
        #expect(r.stderr.contains("nothing was imported"))
    }

    @Test func mappingFileNamesAnOfficesOwnHeaders() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        _ = try CLI.run([
            "init", "--db", tmp.path("o.sqlite"), "--office", "370102", "--name", "x", "--level", "county", "--region",
            "370102",
        ])
        try "人员姓名,证件号,户口所在地代码\n张三,\(id("19800101", "123")),370102001\n".write(
            toFile: tmp.path("m.csv"), atomically: true, encoding: .utf8)
        try "人员姓名,姓名\n证件号,公民身份号码\n户口所在地代码,户籍地区划代码\n".write(
            toFile: tmp.path("map.csv"), atomically: true, encoding: .utf8)
        let without = try CLI.run(["import"] + env(tmp) + [tmp.path("m.csv")])
        #expect(without.status == 2)
        let with = try CLI.run(["import"] + env(tmp) + ["--mapping", tmp.path("map.csv"), "--json", tmp.path("m.csv")])
        #expect(with.status == 0, "\(with.stderr)")
        #expect(with.stdout.contains("\"inserted\":1"))
    }

    @Test func templateHasHeadersListsFormatsAndInstructions() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let r = try CLI.run([
            "template", "persons", "-o", tmp.path("t.xlsx"), "--templates", RecordCommandTests.templates,
        ])
        #expect(r.status == 0)
        let sheets = try CLI.run(["sheet", "list", "--visibility", tmp.path("t.xlsx")])
        // every code list fits Excel's 255-character inline limit
        #expect(sheets.stdout == "人员信息\tvisible\n走访记录\tvisible\n填写说明\tvisible\n")
        let header = try CLI.run(["sheet", "to-csv", tmp.path("t.xlsx")])
        #expect(header.stdout.hasPrefix("姓名,曾用名,性别,民族,出生日期,公民身份号码,文化程度,婚姻状况,户籍地区划代码,户籍地址,"))
        #expect(header.stdout.hasSuffix(",注销日期,注销原因,帮教期限(年),监所代码\n"))
        let help = try CLI.run(["sheet", "to-csv", tmp.path("t.xlsx"), "--sheet", "填写说明"])
        #expect(help.stdout.split(separator: "\n").count == 57)  // header + 52 fields + the 4 columns of 走访记录
        #expect(help.stdout.contains("公民身份号码,监所,是,公民身份号码,"))
        // The template itself imports as a file with a header and no rows.
        _ = try CLI.run([
            "init", "--db", tmp.path("o.sqlite"), "--office", "370102", "--name", "x", "--level", "county", "--region",
            "370102",
        ])
        let imported = try CLI.run(["import"] + env(tmp) + ["--json", tmp.path("t.xlsx")])
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("\"rows\":0"))
    }
}
