import Foundation
import Spreadsheet

/// The administrative divisions (`Templates/regions/`): GB/T 2260 provinces, cities and counties (current and
/// abolished county codes, since old ID numbers carry them) and GB/T 10114 townships.
public final class RegionTable: Sendable {
    public struct Region: Sendable, Hashable {
        public let code: String
        public let name: String
        public let parent: String?
    }

    let provinces: [String: Region]
    let cities: [String: Region]
    let counties: [String: Region]
    let abolishedCounties: Set<String>
    let townships: [String: Region]
    private let children: [String: [Region]]

    init(provinces: [Region], cities: [Region], counties: [Region], abolished: Set<String>, townships: [Region]) {
        func map(_ list: [Region]) -> [String: Region] {
            Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        }
        self.provinces = map(provinces)
        self.cities = map(cities)
        self.counties = map(counties)
        self.townships = map(townships)
        abolishedCounties = abolished
        var children: [String: [Region]] = [:]
        for r in cities + counties + townships { if let p = r.parent { children[p, default: []].append(r) } }
        self.children = children
    }

    /// Loads the tables from a `Templates/regions` folder.
    public static func load(folder: String) throws -> RegionTable {
        func rows(_ file: String) throws -> [[String]] {
            let reader = try CSVReader(path: folder + "/" + file, encoding: .utf8)
            var all: [[String]] = []
            _ = try reader.next()
            // Offices may edit these files: blank or short lines are skipped, never indexed past their end.
            let width = file == "provinces.csv" ? 2 : 3
            while let r = try reader.next() {
                if r.count >= width, !r[0].isEmpty { all.append(r.fields) }
            }
            return all
        }
        let provinces = try rows("provinces.csv").map { Region(code: $0[0], name: $0[1], parent: nil) }
        let cities = try rows("cities.csv").map { Region(code: $0[0], name: $0[1], parent: $0[2]) }
        var counties = try rows("areas.csv").map { Region(code: $0[0], name: $0[1], parent: $0[2]) }
        var abolished: Set<String> = []
        let known = Set(counties.map(\.code))
        if FileManager.default.fileExists(atPath: folder + "/counties.csv") {
            for r in try rows("counties.csv") where r.count >= 3 && r[0].count == 6 && !known.contains(r[0]) {
                let code = r[0]
                if code.hasSuffix("00") { continue }  // province and city rows
                if r[2] == "abolished" { abolished.insert(code) }
                counties.append(Region(code: code, name: r[1], parent: String(code.prefix(4))))
            }
        }
        let townships = try rows("streets.csv").map { Region(code: $0[0], name: $0[1], parent: $0[2]) }
        return RegionTable(
            provinces: provinces, cities: cities, counties: counties, abolished: abolished, townships: townships)
    }

    /// Whether a 6-, 9- or 12-digit code names a known division (a 12-digit village code is known when its
    /// township is; city and province codes in 6-digit form, 370100 and 370000, are known when the division is).
    public func isKnown(_ code: String) -> Bool {
        switch code.count {
        case 6:
            if code.hasSuffix("0000") { return provinces[String(code.prefix(2))] != nil }
            if counties[code] != nil { return true }
            if code.hasSuffix("00") { return cities[String(code.prefix(4))] != nil }
            return false
        case 9: return townships[code] != nil
        case 12: return townships[String(code.prefix(9))] != nil
        default: return false
        }
    }

    /// The direct subordinates of a division given by its significant digits ("" for the whole country):
    /// provinces, cities, counties or townships.
    public func children(of prefix: String) -> [Region] {
        switch prefix.count {
        case 0: return provinces.values.sorted { $0.code < $1.code }
        case 2: return cities.values.filter { $0.code.hasPrefix(prefix) }.sorted { $0.code < $1.code }
        case 4:
            return (children[prefix] ?? []).filter { !abolishedCounties.contains($0.code) }.sorted { $0.code < $1.code }
        case 6: return (children[prefix] ?? []).sorted { $0.code < $1.code }
        default: return []
        }
    }

    /// Whether a township code is missing from the (2022) township table although its county is known.
    public func isNewTownship(_ code: String) -> Bool {
        code.count >= 9 && townships[String(code.prefix(9))] == nil && counties[String(code.prefix(6))] != nil
    }

