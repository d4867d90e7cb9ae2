import AnzhiCore
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

/// The store on its own: a fresh database per test, the real migrator, records made by the real validator.
struct StoreEnv {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let reference: ReferenceData = try! ReferenceData.load(
        templates: root.appendingPathComponent("Templates").path)
    static let today = CivilDate(year: 2026, month: 11, day: 29)!
    let dir: URL
    let store: Store

    init(_ office: Office = Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102")) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store.create(path: dir.appendingPathComponent("s.sqlite").path, office: office)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// A valid record from header → value pairs, through the validator.
    static func record(_ fields: [String: String], row: Int = 2) throws -> ValidRecord {
        let headers = Array(fields.keys).sorted()
        var mapping = FieldMapping(fields: [:], unknown: [:], headers: [:])
        for (i, h) in headers.enumerated() {
            mapping.fields[i + 1] = PersonFields.all.firstIndex { $0.header == h }!
            mapping.headers[i + 1] = h
        }
        let cells = RowCells(headers.map { CellValue.text(fields[$0]!) })
        let result = RecordValidator(reference: reference, today: today)
            .validate(InputRow(location: InputLocation(file: "t.csv", row: row), cells: cells), mapping: mapping)
        return try result.get()
    }

    static func id(_ birth: String, _ sequence: String) -> String {
        let body = Array(("370102" + birth + sequence).utf8)
        return "370102" + birth + sequence + String(IDNumber.checkCharacter(body))
    }
}

@Suite struct MergeSessionTests {
    let a = StoreEnv.id("19800101", "123")

    func source(_ side: BatchSide = .prison, file: String = "t.csv") -> ImportSource {
        ImportSource(file: file, contentHash: UUID().uuidString, side: side, kind: "batch")
    }

    @Test func aSessionCommitsTogetherOrNotAtAll() throws {
        let env = try StoreEnv()
        defer { env.remove() }
        struct Stop: Error {}
        let record = try StoreEnv.record(["姓名": "张三", "公民身份号码": a, "户籍地区划代码": "370102001"])
        #expect(throws: Stop.self) {
            try env.store.merging(source()) { session in
                _ = try session.merge(record, at: InputLocation(file: "t.csv", row: 2), inQueue: false)
                throw Stop()
            }
        }
        #expect(try env.store.counts().people == 0)
        let dry = try env.store.merging(source(), dryRun: true) { session in
            try session.merge(record, at: InputLocation(file: "t.csv", row: 2), inQueue: false).0
        }
        #expect(dry == .inserted)
        #expect(try env.store.counts().people == 0)
        try env.store.merging(source()) { session in
            _ = try session.merge(record, at: InputLocation(file: "t.csv", row: 2), inQueue: false)
            try session.finish(ImportCounts())
        }
        #expect(try env.store.person(key: a)?.value("name") == "张三")
        // The same content again is recognised (the import log keeps the hash).
        let again = ImportSource(file: "t.csv", contentHash: "fixed", side: .prison, kind: "batch")
        try env.store.merging(again) { _ in }
        let previous = try env.store.merging(again) { session in try session.previousImport() }
        #expect(previous != nil)
    }

    @Test func supplyConfirmationAndConflictThroughTheSession() throws {
        let env = try StoreEnv()
        defer { env.remove() }
        let at = InputLocation(file: "t.csv", row: 2)
        let prison = try StoreEnv.record([
            "姓名": "张三", "公民身份号码": a, "户籍地区划代码": "370102001", "罪名": "盗窃罪", "衔接日期": "2026-01-02",
        ])
        try env.store.merging(source(.prison)) { _ = try $0.merge(prison, at: at, inQueue: false) }
        // The office owns the hand-over: its own value replaces the prison's supply; its crime is a proposal.
        let office = try StoreEnv.record(["姓名": "张三", "公民身份号码": a, "罪名": "诈骗罪", "衔接日期": "2026-01-03"])
        let (outcome, conflicts) = try env.store.merging(source(.office, file: "o.csv")) {
            try $0.merge(office, at: at, inQueue: false)
        }
        #expect(outcome == .updated && conflicts == 1)
        let p = try #require(try env.store.person(key: a))
        #expect(p.value("handoverDate") == "2026-01-03" && p.value("crime") == "盗窃罪")
        #expect(try env.store.conflicts().map(\.proposedValue) == ["诈骗罪"])
        let settled = try env.store.resolveConflicts(ConflictSelection(field: "crime"), accept: true)
        #expect(settled.settled == 1 && settled.skipped.isEmpty)
        #expect(try env.store.person(key: a)?.value("crime") == "诈骗罪")
    }
}

