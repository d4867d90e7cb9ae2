public import AnzhiCore
import AnzhiStore
public import ArgumentParser
import Foundation

/// `--db` (or `ANZHI_DB`) and `--templates` (or `ANZHI_TEMPLATES`), shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The office database (default: $ANZHI_DB, else ./anzhi.sqlite).")
    var db: String?

    @Option(help: "The Templates folder with code tables and regions (default: found beside the program).")
    var templates: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["ANZHI_DB"] ?? "anzhi.sqlite" }

    func open() throws -> Store { try Store.open(path: path) }

    func reference() throws -> ReferenceData {
        guard let folder = TemplateLocator.find(override: templates) else {
            throw CommandError(codeName: "templates-not-found",
                               message: "cannot find the Templates folder (code tables, regions); give --templates or set ANZHI_TEMPLATES")
        }
        return try ReferenceData.load(templates: folder)
    }
}

extension BatchSide: ExpressibleByArgument {}
extension PersonStatus: ExpressibleByArgument {}

/// Levels by their English names or the Chinese ones clerks use (区县, 司法所, 监狱 …).
extension OfficeLevel: ExpressibleByArgument {
    public init?(argument: String) {
        if let level = OfficeLevel(rawValue: argument) ?? OfficeLevel.chineseNames[argument] {
            self = level
        } else {
            return nil
        }
    }

    static let chineseNames: [String: OfficeLevel] = [
        "中央": .central, "省": .province, "省级": .province, "地市": .city, "市": .city, "市级": .city,
        "区县": .county, "县": .county, "区": .county, "县级": .county, "乡镇": .township, "街道": .township,
        "司法所": .township, "乡镇(街道)司法所": .township, "监狱": .prison, "看守所": .detentionCentre,
    ]

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
