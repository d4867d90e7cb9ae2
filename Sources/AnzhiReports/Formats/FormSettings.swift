public import Spreadsheet

/// What the printed form carries at its head and foot besides the figures, as on a Chinese official statistics
/// form: 表号 and 制表机关 at the top right, the signatures (单位负责人, 统计负责人, 填表人) and 联系电话 at the
/// foot. An office keeps them in its database (`anzhi office set`); one that is not set prints as a blank to sign.
public struct FormSettings: Sendable, Hashable {
    /// A setting: its Chinese name (the key as stored and printed) and an ASCII alias for the command line.
    public enum Key: String, CaseIterable, Sendable, Hashable {
        case formNumber = "表号"
        case authority = "制表机关"
        case head = "单位负责人"
        case statisticsHead = "统计负责人"
        case preparer = "填表人"
        case phone = "联系电话"

        /// The ASCII alias: `formNumber`, `authority`, `head`, `statisticsHead`, `preparer`, `phone`.
        public var alias: String {
            switch self {
            case .formNumber: return "formNumber"
            case .authority: return "authority"
            case .head: return "head"
            case .statisticsHead: return "statisticsHead"
            case .preparer: return "preparer"
            case .phone: return "phone"
            }
        }

        /// The key named by its Chinese name or its alias (the alias in any letter case); nil for anything else.
        public init?(name: String) {
            guard
                let key = Key(rawValue: name)
                    ?? Key.allCases.first(where: { $0.alias.lowercased() == name.lowercased() })
            else { return nil }
            self = key
        }
    }

    /// The blank printed for a setting nobody has filled in: a line to sign or write on.
    public static let blank = "________"

    /// The values that are set, by key.
    public var values: [Key: String]

    /// Settings from the store's key → value table (unknown keys, from a later version, are ignored).
    public init(stored: [String: String] = [:]) {
        var values: [Key: String] = [:]
        for (k, v) in stored { if let key = Key(rawValue: k), !v.isEmpty { values[key] = v } }
        self.values = values
    }

    /// `表号：司统1表`, or `表号：________` when it is not set; 表号 is spaced to the width of a four-character
    /// name, as forms align their head.
    public func line(_ key: Key) -> String {
        let name = key == .formNumber ? "表\u{3000}\u{3000}号" : key.rawValue
        return "\(name)：\(values[key] ?? FormSettings.blank)"
    }

    /// A date as forms print it: 2026年7月2日.
    public static func chineseDate(_ d: CivilDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }
}
