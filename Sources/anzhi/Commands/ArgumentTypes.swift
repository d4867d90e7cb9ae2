public import AnzhiCore
public import AnzhiExchange
public import AnzhiStore
public import ArgumentParser
public import Spreadsheet

// The library types that options take, read from the command line.

extension CSVEncodingChoice: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension BatchSide: ExpressibleByArgument {}
extension PersonForms.Kind: ExpressibleByArgument {}
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
