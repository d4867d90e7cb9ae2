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
        [
            header,
            ["张三", id1, "370102001", crime1, handover1, method1, "13800000000"],
            ["李四", id2, "370102002", "诈骗罪", "", "", ""],
        ]
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
        let third = try env.run(
            try env.csv("o1.csv", rows("盗窃罪", handover1: "2025-07-01", method1: "必接必送")), side: .office)
        #expect(third.counts == counts(rows: 2, updated: 1, unchanged: 1, conflicts: 1))
        let after = try #require(try env.store.person(key: id1))
        #expect(after.value("crime") == "抢劫罪")
        #expect(after.value("handoverDate") == "2025-07-01" && after.value("handoverMethod") == "必接必送")
        let open = try env.store.conflicts()
        #expect(open.count == 1)
        #expect(
            open[0].field == "crime" && open[0].currentValue == "抢劫罪" && open[0].proposedValue == "盗窃罪"
                && open[0].proposedBy == "office")

        // The same office file again raises no second conflict and changes nothing.
        let again = try env.run(
            try env.csv("o1.csv", rows("盗窃罪", handover1: "2025-07-01", method1: "必接必送")), side: .office)
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
        #expect(
            report.diagnostics.contains {
                $0.ruleID == "assignment-queue" && $0.severity == .note && $0.location.row == 2
            })
        #expect(try env.store.person(key: id1)?.inQueue == true)
        #expect(try env.store.counts().queued == 1)
    }

    @Test func townshipOfficeCountsPeopleOfOtherTownshipsApart() throws {
        let env = try Office2(Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        let report = try env.run(try env.csv("t.csv", rows()))
        #expect(report.counts == counts(rows: 2, inserted: 1, outside: 1))
        #expect(report.diagnostics.map(\.ruleID) == ["outside-jurisdiction", "unknown-column"])  // 备用电话 kept
        let d = try #require(report.diagnostics.first)
        #expect(d.severity == .warning && d.location == InputLocation(file: "t.csv"))
        #expect(
            d.message
                == "1 rows belong to other offices' jurisdictions and were not imported (not errors of the batch): 370102002 千佛山街道 1"
        )
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 0)
        #expect(try count(env, "SELECT outside FROM import") == 1)
        #expect(report.rejected.isEmpty)
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
            // The register carries the office's verification columns, empty here: nothing to report.
            #expect(
                report.diagnostics.filter { $0.severity != .note }.map(\.ruleID) == ["unknown-column"],
                "\(ext): \(report.diagnostics)")
            #expect(
                try env.run(env.path("register.\(ext)"), side: .office).counts == counts(rows: 2, unchanged: 2),
                "\(ext)")
        }
    }

    @Test func visitsSheetImportsIntoTheVisitsTable() throws {
        let env = try Office2()
        defer { env.remove() }
        _ = try env.run(try env.csv("p.csv", rows()))
        let visits = try env.csv(
            "v.csv",
            [
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
        // The template layout (the errors file imports as it is): the template's headers, the source's other
        // column, then where the row came from and why it was rejected.
        let width = PersonFields.all.count + 5
        var grid: [[CellValue]] = []
        while let row = try rowsReader.next() { grid.append((1...width).map { row[$0] }) }
        #expect(grid.count == 2)
        #expect(grid[0] == (PersonFields.all.map(\.header) + ["备用电话", "源文件", "源工作表", "源行号", "错误说明"]).map { .text($0) })
        #expect(grid[1][(width - 4)...(width - 2)] == [.text("p.csv"), .empty, .text("4")])
        guard case .text(let why) = grid[1][width - 1] else {
            Issue.record("no explanation")
            return
        }
        #expect(why.hasPrefix("[id-checksum] column '公民身份号码' (B4)"))
        let idColumn = PersonFields.At.idNumber
        #expect(grid[1][idColumn] == .text(badID))
        grid[1][idColumn] = .text(makeID("370102", "19850505", "135"))
        let fixed = try XLSXWriter(path: env.path("fixed.xlsx"))
        try fixed.startSheet(sheet.name)
        for row in grid { try fixed.writeRow(row) }
        try fixed.close()
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 1)
        let again = try env.run(env.path("fixed.xlsx"))
        var expected = counts(rows: 1, inserted: 1)
        expected.corrected = 1
        #expect(again.counts == expected)
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 0)  // the corrected row left the store
        // 备用电话, as in the original
        #expect(again.diagnostics.filter { $0.severity != .note }.map(\.ruleID) == ["unknown-column"])
    }
}

