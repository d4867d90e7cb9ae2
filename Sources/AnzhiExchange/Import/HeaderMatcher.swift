import AnzhiCore
import Spreadsheet

/// Matches the header row of a batch to fields: canonical headers, aliases and an office's own mapping.
struct HeaderMatcher {
    /// An office's own headers: their text → a canonical header.
    var mapping: [String: String] = [:]

    /// Normalises header text: spaces and line breaks removed, full-width brackets made half-width.
    static func normalize(_ s: String) -> String {
        var out = ""
        for ch in s where !ch.isWhitespace {
            switch ch {
            case "（": out.append("(")
            case "）": out.append(")")
            case "*", "＊": continue  // "required" markers in templates
            default: out.append(ch)
            }
        }
        return out
    }

    enum Match {
        case canonical(Int)
        case alias(Int)
        case mapped(Int)

        /// The field's position in `PersonFields.all`.
        var field: Int {
            switch self {
            case .canonical(let i), .alias(let i), .mapped(let i): i
            }
        }
    }

    private static let canonical: [String: Int] = Dictionary(
        uniqueKeysWithValues:
            PersonFields.all.enumerated().map { (normalize($1.header), $0) })
    private static let aliases: [String: Int] = {
        var m: [String: Int] = [:]
        for (i, f) in PersonFields.all.enumerated() { for a in f.aliases { m[normalize(a)] = i } }
        return m
    }()

    func match(_ header: String) -> Match? {
        let h = HeaderMatcher.normalize(header)
        if let target = mapping[h],
            let i = HeaderMatcher.canonical[HeaderMatcher.normalize(target)]
                ?? HeaderMatcher.aliases[HeaderMatcher.normalize(target)]
        {
            return .mapped(i)
        }
        if let i = HeaderMatcher.canonical[h] { return .canonical(i) }
        if let i = HeaderMatcher.aliases[h] { return .alias(i) }
        return nil
    }

    /// Loads `--mapping FILE`: a CSV (or text) of `their header,canonical header` lines.
    /// - Throws: `ImportError` naming the line when a target is not a field's header or alias (with the list of
    ///   headers), so a typo is not silently ignored.
    static func load(_ path: String) throws -> HeaderMatcher {
        let reader = try CSVReader(path: path, encoding: .auto)
        var m: [String: String] = [:]
        var line = 0
        while let r = try reader.next() {
            line += 1
            guard r.count >= 2, !normalize(r[0]).isEmpty else { continue }
            let target = normalize(r[1])
            guard canonical[target] != nil || aliases[target] != nil else {
                throw ImportError(
                    .mapping,
                    key: "error.mapping.not-a-field",
                    ["name": "\(r[1])", "fields": "\(PersonFields.all.map(\.header).joined(separator: "、"))"],
                    location: InputLocation(file: path, row: line))
            }
            m[normalize(r[0])] = r[1]
        }
        return HeaderMatcher(mapping: m)
    }

    /// Whether a header row is a visits sheet's: three visit headers, the ID among them (and not a persons
    /// sheet's, which is checked first).
    static func isVisitHeader(_ texts: [String]) -> Bool {
        texts.compactMap(visitField).count >= 3 && texts.contains { visitField($0) == "idNumber" }
    }

    /// Which visits-sheet field a header names (domain §4), if any.
    static func visitField(_ header: String) -> String? {
        let h = normalize(header)
        for v in PersonFields.visitHeaders where normalize(v.header) == h || v.aliases.map(normalize).contains(h) {
            return v.field
        }
        return nil
    }
}
