import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import GRDB
import Spreadsheet
import Testing

@Suite struct MergeTests {
    let id1 = makeID("370102", "19800101", "123")
    let id2 = makeID("370102", "19900215", "246")
    let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名", "衔接日期", "衔接方式", "备用电话"]

    func rows(_ crime1: String = "盗窃罪", handover1: String = "", method1: String = "") -> [[String]] {
        [header,
         ["张三", id1, "370102001", crime1, handover1, method1, "13800000000"],
         ["李四", id2, "370102002", "诈骗罪", "", "", ""]]
    }

    func count(_ env: Office2, _ sql: String) throws -> Int {
        try env.store.queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test func ownershipDecidesUpdatesAndConflicts() throws {
        let env = try Office2()
        defer { env.remove() }
        let first = try env.run(try env.csv("p1.csv", rows()))
        #expect(first.counts == counts(rows: 2, inserted: 2))
        #expect(first.diagnostics.map(\.ruleID) == ["unknown-column"])  // 备用电话 is kept, not dropped
        #expect(try env.store.person(key: id1)?.extra.first?.1 == "13800000000")

        // The prison corrects a prison-owned field: applied, with history.
        let second = try env.run(try env.csv("p2.csv", rows("抢劫罪")))
        #expect(second.counts == counts(rows: 2, updated: 1, unchanged: 1))
        let person = try #require(try env.store.person(key: id1))
        #expect(person.value("crime") == "抢劫罪")
        let change = try #require(try env.store.history(of: person.id).last)
        #expect(change.field == "crime" && change.oldValue == "盗窃罪" && change.newValue == "抢劫罪")
        #expect(change.sourceFile == "p2.csv" && change.sourceRow == 2 && change.sourceSheet == nil)

        // The office records a hand-over (its own field): applied. Its different 罪名 is a conflict, not applied.
        let third = try env.run(try env.csv("o1.csv", rows("盗窃罪", handover1: "2025-07-01", method1: "必接必送")), side: .office)
        #expect(third.counts == counts(rows: 2, updated: 1, unchanged: 1, conflicts: 1))
        let after = try #require(try env.store.person(key: id1))
        #expect(after.value("crime") == "抢劫罪")
        #expect(after.value("handoverDate") == "2025-07-01" && after.value("handoverMethod") == "必接必送")
        let open = try env.store.conflicts()
        #expect(open.count == 1)
        #expect(open[0].field == "crime" && open[0].currentValue == "抢劫罪" && open[0].proposedValue == "盗窃罪" && open[0].proposedBy == "office")

        // The same office file again raises no second conflict and changes nothing.
        let again = try env.run(try env.csv("o1.csv", rows("盗窃罪", handover1: "2025-07-01", method1: "必接必送")), side: .office)
        #expect(again.counts == counts(rows: 2, unchanged: 2))
        #expect(again.previouslyImportedAt != nil)
        #expect(try env.store.conflicts().count == 1)

        // A prison batch with a different hand-over date: conflict on the office's field.
        let fourth = try env.run(try env.csv("p3.csv", rows("抢劫罪", handover1: "2025-07-02", method1: "必接必送")))
        #expect(fourth.counts.conflicts == 1)
        #expect(try env.store.person(key: id1)?.value("handoverDate") == "2025-07-01")

        // Accepting a conflict applies the value with history; rejecting keeps the current one.
        let conflicts = try env.store.conflicts()
        try env.store.resolveConflict(conflicts[0].id, accept: true)
        try env.store.resolveConflict(conflicts[1].id, accept: false)
        let resolved = try #require(try env.store.person(key: id1))
        #expect(resolved.value("crime") == "盗窃罪")
        #expect(resolved.value("handoverDate") == "2025-07-01")
        #expect(try env.store.history(of: resolved.id).last?.newValue == "盗窃罪")
        #expect(try env.store.conflicts().isEmpty)
        #expect(throws: StoreError.self) { try env.store.resolveConflict(conflicts[0].id, accept: true) }
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let env = try Office2()
        defer { env.remove() }
        let file = try env.csv("p.csv", rows())
        _ = try env.run(file)
        let history = try count(env, "SELECT COUNT(*) FROM field_history")
        let report = try env.run(file)
        #expect(report.counts == counts(rows: 2, unchanged: 2))
        #expect(report.previouslyImportedAt != nil)
        #expect(try count(env, "SELECT COUNT(*) FROM field_history") == history)
        #expect(try count(env, "SELECT COUNT(*) FROM person") == 2)
        #expect(try count(env, "SELECT COUNT(*) FROM import") == 2)
    }

    @Test func aBlankCellNeverClearsAValue() throws {
        let env = try Office2()
        defer { env.remove() }
        _ = try env.run(try env.csv("a.csv", rows()))
        _ = try env.run(try env.csv("b.csv", rows("")))
        #expect(try env.store.person(key: id1)?.value("crime") == "盗窃罪")
    }

    @Test func aFailureMidFileImportsNothing() throws {
        let env = try Office2()
        defer { env.remove() }
        #expect(throws: ImportError.self) {
            _ = try env.run(try env.csv("p.csv", rows())) { $0.failAfterRows = 1 }
        }
        #expect(try count(env, "SELECT COUNT(*) FROM person") == 0)
        #expect(try count(env, "SELECT COUNT(*) FROM import") == 0)
        #expect(try count(env, "SELECT COUNT(*) FROM field_history") == 0)
    }

