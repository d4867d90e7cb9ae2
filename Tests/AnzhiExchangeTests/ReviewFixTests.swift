import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// Regressions for problems found in review.
@Suite struct ReviewFixTests {
    let id = makeID("370102", "19800101", "123")

    @Test func acceptingAStaleConflictNeedsForce() throws {
        let env = try Office2()
        defer { env.remove() }
        let h = ["姓名", "公民身份号码", "户籍地区划代码", "罪名"]
        _ = try env.run(try env.csv("a.csv", [h, ["张三", id, "370102001", "盗窃罪"]]))
        _ = try env.run(try env.csv("b.csv", [h, ["张三", id, "370102001", "抢劫罪"]]), side: .office)  // proposal
        _ = try env.run(try env.csv("c.csv", [h, ["张三", id, "370102001", "诈骗罪"]]))  // owner changes it
        let conflict = try #require(try env.store.conflicts().first)
        #expect(throws: StoreError.self) { try env.store.resolveConflict(conflict.id, accept: true) }
        try env.store.resolveConflict(conflict.id, accept: true, force: true)
        #expect(try env.store.person(key: id)?.value("crime") == "抢劫罪")
    }

    @Test func anAccepted户籍MovesThePersonOutOfTheQueueAndSettlesSiblings() throws {
        let env = try Office2()
        defer { env.remove() }
        let h = ["姓名", "公民身份号码", "户籍地区划代码"]
        _ = try env.run(try env.csv("a.csv", [h, ["张三", id, "370102"]]))
        #expect(try env.store.person(key: id)?.inQueue == true)
        _ = try env.run(try env.csv("b.csv", [h, ["张三", id, "370102001"]]), side: .office)
        _ = try env.run(try env.csv("c.csv", [h, ["张三", id, "370102002"]]), side: .office)
        let open = try env.store.conflicts()
        #expect(open.map(\.proposedValue) == ["370102001", "370102002"])
        try env.store.resolveConflict(open[0].id, accept: true)
        let p = try #require(try env.store.person(key: id))
        #expect(p.value("hukouRegion") == "370102001" && !p.inQueue)
        #expect(try env.store.conflicts().isEmpty)
        #expect(try env.store.conflicts(all: true).map(\.resolution) == ["accepted", "superseded"])
    }

    @Test func aRegisterCSVWithGuardedTextReimportsUnchanged() throws {
        let env = try Office2()
        defer { env.remove() }
        let h = ["姓名", "公民身份号码", "户籍地区划代码", "罪名", "狱中表现"]
        _ = try env.run(try env.csv("a.csv", [h, ["张三", id, "370102001", "盗窃罪", "-"]]))
        _ = try PersonSheets.writeRegister(env.store, to: env.path("r.csv"))
        #expect(try String(contentsOfFile: env.path("r.csv"), encoding: .utf8).contains(",'-,"))  // guarded for Excel
        let again = try env.run(env.path("r.csv"))
        #expect(again.counts == counts(rows: 1, unchanged: 1))
        #expect(try env.store.person(key: id)?.value("conduct") == "-")
    }

    /// Rows of files with different columns share the template layout, so person rows go to one CSV file (the
    /// errors file used to keep each source's columns, one file per layout).
    @Test func errorsFromSeveralFilesGoToOneCSVFileInTheTemplateLayout() throws {
        let env = try Office2()
        defer { env.remove() }
        let bad = String(id.dropLast()) + (id.last == "1" ? "2" : "1")
        let a = try env.run(try env.csv("a.csv", [["姓名", "公民身份号码", "户籍地区划代码"], ["张三", bad, "370102001"]]))
        let b = try env.run(try env.csv("b.csv", [["姓名", "公民身份号码", "罪名"], ["李四", bad, "x"]]))
        let files = try PersonSheets.writeErrors(a.rejected + b.rejected, to: env.path("e.csv"))
        #expect(files == [env.path("e.csv")])
        let reader = try CSVReader(path: env.path("e.csv"))
        var records: [[String]] = []
        while let r = try reader.next() { records.append(r.fields) }
        let crime = PersonFields.index["crime"]!
        #expect(records.count == 3 && records[0][crime] == "罪名" && records[0].count == PersonFields.all.count + 4)
        #expect(
            records[1][0] == "张三" && records[1][crime] == "" && records[1][PersonFields.At.hukouRegion] == "370102001")
        #expect(records[2][0] == "李四" && records[2][crime] == "x" && records[2][PersonFields.At.hukouRegion] == "")
    }

    @Test func visitsBeforeThePersonsSheetOfTheSameWorkbook() throws {
        let env = try Office2()
        defer { env.remove() }
        let x = try XLSXWriter(path: env.path("w.xlsx"))
        try x.startSheet("走访")
        try x.writeRow(["公民身份号码", "走访日期", "走访人", "走访情况"].map { .text($0) })
        try x.writeRow([.text(id), .text("2026-03-05"), .text("民警"), .text("正常")])
        try x.startSheet("人员")
        try x.writeRow(["姓名", "公民身份号码", "户籍地区划代码"].map { .text($0) })
        try x.writeRow([.text("张三"), .text(id), .text("370102001")])
        try x.close()
        let r = try env.run(env.path("w.xlsx"))
        #expect(r.counts == counts(rows: 2, inserted: 2))
        #expect(r.visitsAdded == 1)
    }

    @Test func shortOrNumericIDsAreNotEchoed() {
        #expect(IDNumber.mask("3701021980") == "370*******")
        #expect(IDNumber.mask("37010219800101123") == "370102*******1123")
        #expect(IDNumber.mask("12") == "**")
    }
}

@Suite struct AssignmentQueueTests {
    @Test func aQueuedPersonIsProposedATownshipAndAssigned() throws {
        let env = try Office2()
        defer { env.remove() }
        let id = makeID("370102", "19880808", "802")
        _ = try env.run(
            try env.csv(
                "q.csv",
                [
                    ["姓名", "公民身份号码", "户籍地区划代码", "户籍地址"],
                    ["郑十一", id, "370102", "山东省济南市历下区千佛山街道经十路1号"],
                ]))
        let queued = try env.store.queuedPeople()
        #expect(queued.map(\.key) == [id])
        let proposal = TestEnv.reference.regions.proposeChild(of: "370102", address: queued[0].value("hukouAddress")!)
        #expect(proposal?.code == "370102002" && proposal?.name == "千佛山街道")
        #expect(throws: StoreError.self) {
            try env.store.assign(key: id, to: "370103002", regions: TestEnv.reference.regions)
        }  // not ours
        #expect(throws: StoreError.self) {
            try env.store.assign(key: id, to: "370102", regions: TestEnv.reference.regions)
        }  // not a township
        try env.store.assign(key: id, to: "370102002", regions: TestEnv.reference.regions)
        let p = try #require(try env.store.person(key: id))
        #expect(p.value("hukouRegion") == "370102002" && !p.inQueue)
        #expect(try env.store.history(of: p.id).last?.field == "hukouRegion")
        #expect(try env.store.queuedPeople().isEmpty)
        #expect(throws: StoreError.self) {
            try env.store.assign(key: id, to: "370102001", regions: TestEnv.reference.regions)
        }  // no longer queued
    }
}
