import Foundation
import Testing

/// Long work shows its progress on a terminal, and only there: Python's `pty` gives the command a
/// pseudo-terminal for its standard output and error (and sends no signal to the test process, as `script` did).
@Suite struct ProgressTests {
    static let runner = """
        import os, pty, subprocess, sys
        master, slave = pty.openpty()
        p = subprocess.Popen(sys.argv[1:], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        p.wait()
        sys.stdout.buffer.write(out)
        """

    func onTerminal(_ command: [String], in tmp: Scratch) throws -> String {
        try Self.runner.write(toFile: tmp.path("on_terminal.py"), atomically: true, encoding: .utf8)
        let r = try CLI.run(
            ["-c", "cd \"$0\" && exec python3 on_terminal.py \"$@\"", tmp.url.path, CLI.binary] + command,
            program: "/bin/bash", environment: ["ANZHI_LANG": "zh"])
        return r.stdout
    }

    @Test func importAndExportShowProgressOnATerminalOnly() throws {
        let tmp = try Scratch()
        defer { tmp.remove() }
        let db = tmp.path("a.sqlite")
        #expect(
            try CLI.run([
                "init", "--db", db, "--office", "370102", "--name", "县", "--level", "county", "--region", "370102",
            ])
            .status == 0)
        // 3,000 rows: progress is reported every 1,000.
        var csv = "姓名,公民身份号码,户籍地区划代码,释放日期\n"
        for i in 0..<3000 { csv += "人\(i),\(Self.id(i)),370102001,2025-01-01\n" }
        try csv.write(toFile: tmp.path("batch.csv"), atomically: true, encoding: .utf8)

        let shown = try onTerminal(["import", "--db", db, "batch.csv"], in: tmp)
        #expect(shown.contains("已读取 1,000 行，每秒"), "\(shown)")
        #expect(shown.contains("读取 3000 行，新增 3000"), "\(shown)")
        let exported = try onTerminal(["persons", "export", "--db", db, "-o", "all.csv"], in: tmp)
        #expect(exported.contains("已写出 1 人，每秒"), "\(exported)")
        #expect(exported.contains("剩余约"), "\(exported)")

        // Not on a pipe, and not with --json even on a terminal.
        let piped = try CLI.run(["import", "--db", db, tmp.path("batch.csv")], environment: ["ANZHI_LANG": "zh"])
        #expect(!piped.stderr.contains("已读取") && !piped.stdout.contains("已读取"))
        let json = try onTerminal(["import", "--db", db, "batch.csv", "--json"], in: tmp)
        #expect(!json.contains("已读取"), "\(json)")

        // The outbox packing the 3,000 people for a township the county enrolled.
        let enrol = ["office", "add", "--db", db, "--code", "370102001", "--name", "所", "--level", "township"]
        #expect(try CLI.run(enrol + ["--region", "370102001", "-o", tmp.path("e.zip")]).status == 0)
        let town = ["init", "--enroll", tmp.path("e.zip"), "--db", tmp.path("t.sqlite"), "-o", tmp.path("r.zip")]
        #expect(try CLI.run(town).status == 0)
        #expect(try CLI.run(["import", "--db", db, tmp.path("r.zip")]).status == 0)
        let packed = try onTerminal(["outbox", "--db", db, "-o", "out"], in: tmp)
        #expect(packed.contains("已打包 1,000 人，每秒"), "\(packed)")
        #expect(packed.contains("人员 3000"), "\(packed)")
    }

    /// A valid 18-digit number for person `i` (born on one of the first days of 1980, sequence 001–999).
    static func id(_ i: Int) -> String {
        RegisterCommandTests.id("1980010\(1 + i / 999)", String(format: "%03d", i % 999 + 1))
    }
}
