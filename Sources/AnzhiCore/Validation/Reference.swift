import Foundation
import Spreadsheet

/// The reference data one validation needs: code tables and regions, loaded once from `Templates/`.
public final class ReferenceData: Sendable {
    public let codeTables: [String: CodeTable]
    public let regions: RegionTable
    public let folder: String

    public init(codeTables: [String: CodeTable], regions: RegionTable, folder: String) {
        self.codeTables = codeTables
        self.regions = regions
        self.folder = folder
    }

    /// Loads `code-tables/*.csv` and `regions/` from a Templates folder.
    /// - Throws: when a table the record needs is missing.
    public static func load(templates folder: String) throws -> ReferenceData {
        var tables: [String: CodeTable] = [:]
        for field in PersonFields.all {
            guard case .code(let id) = field.kind, tables[id] == nil else { continue }
            let path = folder + "/code-tables/\(id).csv"
            guard FileManager.default.fileExists(atPath: path) else {
                throw SpreadsheetError(
                    .fileNotReadable, key: "error.file-not-readable.code-table", ["id": "\(id)", "path": "\(path)"])
            }
            tables[id] = try CodeTable.load(id: id, path: path)
        }
        return ReferenceData(
            codeTables: tables, regions: try RegionTable.load(folder: folder + "/regions"), folder: folder)
    }

    public func table(_ id: String) -> CodeTable { codeTables[id]! }
}
