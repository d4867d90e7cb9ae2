import Foundation

/// One `<Relationship>` of a `.rels` part.
struct Relationship {
    let id: String
    let type: String
    let target: String
    let isExternal: Bool

    /// Whether the type ends with `/suffix`: relationship types are an open set, and both the
    /// transitional (`schemas.openxmlformats.org`) and Strict (`purl.oclc.org/ooxml`) forms occur.
    func hasType(_ suffix: String) -> Bool {
        type.hasSuffix("/" + suffix)
    }
}

/// Collects the relationships of a `.rels` part.
final class RelationshipsHandler: XMLEventHandler {
    private(set) var relationships: [Relationship] = []

    override func startElement(_ name: XMLName, attributes: XMLAttributes) {
        guard name.is("Relationship") else { return }
        guard let id = attributes.string("Id"), let type = attributes.string("Type"),
            let target = attributes.string("Target")
        else { return }
        let external = attributes.string("TargetMode")?.lowercased() == "external"
        relationships.append(Relationship(id: id, type: type, target: target, isExternal: external))
    }

}

/// Path rules of Open Packaging Conventions, lenient as real files need.
enum PartPath {
    /// The `.rels` part that describes `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`).
    static func relationshipsPart(of part: String) -> String {
        let (folder, file) = split(part)
        return folder.isEmpty ? "_rels/\(file).rels" : "\(folder)/_rels/\(file).rels"
    }

    /// Resolves a relationship target against the folder of its source part: a leading `/` means the
    /// package root, `..` climbs, `\` counts as `/` (seen in files written on Windows).
    static func resolve(_ target: String, from sourcePart: String) -> String {
        let t = target.replacingOccurrences(of: "\\", with: "/")
        var components: [Substring]
        if t.hasPrefix("/") {
            components = []
        } else {
            components = split(sourcePart).folder.split(separator: "/")
        }
        for piece in t.split(separator: "/") {
            if piece == "." || piece.isEmpty { continue }
            if piece == ".." {
                if !components.isEmpty { components.removeLast() }
            } else {
                components.append(piece)
            }
        }
        return components.joined(separator: "/")
    }

    static func split(_ part: String) -> (folder: String, file: String) {
        let p = part.replacingOccurrences(of: "\\", with: "/")
        guard let slash = p.lastIndex(of: "/") else { return ("", p) }
        return (String(p[..<slash]), String(p[p.index(after: slash)...]))
    }
}