func counts(
    rows: Int, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0, conflicts: Int = 0,
    outside: Int = 0
) -> ImportCounts {
    var c = ImportCounts()
    c.outside = outside
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
        let again = try env.run(
            try env.csv("g.csv", [header, ["无证人", "1970-01-01", "济南监狱", "3701001", "370102001", "抢劫罪"]]))
        #expect(again.counts == counts(rows: 1, updated: 1))
        let stored = try env.store.person(key: "~无证人|1970-01-01|济南监狱|3701001")
        #expect(stored?.keyIsFallback == true && stored?.value("crime") == "抢劫罪")

        // The ID number arrives later: the same person, re-keyed, not a second record.
        let id = makeID("370102", "19700101", "135")
        let keyed = try env.run(
            try env.csv(
                "h.csv", [header + ["公民身份号码"], ["无证人", "1970-01-01", "济南监狱", "3701001", "370102001", "抢劫罪", id]]))
        #expect(keyed.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.person(key: "~无证人|1970-01-01|济南监狱|3701001") == nil)
        let person = try #require(try env.store.person(key: id))
        #expect(!person.keyIsFallback && person.value("idNumber") == id && person.id == stored?.id)
        #expect(try env.store.counts().people == 1)
    }
}

/// The merge rule (domain §4, README): the owner's value replaces; a non-owner's value fills an empty field
/// (marked as supplied) and is a conflict only against a different stored value; verification is the office's;
/// a migration takes every field as it stands.
@Suite struct MergeRuleTests {
    let id = makeID("370102", "19800101", "123")

    func supplied(_ env: Office2, _ field: String) throws -> Bool {
        let mask = try count(env, "SELECT supplied FROM person")
        return mask & (1 << PersonFields.index[field]!) != 0
    }

    func history(_ env: Office2, _ field: String) throws -> [String] {
        let p = try #require(try env.store.person(key: id))
        return try env.store.history(of: p.id).filter { $0.field == field }.map {
            "\($0.oldValue ?? "—")→\($0.newValue ?? "—") \($0.sourceFile ?? "")"
        }
    }

