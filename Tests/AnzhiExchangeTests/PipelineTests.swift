import AnzhiCore
import AnzhiStore
import Foundation
import Spreadsheet
import Testing

@testable import AnzhiExchange

/// The row processor on its own (one thread, no database), and the two-stage pipeline apart from it.
@Suite struct RowProcessorTests {
    let township = Office(code: "370102001", name: "解放路司法所", level: .township, region: "370102001")

    func context(_ headers: [String]) -> TableContext {
        let detector = HeaderDetector(matcher: HeaderMatcher(), side: .prison, file: "t.csv")
        let header = TableRow(number: 1, cells: RowCells(headers.map { .text($0) }))
        return detector.context(table: nil, header: header, isVisits: false).0
    }

    func row(_ n: Int, _ cells: [String]) -> TableRow {
        TableRow(number: n, cells: RowCells(cells.map { $0.isEmpty ? .empty : .text($0) }))
    }

    @Test func rowsBecomePeopleRejectionsDuplicatesAndOutsideRows() throws {
        let a = makeID("370102", "19800101", "123")
        let b = makeID("370102", "19800202", "135")
        var items: [MergeItem] = []
        var options = ImportOptions(side: .prison, today: TestEnv.today)
        options.maxErrors = 10
        let processor = RowProcessor(
            validator: RecordValidator(reference: TestEnv.reference, today: TestEnv.today),
            office: township, options: options, file: "t.csv", storedHukou: [:]
        ) { items.append($0) }
        try processor.process(.table(context(["姓名", "公民身份号码", "户籍地区划代码", "罪名"])))
        try processor.process(.row(row(2, ["张三", a, "370102001", "盗窃罪"])))
        try processor.process(.row(row(3, ["张三", a, "370102001", "盗窃罪"])))  // the same record again
        try processor.process(.row(row(4, ["张三", a, "370102001", "抢劫罪"])))  // the same person, other values
        try processor.process(.row(row(5, ["李四", b, "370102002", "盗窃罪"])))  // another township
        try processor.process(.row(row(6, ["王五", "123", "370102001", "盗窃罪"])))  // a bad ID
        try processor.process(.row(row(7, [])))  // blank: not a row
        var expected = ImportCounts()
        expected.rows = 5
        expected.unchanged = 1
        expected.rejected = 2
        expected.outside = 1
        #expect(processor.counts == expected)
        #expect(items.count == 3)
        guard case .person(let record, let location, let inQueue, _, let origin) = items[0] else {
            Issue.record("the first item is not a person: \(items[0])")
            return
        }
        #expect(record.key == a && location.row == 2 && !inQueue && origin == nil)
        let rejectedRows = items.compactMap { item -> Int? in
            if case .rejected(let r) = item { return r.location.row }
            return nil
        }
        #expect(rejectedRows == [4, 6])
        #expect(processor.diagnostics.map(\.ruleID) == ["duplicate-row", "duplicate-key", "id-format"])
        #expect(processor.summaries().map(\.ruleID) == ["outside-jurisdiction"])
    }

    @Test func theMergeThreadsOwn户籍DecidesWhereAnOfficeLedgerRowBelongs() throws {
        let a = makeID("370102", "19800101", "123")
        var items: [MergeItem] = []
        let processor = RowProcessor(
            validator: RecordValidator(reference: TestEnv.reference, today: TestEnv.today),
            office: township, options: ImportOptions(side: .office, today: TestEnv.today),
            file: "o.csv", storedHukou: [a: "370102001"]
        ) { items.append($0) }
        try processor.process(.table(context(["姓名", "公民身份号码", "衔接日期"])))
        try processor.process(.row(row(2, ["张三", a, "2026-01-02"])))
        #expect(items.count == 1 && processor.counts.outside == 0)
    }
}

@Suite struct PipelineTests {
    /// A consumer that fails stops the reader thread, which is waited for before the error goes on.
    @Test func aFailingConsumerStopsTheReaderAndTheErrorComesThrough() throws {
        let env = try Office2()
        defer { env.remove() }
        var rows = [["姓名", "公民身份号码", "户籍地区划代码"]]
        for i in 0..<5_000 {
            rows.append(["某\(i)", makeID("370102", "19800101", String(format: "%03d", i % 999 + 1)), "370102001"])
        }
        let path = try env.csv("big.csv", rows)
        let source = try TableSource(path: path, displayName: "big.csv", encoding: .auto)
        let reader = TableReader(
            source: source, detector: HeaderDetector(matcher: HeaderMatcher(), side: .prison, file: "big.csv"),
            validator: RecordValidator(reference: TestEnv.reference, today: TestEnv.today), sheet: nil, file: "big.csv")
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try Importer.run(reader) { _ in
                seen += 1
                if seen == 100 { throw Enough() }
            }
        }
        #expect(seen == 100)
        // The whole file, consumed to the end, arrives in order: the header, then every row.
        var numbers: [Int] = []
        let again = TableReader(
            source: try TableSource(path: path, displayName: "big.csv", encoding: .auto),
            detector: HeaderDetector(matcher: HeaderMatcher(), side: .prison, file: "big.csv"),
            validator: RecordValidator(reference: TestEnv.reference, today: TestEnv.today), sheet: nil, file: "big.csv")
        try Importer.run(again) { item in
            switch item {
            case .table: numbers.append(1)
            case .row(let r), .validated(let r, _): numbers.append(r.number)
            }
        }
        #expect(numbers == Array(1...5_001))
        #expect(again.foundHeader)
    }
}
