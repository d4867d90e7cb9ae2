import Foundation
import Testing

/// Issue 8 through the CLI: private files, failed output, plain database errors.
@Suite struct ReliabilityCommandTests {
    static let templates = CLI.packageRoot.appendingPathComponent("Templates").path

    func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test func everyFileThatHoldsPersonalDataIsPrivate() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let db = ["--db", tmp.path("o.sqlite"), "--templates", ReliabilityCommandTests.templates]
        #expect(
            try CLI.run(["init", "--office", "370102", "--name", "x", "--level", "county", "--region", "370102"] + db)
                .status == 0)
        let id = RegisterCommandTests.id("19800101", "123")
        try "姓名,公民身份号码,户籍地区划代码,民族\n张三,\(id),370102001,汉族\n李四,\(id.prefix(17))0,370102001,汉族\n"
            .write(toFile: tmp.path("p.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["import", tmp.path("p.csv"), "--errors", tmp.path("e.xlsx")] + db).status == 1)
        #expect(try CLI.run(["import", tmp.path("p.csv"), "--errors", tmp.path("e.csv")] + db).status == 1)
        #expect(try CLI.run(["persons", "export", "-o", tmp.path("r.xlsx")] + db).status == 0)
        #expect(try CLI.run(["persons", "export", "-o", tmp.path("r.csv")] + db).status == 0)
        #expect(
            try CLI.run(["report", "--period", "2026H1", "-o", tmp.path("rep.xlsx"), "--details"] + db).status == 0)
        #expect(try CLI.run(["report", "--period", "2026H1", "-o", tmp.path("rep.csv")] + db).status == 0)
        #expect(try CLI.run(["rejected", "export", "-o", tmp.path("rej.xlsx")] + db).status == 0)
        #expect(try CLI.run(["template", "persons", "-o", tmp.path("t.xlsx")] + db).status == 0)
        #expect(try CLI.run(["sheet", "from-csv", tmp.path("p.csv"), "-o", tmp.path("s.xlsx")]).status == 0)
        #expect(try CLI.run(["sheet", "to-csv", tmp.path("s.xlsx"), "-o", tmp.path("s.csv")]).status == 0)
        for name in [
            "o.sqlite", "e.xlsx", "e.csv", "r.xlsx", "r.csv", "rep.xlsx", "rep.csv", "rej.xlsx", "t.xlsx", "s.xlsx",
            "s.csv",
        ] {
            #expect(try mode(tmp.path(name)) == 0o600, "\(name)")
        }
        // Nothing temporary is left beside the outputs.
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.url.path).filter {
            $0.contains(".partial-") || $0.contains(".init-")
        }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aFailedOutputIsExitTwoWithTheWorkKept() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let db = ["--db", tmp.path("o.sqlite"), "--templates", ReliabilityCommandTests.templates]
        _ = try CLI.run(["init", "--office", "370102", "--name", "x", "--level", "county", "--region", "370102"] + db)
        try "姓名,公民身份号码,户籍地区划代码\n张三,\(RegisterCommandTests.id("19800101", "123")),370102001\n"
            .write(toFile: tmp.path("p.csv"), atomically: true, encoding: .utf8)
        // Standard output to a full device: the import commits, the summary cannot be written, exit 2.
        let full = try CLI.runShell(
            "'\(CLI.binary)' import \(db.joined(separator: " ")) '\(tmp.path("p.csv"))' > /dev/full")
        #expect(full.status == 2)
        #expect(
            full.stderr.contains(
                "error: cannot write standard output: No space left on device; the work itself is done and kept"))
        let list = try CLI.run(["persons", "list"] + db)
        #expect(list.stdout.hasPrefix("#1\t张三\t"))
        // A reader that goes away ends the command quietly.
        let pipe = try CLI.runShell(
            "'\(CLI.binary)' persons list \(db.joined(separator: " ")) | head -c 0; echo \"status ${PIPESTATUS[0]}\"")
        #expect(pipe.stdout == "status 0\n" && !pipe.stderr.contains("error"), "\(pipe.stderr)")
    }

    /// 18 MB of shared strings inflating to 2 GB took 2.6 GB for `sheet list`; the table now stops at its budget.
    /// Run under a 1.5 GB address-space limit (`ulimit -v`), which the old reader exceeded.
    @Test func sharedStringsAreRefusedAtTheirBudgetUnderAMemoryLimit() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let script = CLI.fixture("scripts/make_big_sst.py")
        let made = try CLI.runShell("python3 '\(script)' '\(tmp.path("big.xlsx"))'")
        #expect(made.status == 0, "\(made.stderr)")
        let r = try CLI.runShell("ulimit -v 1500000; '\(CLI.binary)' sheet list '\(tmp.path("big.xlsx"))'")
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "the shared strings of this workbook hold more than 256 MiB of text; the file is refused"),
            "\(r.stderr)")
    }

    /// SIGTERM while a workbook is being written: the temporary sheet files (the same data as the output) are
    /// removed and the command ends with 128 + 15. The CSV comes from a FIFO the test keeps open, so the command is
    /// certainly mid-way (its temporary folder exists) when the signal arrives.
    @Test func anInterruptedCommandRemovesItsTemporaries() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let fifo = tmp.path("in.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["sheet", "from-csv", fifo, "-o", tmp.path("out.xlsx"), "--encoding", "utf-8"]
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = tmp.url.path
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = open(fifo, O_WRONLY)  // waits for the command to open its end
        #expect(writer >= 0)
        _ = "姓名,公民身份号码\n张三,11010519491231002X\n".withCString { write(writer, $0, strlen($0)) }
        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: tmp.url.path)) ?? []).filter {
                $0.hasPrefix("anzhi-xlsx-")
            }
        }
        var waited = 0
        while temporaries().isEmpty && waited < 200 {
            usleep(50_000)
            waited += 1
        }
        #expect(!temporaries().isEmpty, "the command started writing")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        close(writer)
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(temporaries().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: tmp.path("out.xlsx")))
    }

    @Test func databaseProblemsAreSaidPlainly() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        try "this is not a database".write(toFile: tmp.path("bad.sqlite"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["persons", "list", "--db", tmp.path("bad.sqlite")])
        #expect(
            r.status == 2
                && r.stderr
                    == "\(tmp.path("bad.sqlite")): error: [not-a-database] not an Anzhi database (not an SQLite file)\n"
        )
        let none = try CLI.run(["persons", "list", "--db", tmp.path("none.sqlite")])
        #expect(
            none.status == 2
                && none.stderr
                    == "\(tmp.path("none.sqlite")): error: [no-database] no database here; create one with `anzhi init`, or choose it with --db or ANZHI_DB\n"
        )
    }
}