    @Test func aFileWithoutAHeaderRowImportsNothing() throws {
        let env = try Office2()
        defer { env.remove() }
        let file = try env.csv("x.csv", [["a", "b"], ["1", "2"]])
        #expect(throws: ImportError.self) { _ = try env.run(file) }
        #expect(try count(env, "SELECT COUNT(*) FROM import") == 0)
    }

    @Test func dryRunWritesNothing() throws {
        let env = try Office2()
        defer { env.remove() }
        let report = try env.run(try env.csv("p.csv", rows())) { $0.dryRun = true }
        #expect(report.counts.inserted == 2 && report.dryRun)
        #expect(try count(env, "SELECT COUNT(*) FROM person") == 0)
    }

    @Test func leadershipOfficeQueuesPeopleWithoutATownship() throws {
        let env = try Office2()
        defer { env.remove() }
        let report = try env.run(try env.csv("q.csv", [header, ["王五", id1, "370102", "", "", "", ""]]))
        #expect(report.counts == counts(rows: 1, inserted: 1))
        #expect(report.diagnostics.contains { $0.ruleID == "assignment-queue" && $0.severity == .note && $0.location.row == 2 })
        #expect(try env.store.person(key: id1)?.inQueue == true)
        #expect(try env.store.counts().queued == 1)
    }

    @Test func townshipOfficeRejectsPeopleOfOtherTownships() throws {
        let env = try Office2(Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        let report = try env.run(try env.csv("t.csv", rows()))
        #expect(report.counts == counts(rows: 2, inserted: 1, rejected: 1))
        let d = try #require(report.diagnostics.first { $0.ruleID == "outside-jurisdiction" })
        #expect(d.location.row == 3 && d.location.column == 3)
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 1)
    }

    @Test func exportedRegisterReimportsAsUnchanged() throws {
        for ext in ["xlsx", "csv"] {
            let env = try Office2()
            defer { env.remove() }
            _ = try env.run(try env.csv("p.csv", rows("盗窃罪", handover1: "2025-07-01", method1: "必接必送")))
            let n = try PersonSheets.writeRegister(env.store, to: env.path("register.\(ext)"))
            #expect(n == 2)
            let report = try env.run(env.path("register.\(ext)"))
            #expect(report.counts == counts(rows: 2, unchanged: 2), "\(ext)")
            #expect(report.diagnostics.filter { $0.severity != .note }.map(\.ruleID) == ["unknown-column"], "\(ext): \(report.diagnostics)")
        }
    }

    @Test func visitsSheetImportsIntoTheVisitsTable() throws {
        let env = try Office2()
        defer { env.remove() }
        _ = try env.run(try env.csv("p.csv", rows()))
        let visits = try env.csv("v.csv", [
            ["身份证号", "走访时间", "走访人", "走访情况"],
            [id1, "2026-03-05", "王警官", "在家，情绪稳定"],
            [id1, "2026年4月1日", "王警官", "已就业"],
            [makeID("370102", "19700101", "111"), "2026-03-05", "王警官", "—"],
        ])
        let report = try env.run(visits)
        #expect(report.counts == counts(rows: 3, inserted: 2, rejected: 1))
        #expect(report.diagnostics.map(\.ruleID) == ["visit-unknown-person"])
        #expect(report.diagnostics[0].location.row == 4 && report.diagnostics[0].location.column == 1)
        #expect(try count(env, "SELECT COUNT(*) FROM visit") == 2)
        #expect(try env.run(visits).counts == counts(rows: 3, unchanged: 2, rejected: 1))
    }

    @Test func correctedErrorsFileImportsCleanly() throws {
        let env = try Office2()
        defer { env.remove() }
        let valid = makeID("370102", "19850505", "135")
        let badID = String(valid.dropLast()) + (valid.last == "1" ? "2" : "1")
        let report = try env.run(try env.csv("p.csv", rows() + [["赵六", badID, "370102001", "盗窃罪", "", "", ""]]))
        #expect(report.counts == counts(rows: 3, inserted: 2, rejected: 1))
        try PersonSheets.writeErrors(report.rejected, to: env.path("errors.xlsx"))

        // Read the errors file as a clerk would see it, fix the ID, and save it again.
        let reader = try XLSXReader(path: env.path("errors.xlsx"))
        let sheet = try reader.defaultSheet()
        let rowsReader = try reader.rows(of: sheet)
        var grid: [[CellValue]] = []
        while let row = try rowsReader.next() { grid.append((1...8).map { row[$0] }) }
        #expect(grid.count == 2)
        #expect(grid[0][7] == .text("错误说明"))
        guard case .text(let why) = grid[1][7] else { Issue.record("no explanation"); return }
        #expect(why.hasPrefix("[id-checksum] column '公民身份号码' (B4)"))
        grid[1][1] = .text(makeID("370102", "19850505", "135"))
        let fixed = try XLSXWriter(path: env.path("fixed.xlsx"))
        try fixed.startSheet(sheet.name)
        for row in grid { try fixed.writeRow(row) }
        try fixed.close()
        let again = try env.run(env.path("fixed.xlsx"))
        #expect(again.counts == counts(rows: 1, inserted: 1))
        #expect(again.diagnostics.filter { $0.severity != .note }.map(\.ruleID) == ["unknown-column"])  // 备用电话, as in the original
    }
}