    /// The name of a division, for messages and summaries.
    public func name(_ code: String) -> String? {
        switch RegionCode.significant(code).count {
        case 2: return provinces[String(code.prefix(2))]?.name
        case 4: return cities[String(code.prefix(4))]?.name
        case 6: return counties[String(code.prefix(6))]?.name
        default: return townships[String(code.prefix(9))]?.name
        }
    }

    /// The one direct subordinate of a division (significant digits: a city's counties, a county's townships)
    /// whose name, with or without its suffix, appears in the address; nil when none or several do.
    public func proposeChild(of prefix: String, address: String) -> Region? {
        let matches = children(of: prefix).filter { c in
            c.name != "市辖区" && RegionTable.shortNames(c.name).contains { address.contains($0) }
        }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Derives a region code from address text by matching names level by level (province → city → county →
    /// township), allowing omitted suffixes (省/市/区/县/街道/镇/乡) and skipped levels; stops at the last level
    /// that matches exactly one division. Returns nil when not even a province or city is certain.
    public func derive(from address: String) -> (code: String, names: [String])? {
        var rest = Substring(address.trimmingSpaces())
        var names: [String] = []
        var code: String?
        func consume(_ candidates: [Region]) -> Region? {
            var hits: [(Region, Int)] = []
            for c in candidates {
                for n in RegionTable.shortNames(c.name) where rest.hasPrefix(n) {
                    hits.append((c, n.count))
                    break
                }
            }
            guard !hits.isEmpty else { return nil }
            let longest = hits.map(\.1).max()!
            let best = hits.filter { $0.1 == longest }
            guard best.count == 1 else { return nil }
            rest = rest.dropFirst(longest)
            names.append(best[0].0.name)
            return best[0].0
        }
        var province = consume(Array(provinces.values))
        if let p = province { code = p.code }
        var city: Region?
        let cityPool = province.map { children[$0.code] ?? [] } ?? Array(cities.values)
        city = consume(cityPool.filter { $0.name != "市辖区" && $0.name != "县" && $0.name != "省直辖县级行政区划" })
        if let c = city {
            code = c.code
            if province == nil { province = provinces[String(c.code.prefix(2))] }
        }
        let countyPool: [Region]
        if let c = city {
            countyPool = children[c.code] ?? []
        } else if let p = province {
            countyPool = (children[p.code] ?? []).flatMap { children[$0.code] ?? [] }
        } else {
            countyPool = []
        }
        guard let county = consume(countyPool.filter { $0.name != "市辖区" && !abolishedCounties.contains($0.code) })
        else {
            return code.map { (RegionCode.sixDigits($0), names) }
        }
        code = county.code
        if let town = consume(children[county.code] ?? []) { code = town.code }
        return code.map { (RegionCode.sixDigits($0), names) }
    }

    /// A name and its forms without the usual suffixes, longest first.
    static func shortNames(_ name: String) -> [String] {
        var out = [name]
        for suffix in [
            "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "街道办事处", "街道", "地区",
            "省", "市", "区", "县", "镇", "乡", "旗",
        ] where name.hasSuffix(suffix) {
            let short = String(name.dropLast(suffix.count))
            if short.count >= 2 { out.append(short) }
            break
        }
        return out
    }
}

/// Region-code arithmetic: significant prefixes and containment.
public enum RegionCode {
    /// The digits that matter: 370000 → 37, 370100 → 3701, 370102 → 370102, 370102001 → 370102001,
    /// 370102001000 → 370102001.
    public static func significant(_ code: String) -> String {
        var c = code
        if c.count == 12 && c.hasSuffix("000") { c = String(c.prefix(9)) }
        if c.count == 9 && c.hasSuffix("000") { c = String(c.prefix(6)) }
        if c.count == 6 && c.hasSuffix("0000") { return String(c.prefix(2)) }
        if c.count == 6 && c.hasSuffix("00") { return String(c.prefix(4)) }
        return c
    }

    /// 2- and 4-digit prefixes written as 6-digit codes (37 → 370000), others unchanged.
    public static func sixDigits(_ code: String) -> String {
        code.count < 6 ? code + String(repeating: "0", count: 6 - code.count) : code
    }

    /// Whether a region code stops above township level (fewer than 9 significant digits).
    public static func stopsAboveTownship(_ code: String) -> Bool {
        significant(code).count < 9
    }

    /// Whether a code is syntactically a region code (6, 9 or 12 digits).
    public static func isWellFormed(_ code: String) -> Bool {
        [6, 9, 12].contains(code.count) && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
