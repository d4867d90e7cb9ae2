import AnzhiCore
import AnzhiExchange
import AnzhiStore
import Foundation
import GRDB
import Spreadsheet

/// Shared set-up for import tests: the real Templates, a fresh database per test, today fixed.
enum TestEnv {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let reference: ReferenceData = try! ReferenceData.load(
        templates: root.appendingPathComponent("Templates").path)
    static let today = CivilDate(year: 2026, month: 11, day: 29)!

    static func fixture(_ relative: String) -> String { root.appendingPathComponent("Tests/Fixtures/\(relative)").path }
}

/// A temporary folder with an office database in it.
struct Office2 {
    let dir: URL
    let store: Store
    let importer: Importer

    init(_ office: Office = Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102")) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-imp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try Store.create(path: dir.appendingPathComponent("o.sqlite").path, office: office)
        importer = Importer(store: store, reference: TestEnv.reference)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// Writes a CSV batch from rows of fields.
    func csv(_ name: String, _ rows: [[String]]) throws -> String {
        let w = try CSVWriter(path: path(name), dialect: .plain)
        for r in rows { try w.writeRecord(r) }
        try w.close()
        return path(name)
    }

    func run(_ file: String, side: BatchSide = .prison, configure: (inout ImportOptions) -> Void = { _ in }) throws
        -> ImportReport
    {
        var options = ImportOptions(side: side, today: TestEnv.today)
        configure(&options)
        return try importer.importFile(path: file, displayName: (file as NSString).lastPathComponent, options: options)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

/// One integer from the office's database (-1 when the query returns no row).
func count(_ env: Office2, _ sql: String) throws -> Int {
    try env.store.queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
}

/// Valid ID numbers for tests: address + birth date + sequence, with the check character computed.
func makeID(_ address: String = "370102", _ birth: String, _ sequence: String) -> String {
    let body = Array((address + birth + sequence).utf8)
    return address + birth + sequence + String(IDNumber.checkCharacter(body))
}
