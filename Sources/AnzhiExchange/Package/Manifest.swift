public import Foundation
import Spreadsheet

/// The manifest of an update package (format version 1, docs/package-format.md): who sends what to whom, in which
/// order, sealed how, and each part's size and SHA-256. Its exact bytes are what the sender signs.
public struct Manifest: Sendable, Equatable {
    /// What the package carries.
    public enum Kind: String, Sendable, CaseIterable {
        case people, enrolment, reply, directory
    }

    /// One part of the package, as stored in the zip.
    public struct Part: Sendable, Equatable {
        public var name: String
        /// Bytes stored (sealed bytes for a sealed part).
        public var size: Int
        /// SHA-256 of the stored bytes, lower-case hex.
        public var sha256: String
        public var sealed: Bool
        /// Bytes before sealing.
        public var plainSize: Int?
    }

    public static let version = "1"
    public static let suite = "ed25519+hpke-x25519-sha256-chacha20poly1305"
    public static let namespace = "urn:anzhi:package:1"

    public var kind: Kind
    public var sender: String
    public var senderLevel: String
    public var recipient: String
    public var sequence: Int
    /// UTC, second precision.
    public var created: String
    public var encapsulatedKey: Data?
    public var parts: [Part]
    public var versionText = Manifest.version
    public var suiteText = Manifest.suite

    /// The manifest as XML (the bytes that are signed).
    public func xml() -> [UInt8] {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x +=
            "<package xmlns=\"\(Manifest.namespace)\" version=\"\(XMLText.attribute(versionText))\" kind=\"\(kind.rawValue)\" suite=\"\(XMLText.attribute(suiteText))\">\n"
        x += "  <sender code=\"\(XMLText.attribute(sender))\" level=\"\(XMLText.attribute(senderLevel))\"/>\n"
        x += "  <recipient code=\"\(XMLText.attribute(recipient))\"/>\n"
        x += "  <sequence>\(sequence)</sequence>\n"
        x += "  <created>\(XMLText.attribute(created))</created>\n"
        if let encapsulatedKey {
            x += "  <encapsulatedKey>\(encapsulatedKey.base64EncodedString())</encapsulatedKey>\n"
        }
        for p in parts {
            x +=
                "  <part name=\"\(XMLText.attribute(p.name))\" size=\"\(p.size)\" sha256=\"\(p.sha256)\" sealed=\"\(p.sealed)\""
            if let plain = p.plainSize { x += " plainSize=\"\(plain)\"" }
            x += "/>\n"
        }
        x += "</package>\n"
        return Array(x.utf8)
    }

    /// Reads a manifest already validated against the schema.
    init(_ root: XMLElement) throws {
        func fail(key: String) -> PackageError { PackageError(.manifestInvalid, key: key) }
        guard let kind = Kind(rawValue: root.attributes["kind"] ?? "") else {
            throw fail(key: "error.manifest-invalid.kind")
        }
        self.kind = kind
        versionText = root.attributes["version"] ?? ""
        suiteText = root.attributes["suite"] ?? ""
        sender = root.child("sender")?.attributes["code"] ?? ""
        senderLevel = root.child("sender")?.attributes["level"] ?? ""
        recipient = root.child("recipient")?.attributes["code"] ?? ""
        guard let n = root.child("sequence").flatMap({ Int($0.text) }) else {
            throw fail(key: "error.manifest-invalid.sequence")
        }
        sequence = n
        created = root.child("created")?.text ?? ""
        encapsulatedKey = root.child("encapsulatedKey").flatMap { Data(base64Encoded: $0.text) }
        parts = try root.children.filter { $0.name == "part" }.map { p in
            guard let name = p.attributes["name"], let size = p.attributes["size"].flatMap({ Int($0) }),
                let sha = p.attributes["sha256"]
            else { throw fail(key: "error.manifest-invalid.part") }
            return Part(
                name: name, size: size, sha256: sha, sealed: p.attributes["sealed"] == "true",
                plainSize: p.attributes["plainSize"].flatMap { Int($0) })
        }
    }

    public init(
        kind: Kind, sender: String, senderLevel: String, recipient: String, sequence: Int, created: String,
        encapsulatedKey: Data?, parts: [Part]
    ) {
        self.kind = kind
        self.sender = sender
        self.senderLevel = senderLevel
        self.recipient = recipient
        self.sequence = sequence
        self.created = created
        self.encapsulatedKey = encapsulatedKey
        self.parts = parts
    }
}
