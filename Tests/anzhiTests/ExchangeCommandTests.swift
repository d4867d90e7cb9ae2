import Foundation
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
        let show = try CLI.run(["office", "show", "370102"] + town)
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
