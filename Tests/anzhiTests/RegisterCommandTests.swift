import Foundation
import Testing

/// Issue 7 through the CLI: conflicts in bulk, the rejected store, handles, persons list, refused outputs,
/// init checks, outside rows and migrations. Every run has ANZHI_TODAY fixed (CLI.today).
@Suite struct RegisterCommandTests {
    static let templates = CLI.packageRoot.appendingPathComponent("Templates").path

    static func id(_ birth: String, _ seq: String, _ address: String = "370102") -> String {
        let body = address + birth + seq
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    struct Env {
        let tmp: Scratch
        var db: [String] { ["--db", tmp.path("o.sqlite"), "--templates", RegisterCommandTests.templates] }

        init(level: String = "county", region: String = "370102") throws {
            tmp = try Scratch()
            let r = try CLI.run(
                ["init", "--office", region, "--name", "某办", "--level", level, "--region", region] + db)
            #expect(r.status == 0, "\(r.stderr)")
        }

        func write(_ name: String, _ text: String) throws -> String {
            try text.write(toFile: tmp.path(name), atomically: true, encoding: .utf8)
            return tmp.path(name)
        }

        func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments + db) }
    }

    @Test func conflictsResolveTakesNumbersRangesFieldsFilesAndAll() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let ids = (1...6).map { RegisterCommandTests.id("1980010\($0)", "12\($0)") }
        let prison =
            "姓名,公民身份号码,户籍地区划代码,罪名,原判刑期\n" + ids.map { "某\($0.suffix(2)),\($0),370102001,盗窃罪,有期徒刑3年\n" }.joined()
        #expect(try env.run(["import", try env.write("p.csv", prison)]).status == 0)
        // The office's ledger names other values for two prison fields of every person: 12 conflicts.
        let ledger =
            "姓名,公民身份号码,户籍地区划代码,罪名,原判刑期\n" + ids.map { "某\($0.suffix(2)),\($0),370102001,诈骗罪,有期徒刑4年\n" }.joined()
        let imported = try env.run(["import", "--source", "office", try env.write("o.csv", ledger)])
        #expect(imported.stdout.contains("12 conflicts to resolve"), "\(imported.stdout)")
        let list = try env.run(["conflicts", "list"])
        #expect(list.stdout.split(separator: "\n").count == 12)
        #expect(list.stdout.split(separator: "\n").first?.hasPrefix("#1\t#1 某") == true)

        let range = try env.run(["conflicts", "resolve", "1", "3-4", "--reject"])
        #expect(range.status == 0 && range.stdout == "3 conflicts rejected\n", "\(range.stdout)\(range.stderr)")
        let field = try env.run(["conflicts", "resolve", "--field", "原判刑期", "--accept"])
        // 6 sentences, #4 already rejected
        #expect(field.stdout == "5 conflicts accepted\n", "\(field.stdout)\(field.stderr)")
        let file = try env.run(["conflicts", "resolve", "--file", "o.csv", "--reject"])
        #expect(file.stdout == "4 conflicts rejected\n", "\(file.stdout)")
        #expect(try env.run(["conflicts", "list"]).stderr == "no open conflicts\n")
        let none = try env.run(["conflicts", "resolve", "--all", "--accept"])
        #expect(none.stdout == "0 conflicts accepted\n")
        let missing = try env.run(["conflicts", "resolve", "99", "--accept"])
        #expect(missing.status == 2 && missing.stderr.contains("no conflict #99"))
        let usage = try env.run(["conflicts", "resolve", "--accept"])
        #expect(usage.status == 64 && usage.stderr.contains("name the conflicts"))
        let badRange = try env.run(["conflicts", "resolve", "5-2", "--accept"])
        #expect(badRange.status == 64 && badRange.stderr.contains("'5-2' is not a conflict number or a range"))
        let badField = try env.run(["conflicts", "resolve", "--field", "鞋码", "--accept"])
        #expect(badField.status == 64 && badField.stderr.contains("--field '鞋码' is not a field"))
    }

    @Test func rejectedRowsAreListedExportedAndLeaveTheStoreOnceCorrected() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let good = RegisterCommandTests.id("19800101", "123")
        let bad = String(good.dropLast()) + (good.last == "1" ? "2" : "1")
        let file = try env.write(
            "p.csv",
            "姓名,公民身份号码,户籍地区划代码,民族\n张三,\(bad),370102001,汉族\n李四,\(RegisterCommandTests.id("19800202", "135")),370102001,火星族\n"
        )
        #expect(try env.run(["import", file]).status == 1)
        #expect(try env.run(["import", file]).status == 1)  // the same file again: the rows are kept once
        let list = try env.run(["rejected", "list"])
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 2 && list.stderr == "2 rejected rows\n", "\(list.stdout)")
        #expect(lines[0].hasPrefix("R1\t\(file):2\t370102********\(bad.suffix(4)) (疑似三假)\t[id-checksum]"))
        #expect(lines[1].contains("[code-table]"))
        #expect(!list.stdout.contains(bad), "full ID numbers stay masked")
        #expect(try env.run(["rejected", "list", "--file", "other.csv"]).stdout.isEmpty)

        let export = try env.run(["rejected", "export", "-o", env.tmp.path("fix.csv")])
        #expect(export.status == 0 && export.stdout == "wrote 2 rejected rows to \(env.tmp.path("fix.csv"))\n")
        var text = try env.tmp.read("fix.csv")
        // The template layout (was the source's columns before the errors file moved to it).
        let headers = ErrorsFileCommandTests.templateHeaders + ErrorsFileCommandTests.added
        #expect(text.contains(headers.joined(separator: ",")))
        // The clerk corrects both rows and imports the file as it is.
        text = text.replacingOccurrences(of: bad, with: good).replacingOccurrences(of: "火星族", with: "汉族")
        try text.write(toFile: env.tmp.path("fix.csv"), atomically: true, encoding: .utf8)
        let again = try env.run(["import", "--json", env.tmp.path("fix.csv")])
        let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(again.status == 0 && json["inserted"] as? Int == 2 && json["corrected"] as? Int == 2, "\(again.stdout)")
        #expect(try env.run(["rejected", "list"]).stderr == "0 rejected rows\n")
    }

    @Test func handlesNamePeopleInListsAndCommands() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let a = RegisterCommandTests.id("19800101", "123")
        let b = RegisterCommandTests.id("19850202", "246")
        let file = try env.write(
            "p.csv",
            """
            姓名,公民身份号码,户籍地区划代码,户籍地址,释放日期,释放来源,释放类型
            张三,\(a),370102001,,2024-06-30,监狱,刑满释放
            李四,\(b),370102,山东省济南市历下区千佛山街道某路1号,,,

            """)
        #expect(try env.run(["import", file]).status == 0)
        let queue = try env.run(["queue", "list", "--lang", "zh"])
        #expect(
            queue.stdout == "#2\t李四\t370102********\(b.suffix(4))\t370102\t山东省济南市历下区千佛山街道某路1号\t建议：370102002 千佛山街道\n")
        let assign = try env.run(["queue", "assign", "#2", "370102002"])
        #expect(assign.status == 0 && assign.stdout == "#2 李四 assigned to 370102002 千佛山街道\n", "\(assign.stderr)")
        let show = try env.run(["persons", "show", "#2"])
        #expect(show.stdout.hasPrefix("#2\n姓名\t李四\n"))
        #expect(show.stdout.contains("户籍地区划代码\t370102 → 370102002\tanzhi queue assign"))
        #expect(try env.run(["persons", "show", "1"]).stdout.hasPrefix("#1\n姓名\t张三\n"))
        let nobody = try env.run(["persons", "show", "#99"])
        #expect(nobody.status == 1 && nobody.stderr == "no person #99 in the register\n")
        let garbage = try env.run(["persons", "show", "37010219800101"])
        #expect(garbage.status == 2 && garbage.stderr.contains("is neither a handle such as #17 nor a valid 公民身份号码"))
    }

    @Test func personsListFindsByNameTownshipStatusAndReleaseDates() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let ids = (1...4).map { RegisterCommandTests.id("1980010\($0)", "12\($0)") }
        let file = try env.write(
            "p.csv",
            """
            姓名,公民身份号码,户籍地区划代码,释放日期,释放来源,释放类型,入监日期,核实结果,脱管日期,注销日期
            张一,\(ids[0]),370102001,2024-06-30,监狱,刑满释放,,,,
            张二,\(ids[1]),370102002,2021-11-30,社区矫正,刑满释放,,,2026-05-01,
            王三,\(ids[2]),370102001,,,,2025-01-01,核实失败,,
            王四,\(ids[3]),370102002,2022-01-01,看守所,解除社区矫正,,,,

            """)
        #expect(try env.run(["import", "--source", "migration", file]).status == 0)
        func names(_ args: [String]) throws -> [String] {
            try env.run(["persons", "list"] + args).stdout.split(separator: "\n").map {
                String($0.split(separator: "\t")[1])
            }
        }
        #expect(try names([]) == ["张一", "张二", "王三", "王四"])
        #expect(try names(["--name", "张"]) == ["张一", "张二"])
        #expect(try names(["--township", "370102002"]) == ["张二", "王四"])
        // A county's or a city's code covers its townships (the significant prefix); a neighbour's covers none.
        #expect(try names(["--township", "370102"]) == ["张一", "张二", "王三", "王四"])
        #expect(try names(["--township", "370100"]) == ["张一", "张二", "王三", "王四"])
        #expect(try names(["--township", "370103"]).isEmpty)
        // On 2026-11-29: 张二's 5-year term (社区矫正 source alone does not shorten it) still runs, 王四's 3-year
        // term (解除社区矫正) ended on 2025-01-01.
        #expect(try names(["--status", "在册"]) == ["张一", "张二"])
        #expect(try names(["--status", "脱管"]) == ["张二"])
        #expect(try names(["--status", "期满"]) == ["王四"])
        #expect(try names(["--status", "核实失败"]) == ["王三"])
        #expect(try names(["--status", "在押"]) == ["王三"])
        #expect(try names(["--released-from", "2022-01-01", "--released-to", "2024-06-30"]) == ["张一", "王四"])
        #expect(try names(["--released-from", "2021-11-30", "--released-to", "2021-11-30"]) == ["张二"])
        let json = try env.run(["persons", "list", "--json", "--name", "王三"])
        #expect(
            json.stdout
                == "[{\"handle\":\"#3\",\"hukouRegion\":\"370102001\",\"id\":\"370102********\(ids[2].suffix(4))\",\"name\":\"王三\",\"statuses\":[\"在押\",\"核实失败\"]}]\n"
        )
        let bad = try env.run(["persons", "list", "--status", "快乐"])
        #expect(bad.status == 64)
    }

    @Test func outputsThatWouldDestroyInputsOrAreOfTheWrongKindAreRefused() throws {
        let env = try Env()
        defer { env.tmp.remove() }
        let file = try env.write(
            "p.csv", "姓名,公民身份号码,户籍地区划代码\n张三,\(RegisterCommandTests.id("19800101", "123")),370102001\n")
        let pdf = try env.run(["report", "--period", "2026H1", "-o", env.tmp.path("x.pdf")])
        #expect(
            pdf.status == 64
                && pdf.stderr.contains(
                    "-o '\(env.tmp.path("x.pdf"))': this command writes .xlsx, .csv files, not '.pdf'")
        )
        let template = try env.run(["template", "persons", "-o", env.tmp.path("t.csv")])
        #expect(template.status == 64 && template.stderr.contains("this command writes .xlsx files, not '.csv'"))
        // The database under another name (a hard link) is still the database.
        try FileManager.default.linkItem(atPath: env.tmp.path("o.sqlite"), toPath: env.tmp.path("copy.xlsx"))
        let db = try env.run(["persons", "export", "-o", env.tmp.path("copy.xlsx")])
        #expect(db.status == 64 && db.stderr.contains("is the office database"), "\(db.stderr)")
        let input = try env.run(["import", file, "--errors", file])
        #expect(input.status == 64 && input.stderr.contains("is the input"))
        #expect(try env.tmp.read("p.csv").hasPrefix("姓名,"), "the batch is intact")
        let details = try env.run(["report", "--period", "2026H1", "-o", env.tmp.path("r.csv"), "--details"])
        #expect(
            details.status == 0
                && details.stderr.contains("note: --details adds sheets to an XLSX form; it is ignored for CSV output"))
    }

    @Test func initRefusesUnknownRegionsAndTakesChineseLevels() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let unknown = try CLI.run([
            "init", "--db", tmp.path("a.sqlite"), "--templates", RegisterCommandTests.templates,
            "--office", "999999", "--name", "x", "--level", "county", "--region", "999999",
        ])
        #expect(unknown.status == 64 && unknown.stderr.contains("--region '999999' names no known division"))
        #expect(!FileManager.default.fileExists(atPath: tmp.path("a.sqlite")))
        let chinese = try CLI.run([
            "init", "--db", tmp.path("b.sqlite"), "--templates", RegisterCommandTests.templates,
            "--office", "370102001", "--name", "解放路司法所", "--level", "司法所", "--region", "370102001",
        ])
        #expect(chinese.status == 0 && chinese.stdout.contains("乡镇(街道)司法所"), "\(chinese.stderr)")
        let help = try CLI.run(["import", "--help"])
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("64 a usage error (swift-argument-parser's convention)"))
        for command in [
            ["init"], ["persons", "list"], ["conflicts", "resolve"], ["rejected", "export"], ["report"],
            ["sheet", "to-csv"],
        ] {
            let h = try CLI.run(command + ["--help"])
            #expect(h.stdout.contains("64"), "\(command)")
        }
    }

    @Test func aTownshipImportingACountyBatchCountsOtherTownshipsApartAndExitsZero() throws {
        let env = try Env(level: "township", region: "370102001")
        defer { env.tmp.remove() }
        var rows = "姓名,公民身份号码,户籍地区划代码\n"
        for i in 1...5 { rows += "甲\(i),\(RegisterCommandTests.id("1980010\(i)", "12\(i)")),370102001\n" }
        for i in 1...3 { rows += "乙\(i),\(RegisterCommandTests.id("1981010\(i)", "13\(i)")),370102002\n" }
        rows += "丙,\(RegisterCommandTests.id("19820101", "141", "370103")),370103002\n"
        let r = try env.run(["import", "--json", try env.write("county.csv", rows)])
        #expect(r.status == 0, "\(r.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(
            json["rows"] as? Int == 9 && json["inserted"] as? Int == 5 && json["outside"] as? Int == 4
                && json["rejected"] as? Int == 0)
        let text = try env.run([
            "import", try env.write("county2.csv", rows.replacingOccurrences(of: "甲1", with: "甲一")),
        ])
        #expect(
            text.stdout.hasPrefix(
                "\(env.tmp.path("county2.csv")): 9 rows read: 0 inserted, 1 updated, 4 unchanged, 0 rejected, 4 outside the jurisdiction"
            ))
        #expect(
            text.stderr.contains(
                "warning: [outside-jurisdiction] 4 rows belong to other offices' jurisdictions and were not imported (not errors of the batch): 370102002 千佛山街道 3，370103002 大观园街道 1"
            ), "\(text.stderr)")
        #expect(try env.run(["rejected", "list"]).stderr == "0 rejected rows\n")
    }
}