func counts(rows: Int, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0, conflicts: Int = 0) -> ImportCounts {
    var c = ImportCounts()
    c.rows = rows
    c.inserted = inserted
    c.updated = updated
    c.unchanged = unchanged
    c.rejected = rejected
    c.conflicts = conflicts
    return c
}

@Suite struct FallbackKeyTests {
    @Test func aRowWithoutIDIsKeyedByNameBirthInstitutionAndNumberAndFlagged() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "出生日期", "服刑场所", "罪犯编号", "户籍地区划代码", "罪名"]
        let file = try env.csv("f.csv", [header, ["无证人", "1970-01-01", "济南监狱", "3701001", "370102001", "盗窃罪"]])
        let report = try env.run(file)
        #expect(report.counts == counts(rows: 1, inserted: 1))
        #expect(report.diagnostics.map(\.ruleID) == ["fallback-key"])
        let again = try env.run(try env.csv("g.csv", [header, ["无证人", "1970-01-01", "济南监狱", "3701001", "370102001", "抢劫罪"]]))
        #expect(again.counts == counts(rows: 1, updated: 1))
        let stored = try env.store.person(key: "~无证人|1970-01-01|济南监狱|3701001")
        #expect(stored?.keyIsFallback == true && stored?.value("crime") == "抢劫罪")

        // The ID number arrives later: the same person, re-keyed, not a second record.
        let id = makeID("370102", "19700101", "135")
        let keyed = try env.run(try env.csv("h.csv", [header + ["公民身份号码"], ["无证人", "1970-01-01", "济南监狱", "3701001", "370102001", "抢劫罪", id]]))
        #expect(keyed.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.person(key: "~无证人|1970-01-01|济南监狱|3701001") == nil)
        let person = try #require(try env.store.person(key: id))
        #expect(!person.keyIsFallback && person.value("idNumber") == id && person.id == stored?.id)
        #expect(try env.store.counts().people == 1)
    }
}

@Suite struct OwnershipOnCreationTests {
    let id = makeID("370102", "19800101", "123")

    @Test func aPrisonCannotCreateAPersonAlreadyVerifiedOrHandedOver() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名", "核实结果", "衔接日期"]
        let report = try env.run(try env.csv("p.csv", [header, ["张三", id, "370102001", "盗窃罪", "核实成功", "2026-01-02"]]))
        #expect(report.counts == counts(rows: 1, inserted: 1, conflicts: 2))
        let p = try #require(try env.store.person(key: id))
        #expect(p.value("crime") == "盗窃罪" && p.value("name") == "张三" && p.value("hukouRegion") == "370102001")
        #expect(p.value("verification") == nil && p.value("handoverDate") == nil)
        #expect(try env.store.conflicts().map(\.field) == ["verification", "handoverDate"])
        // The office records the same values itself: applied, and the prison's proposals are settled.
        let office = try env.run(try env.csv("o.csv", [header, ["张三", id, "370102001", "盗窃罪", "核实成功", "2026-01-02"]]), side: .office)
        #expect(office.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.person(key: id)?.value("verification") == "核实成功")
        #expect(try env.store.conflicts().isEmpty)
        #expect(try env.store.conflicts(all: true).map(\.resolution) == ["agreed", "agreed"])
    }

    @Test func anOfficeLedgerWithout户籍UpdatesPeopleOfTheRegister() throws {
        let env = try Office2(Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        _ = try env.run(try env.csv("p.csv", [["姓名", "公民身份号码", "户籍地区划代码"], ["张三", id, "370102001"]]))
        let ledger = try env.run(try env.csv("o.csv", [["姓名", "公民身份号码", "衔接日期", "衔接方式"], ["张三", id, "2026-01-02", "家属接回"]]),
                                 side: .office)
        #expect(ledger.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.person(key: id)?.value("handoverMethod") == "家属接回")
        // A new person without 户籍 is still outside a township's jurisdiction.
        let stranger = makeID("370102", "19900101", "111")
        let other = try env.run(try env.csv("n.csv", [["姓名", "公民身份号码", "衔接日期"], ["李四", stranger, "2026-01-02"]]), side: .office)
        #expect(other.counts == counts(rows: 1, rejected: 1))
        #expect(other.diagnostics.map(\.ruleID) == ["outside-jurisdiction"])
    }
}
