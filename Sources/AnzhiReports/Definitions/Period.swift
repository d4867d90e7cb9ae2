public import Spreadsheet

/// A report period: 半年报 `2026H1` (1 Jan – 30 Jun) or 全年报 `2026` (1 Jan – 31 Dec), both ends included.
public struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    public let start: CivilDate
    public let end: CivilDate
    public let isHalfYear: Bool
    public let year: Int

    /// Parses `2026H1` or `2026`.
    public init?(_ text: String) {
        let t = text.uppercased()
        if t.count == 6, t.hasSuffix("H1"), let y = Int(t.prefix(4)), y >= 1990, y <= 9998 {
            year = y
            isHalfYear = true
            start = CivilDate(year: y, month: 1, day: 1)!
            end = CivilDate(year: y, month: 6, day: 30)!
        } else if t.count == 4, let y = Int(t), y >= 1990, y <= 9998 {
            year = y
            isHalfYear = false
            start = CivilDate(year: y, month: 1, day: 1)!
            end = CivilDate(year: y, month: 12, day: 31)!
        } else {
            return nil
        }
    }

    /// `2026H1` or `2026`.
    public var description: String { isHalfYear ? "\(year)H1" : "\(year)" }

    /// 2026年上半年 or 2026年.
    public var chineseName: String { isHalfYear ? "\(year)年上半年" : "\(year)年" }

    /// The `count` periods before this one, oldest first, half-years and years alternating as they are reported
    /// (2025H1, 2025, 2026H1 before 2026).
    public func earlier(_ count: Int) -> [ReportPeriod] {
        var result: [ReportPeriod] = []
        var (year, half) = (self.year, isHalfYear)
        for _ in 0..<count {
            if half {
                year -= 1
                half = false
            } else {
                half = true
            }
            if let p = ReportPeriod(half ? "\(year)H1" : "\(year)") { result.insert(p, at: 0) }
        }
        return result
    }
}