@Suite struct StoreErrorTests {
    @Test func databaseProblemsCarryTheirCodeAndPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("none.sqlite").path
        #expect { _ = try Store.open(path: missing) } throws: { ($0 as? StoreError)?.code == .noDatabase }
        let junk = dir.appendingPathComponent("junk.sqlite").path
        try "not a database, just text".write(toFile: junk, atomically: true, encoding: .utf8)
        do {
            _ = try Store.open(path: junk)
            Issue.record("a text file opened as a database")
        } catch let error as StoreError {
            #expect(error.code == .notADatabase && error.location == InputLocation(file: junk) && error.cause != nil)
            #expect(error.description == "\(junk): error: [not-a-database] not an Anzhi database (not an SQLite file)")
        }
        let office = Office(code: "370102", name: "x", level: .county, region: "370102")
        let path = dir.appendingPathComponent("s.sqlite").path
        _ = try Store.create(path: path, office: office)
        #expect { _ = try Store.create(path: path, office: office) } throws: {
            ($0 as? StoreError)?.code == .databaseExists
        }
        // Nothing temporary is left beside the database.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".init-") }.isEmpty)
    }
}

@Suite struct RegisterQueryTests {
    @Test func statusesFollowTheTermAndTheExit() throws {
        let env = try StoreEnv(Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001"))
        defer { env.remove() }
        let people: [[String: String]] = [
            ["姓名": "在册", "释放日期": "2022-01-01", "释放来源": "监狱"],  // 5 y: to 2027-01-01
            ["姓名": "期满", "释放日期": "2021-11-29", "释放来源": "监狱"],  // ends on the day itself
            ["姓名": "短期", "释放日期": "2023-11-30", "释放类型": "解除社区矫正"],  // 3 y: ends 2026-11-30
            ["姓名": "注销", "释放日期": "2025-01-01", "注销日期": "2026-11-29", "注销原因": "迁出"],
            ["姓名": "在押", "入监日期": "2025-01-01", "核实结果": "核实失败"],
        ]
        try env.store.merging(ImportSource(file: "m.csv", contentHash: "m", side: .migration, kind: "batch")) {
            session in
            for (i, var p) in people.enumerated() {
                p["公民身份号码"] = StoreEnv.id("1980010\(i + 1)", "13\(i)")
                p["户籍地区划代码"] = "370102001"
                _ = try session.merge(
                    try StoreEnv.record(p), at: InputLocation(file: "m.csv", row: i + 2), inQueue: false)
            }
        }
        func names(_ status: PersonStatus) throws -> [String] {
            try env.store.people(matching: PersonFilter(status: status), on: StoreEnv.today).map {
                $0.value("name") ?? ""
            }
        }
        #expect(try names(.onRegister) == ["在册", "短期"])
        #expect(try names(.termEnded) == ["期满"])
        #expect(try names(.exited) == ["注销"])
        #expect(
            try names(.inCustody) == ["在押"] && names(.verificationFailed) == ["在押"]
                && names(.awaitingVerification) == [])
        // The typed scan lends the asked fields in order.
        var seen: [String] = []
        try env.store.scanRegister(fields: ["name", "releaseDate"]) { row in
            seen.append(
                [row.field(0), row.field(1)].map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "—" }.joined(
                    separator: "|"))
        }
        #expect(seen == ["在册|2022-01-01", "期满|2021-11-29", "短期|2023-11-30", "注销|2025-01-01", "在押|—"])
    }

    @Test func referencesNameAPersonByHandleIDOrFallbackKey() throws {
        let today = StoreEnv.today
        #expect(try PersonReference(parsing: "#17", today: today) == .handle(17))
        #expect(try PersonReference(parsing: "17", today: today) == .handle(17))
        #expect(try PersonReference(parsing: "11010519491231002x", today: today) == .key("11010519491231002X"))
        #expect(
            try PersonReference(parsing: "张三|1970-01-01|济南监狱|3701001", today: today)
                == .key("~张三|1970-01-01|济南监狱|3701001"))
        #expect { _ = try PersonReference(parsing: "37010219800101", today: today) } throws: {
            ($0 as? StoreError)?.code == .invalidArgument
                && ($0 as? StoreError)?.message.hasPrefix("'370*********") == true
        }
    }
}