    @Test func aPrisonValueFillsAnEmptyOfficeFieldAndTheOfficeReplacesItWithoutAConflict() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名", "衔接日期", "衔接方式"]
        let report = try env.run(try env.csv("p.csv", [header, ["张三", id, "370102001", "盗窃罪", "2026-01-02", "家属接回"]]))
        #expect(report.counts == counts(rows: 1, inserted: 1))
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty)
        let p = try #require(try env.store.person(key: id))
        #expect(
            p.value("handoverDate") == "2026-01-02" && p.value("handoverMethod") == "家属接回" && p.value("crime") == "盗窃罪")
        #expect(try supplied(env, "handoverDate") && !supplied(env, "crime"))
        #expect(try env.store.conflicts().isEmpty)
        // The office, which owns the hand-over, says otherwise: its value replaces the prison's, no conflict.
        let office = try env.run(
            try env.csv("o.csv", [["姓名", "公民身份号码", "衔接日期"], ["张三", id, "2026-01-05"]]), side: .office)
        #expect(office.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.person(key: id)?.value("handoverDate") == "2026-01-05")
        #expect(try !supplied(env, "handoverDate") && supplied(env, "handoverMethod"))
        #expect(try env.store.conflicts().isEmpty)
        #expect(try history(env, "handoverDate") == ["2026-01-02→2026-01-05 o.csv"])
    }

    @Test func aNonOwnerValueThatDiffersFromAStoredValueIsAConflict() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名"]
        _ = try env.run(try env.csv("p.csv", [header, ["张三", id, "370102001", "盗窃罪"]]))
        // The office's ledger names another crime: the prison owns it, so it waits as a conflict.
        let office = try env.run(
            try env.csv("o.csv", [header + ["衔接日期"], ["张三", id, "370102001", "诈骗罪", "2026-01-02"]]),
            side: .office)
        #expect(office.counts == counts(rows: 1, updated: 1, conflicts: 1))
        let open = try env.store.conflicts()
        #expect(
            open.map(\.field) == ["crime"] && open.map(\.currentValue) == ["盗窃罪"]
                && open.map(\.proposedValue) == ["诈骗罪"])
        #expect(try env.store.person(key: id)?.value("crime") == "盗窃罪")
        // The same ledger again raises nothing new.
        #expect(try env.run(env.path("o.csv"), side: .office).counts == counts(rows: 1, unchanged: 1))
        #expect(try env.store.conflicts().count == 1)
    }

    @Test func anOfficeLedgerFirstThenThePrisonBatchWithTheSameValuesLeavesNoConflicts() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名", "释放日期", "衔接日期"]
        let ids = (0..<5).map { makeID("370102", "1980010\($0 + 1)", "12\($0 + 1)") }
        let rows = ids.map { ["某\($0.suffix(3))", $0, "370102001", "盗窃罪", "2025-06-30", "2025-07-01"] }
        let ledger = try env.run(try env.csv("o.csv", [header] + rows), side: .office)
        #expect(ledger.counts == counts(rows: 5, inserted: 5))
        let prison = try env.run(try env.csv("p.csv", [Array(header.prefix(5))] + rows.map { Array($0.prefix(5)) }))
        #expect(prison.counts == counts(rows: 5, unchanged: 5))  // the owner confirms what the office supplied
        #expect(try env.store.conflicts().isEmpty)
        #expect(try count(env, "SELECT COUNT(*) FROM person WHERE supplied != 0") == 0)
        // Later the prison corrects a release date: the owner's value replaces, no conflict.
        var changed = rows[0]
        changed[4] = "2025-07-15"
        let fix = try env.run(try env.csv("p2.csv", [Array(header.prefix(5)), Array(changed.prefix(5))]))
        #expect(fix.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.conflicts().isEmpty)
    }

    @Test func verificationColumnsOfAPrisonBatchFillNothingAndAreKeptAside() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "核实结果", "未核实原因", "衔接日期"]
        let other = makeID("370102", "19800202", "135")
        let report = try env.run(
            try env.csv(
                "p.csv",
                [
                    header, ["张三", id, "370102001", "核实成功", "", "2026-01-02"],
                    ["李四", other, "370102001", "核实失败", "查无此人", ""],
                ]))
        #expect(report.counts == counts(rows: 2, inserted: 2))
        #expect(report.diagnostics.filter { $0.severity != .note }.map(\.ruleID) == ["prison-verification-ignored"])
        let d = try #require(report.diagnostics.first { $0.ruleID == "prison-verification-ignored" })
        #expect(
            d.severity == .warning && d.location.row == 1 && d.location.column == 4 && d.location.columnName == "核实结果")
        #expect(
            d.message
                == "核实结果、未核实原因 are set by the 司法所 only: the values of 2 rows of this prison batch fill nothing there and are kept with each person as unknown columns"
        )
        let p = try #require(try env.store.person(key: other))
        #expect(p.value("verification") == nil && p.value("verificationNote") == nil)
        #expect(p.extra.map { "\($0.0)=\($0.1)" } == ["核实结果=核实失败", "未核实原因=查无此人"])
        #expect(try env.store.person(key: id)?.value("handoverDate") == "2026-01-02")
        // From the office the same columns are the owner's.
        _ = try env.run(env.path("p.csv"), side: .office)
        #expect(try env.store.person(key: other)?.value("verification") == "核实失败")
    }

    @Test func aMigrationTakesEveryFieldAsItStands() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "罪名", "核实结果", "衔接日期"]
        let report = try env.run(
            try env.csv("old.csv", [header, ["张三", id, "370102001", "盗窃罪", "核实成功", "2026-01-02"]]),
            side: .migration)
        #expect(report.counts == counts(rows: 1, inserted: 1))
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty)
        let p = try #require(try env.store.person(key: id))
        #expect(
            p.value("verification") == "核实成功" && p.value("handoverDate") == "2026-01-02" && p.value("crime") == "盗窃罪")
        #expect(try count(env, "SELECT supplied FROM person") == 0)
        #expect(try count(env, "SELECT COUNT(*) FROM import WHERE source_side = 'migration'") == 1)
        #expect(try env.store.conflicts().isEmpty)
        // What a migration set is the owners' word: the prison's different crime replaces it, the office's
        // different crime is a conflict.
        _ = try env.run(try env.csv("p.csv", [["姓名", "公民身份号码", "罪名"], ["张三", id, "抢劫罪"]]))
        #expect(try env.store.person(key: id)?.value("crime") == "抢劫罪")
        let office = try env.run(try env.csv("o.csv", [["姓名", "公民身份号码", "罪名"], ["张三", id, "诈骗罪"]]), side: .office)
        #expect(office.counts.conflicts == 1)
    }

    @Test func anOfficeLedgerWithout户籍UpdatesPeopleOfTheRegister() throws {
        let env = try Office2(Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        _ = try env.run(try env.csv("p.csv", [["姓名", "公民身份号码", "户籍地区划代码"], ["张三", id, "370102001"]]))
        let ledger = try env.run(
            try env.csv("o.csv", [["姓名", "公民身份号码", "衔接日期", "衔接方式"], ["张三", id, "2026-01-02", "家属接回"]]),
            side: .office)
        #expect(ledger.counts == counts(rows: 1, updated: 1))
        #expect(try env.store.person(key: id)?.value("handoverMethod") == "家属接回")
        // A new person without any 户籍 cannot be placed: an error of the row, kept in the rejected store.
        let stranger = makeID("370102", "19900101", "111")
        let other = try env.run(
            try env.csv("n.csv", [["姓名", "公民身份号码", "衔接日期"], ["李四", stranger, "2026-01-02"]]), side: .office)
        #expect(other.counts == counts(rows: 1, rejected: 1))
        #expect(other.diagnostics.map(\.ruleID) == ["hukou-unknown"])
        #expect(other.diagnostics.first?.location == InputLocation(file: "n.csv", row: 2))
    }

    @Test func aRejectedRowLeavesTheStoreWhenThePersonIsImportedCorrectly() throws {
        let env = try Office2()
        defer { env.remove() }
        let header = ["姓名", "公民身份号码", "户籍地区划代码", "民族"]
        let bad = try env.run(try env.csv("p.csv", [header, ["张三", id, "370102001", "火星族"]]))
        #expect(bad.counts == counts(rows: 1, rejected: 1))
        // Re-importing the same bad file does not store the row twice.
        _ = try env.run(env.path("p.csv"))
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 1)
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row WHERE person_key = '\(id)'") == 1)
        // The office's ledger about the same person does not remove the prison's rejected row.
        _ = try env.run(try env.csv("o.csv", [["姓名", "公民身份号码", "户籍地区划代码"], ["张三", id, "370102001"]]), side: .office)
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 1)
        // The prison's corrected batch does.
        let fixed = try env.run(try env.csv("p2.csv", [header, ["张三", id, "370102001", "汉族"]]))
        #expect(fixed.counts.corrected == 1)
        #expect(try count(env, "SELECT COUNT(*) FROM rejected_row") == 0)
    }
}
