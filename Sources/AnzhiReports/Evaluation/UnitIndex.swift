import AnzhiCore
import Spreadsheet

/// Maps a person's 户籍 code to the unit (row) it is counted in: the office itself for a 司法所 or custodial
/// office; for leadership offices the direct subordinate whose region the code falls in, and 本级 for the
/// assignment queue.
struct UnitIndex {
    let office: Office
    let regions: RegionTable
    private(set) var units: [ReportUnit] = []
    private var byPrefix: [Int: Int] = [:]
    private let prefixLength: Int
    private var own: Int?

    /// The row name of the office's own assignment queue (layout key `own`).
    let ownName: String

    init(office: Office, regions: RegionTable, ownName: String) {
        self.office = office
        self.regions = regions
        self.ownName = ownName
        switch office.level {
        case .central: prefixLength = 2
        case .province: prefixLength = 4
        case .city: prefixLength = 6
        case .county: prefixLength = 9
        default: prefixLength = 0
        }
        if prefixLength == 0 {
            units = [ReportUnit(code: office.code, name: office.name, kind: .office)]
        } else {
            for child in regions.children(of: office.region.map(RegionCode.significant) ?? "") {
                _ = add(child.code)
            }
        }
    }

    var count: Int { units.count }

    private mutating func add(_ code: String) -> Int {
        let prefix = String(code.prefix(prefixLength))
        let key = Int(prefix) ?? -1
        if let i = byPrefix[key] { return i }
        let fullCode = RegionCode.sixDigits(prefix)
        units.append(ReportUnit(code: fullCode, name: regions.name(fullCode) ?? fullCode, kind: .subordinate))
        byPrefix[key] = units.count - 1
        return units.count - 1
    }

    @inline(__always)
    mutating func unit(hukou: UnsafeBufferPointer<UInt8>?, queued: Bool) -> Int {
        if prefixLength == 0 { return 0 }
        guard !queued, let hukou, hukou.count >= prefixLength else {
            if let own { return own }
            units.append(ReportUnit(code: office.code + "-本级", name: ownName, kind: .own))
            own = units.count - 1
            return own!
        }
        var key = 0
        for i in 0..<prefixLength { key = key * 10 + Int(hukou[i]) - 48 }
        if let i = byPrefix[key] { return i }
        return add(String(decoding: hukou, as: UTF8.self))
    }

    /// Units in report order: subordinates by code, then 本级; each with its index into the counts.
    func ordered() -> [(Int, ReportUnit)] {
        let indexed = units.enumerated().map { ($0.offset, $0.element) }
        return indexed.filter { $0.1.kind != .own }.sorted { $0.1.code < $1.1.code }
            + indexed.filter { $0.1.kind == .own }
    }
}
