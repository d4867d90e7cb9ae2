public import Spreadsheet

/// The levels of the organisation (domain §1–§2).
public enum OfficeLevel: String, Sendable, CaseIterable, Codable {
    case central, province, city, county, township, prison
    case detentionCentre = "detention-centre"

    /// Whether the office leads subordinates (and so keeps an assignment queue).
    public var isLeadership: Bool { [.central, .province, .city, .county].contains(self) }
    /// Whether the office is custodial (its jurisdiction is its own inmates).
    public var isCustodial: Bool { self == .prison || self == .detentionCentre }
    /// Which side of the ownership rules the office's own entries are on.
    public var side: FieldOwner { isCustodial ? .prison : .office }
    /// How many digits of a region code name an office of this level (2 province, 4 city, 6 county, 9 township).
    public var regionDigits: Int {
        switch self {
        case .central, .province: return 2
        case .city: return 4
        case .county: return 6
        case .township, .prison, .detentionCentre: return 9
        }
    }

    /// Chinese name of the level.
    public var label: String {
        switch self {
        case .central: return "中央"
        case .province: return "省"
        case .city: return "地市"
        case .county: return "区县"
        case .township: return "乡镇(街道)司法所"
        case .prison: return "监狱"
        case .detentionCentre: return "看守所"
        }
    }
}

/// An office: code, name, level and, for administrative levels, the region whose 户籍 codes it covers.
public struct Office: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var level: OfficeLevel
    /// Region code of the jurisdiction (nil for custodial offices and the central office).
    public var region: String?

    public init(code: String, name: String, level: OfficeLevel, region: String?) {
        self.code = code
        self.name = name
        self.level = level
        self.region = region
    }

    /// Where a person with this 户籍 code belongs as seen from this office.
    public enum Placement: Sendable, Equatable {
        /// In the office's register.
        case register
        /// In this leadership office's assignment queue: the code stops above township.
        case assignmentQueue
        /// Outside the jurisdiction (or the 户籍 is unknown to a township office).
        case outside
    }

    /// Decides whether a person whose 户籍 code is `hukou` (nil when unknown) belongs to this office.
    public func placement(ofHukou hukou: String?) -> Placement {
        if level.isCustodial { return .register }
        let prefix = region.map(RegionCode.significant) ?? ""
        guard let hukou, !hukou.isEmpty else {
            return level.isLeadership && prefix.isEmpty ? .assignmentQueue : .outside
        }
        let person = RegionCode.significant(hukou)
        guard person.hasPrefix(prefix) else { return .outside }
        if RegionCode.stopsAboveTownship(hukou) { return level.isLeadership ? .assignmentQueue : .outside }
        return .register
    }
}

extension OfficeLevel {
    /// The day of July (半年报) and of February (全年报) by which an office of this level sends its report up
    /// (domain §1): 司法所 2, county 3, city 5, province and centre 10; custodial offices send none.
    public var reportDueDay: Int? {
        switch self {
        case .township: return 2
        case .county: return 3
        case .city: return 5
        case .province, .central: return 10
        case .prison, .detentionCentre: return nil
        }
    }

    /// When this level's report of `period` (`2026H1` or `2026`) is due: July of the year for the half-year, February
    /// of the next year for the year.
    public func reportDue(period: String) -> CivilDate? {
        guard let day = reportDueDay else { return nil }
        if period.hasSuffix("H1"), let year = Int(period.dropLast(2)) {
            return CivilDate(year: year, month: 7, day: day)
        }
        if let year = Int(period) { return CivilDate(year: year + 1, month: 2, day: day) }
        return nil
    }
}
