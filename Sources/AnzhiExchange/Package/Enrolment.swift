public import AnzhiCore
public import AnzhiStore
import Crypto
public import Foundation
import Spreadsheet

/// Top-down enrolment, as the original system allocated accounts: a superior writes an enrolment package for a
/// direct subordinate (its own keys, the directory the subordinate needs, a one-time secret); the subordinate creates
/// its database and keys from it and answers with a reply (its public keys, authenticated with the secret); the
/// superior imports the reply. From then on each knows the other's keys.
public enum Enrolment {
    static let namespace = "urn:anzhi:enrolment:1"
    static let enrolmentPart = "payload/enrolment.xml"
    static let replyPart = "payload/reply.xml"

    /// What an enrolment package carries.
    public struct Offer: Sendable {
        /// The office being enrolled.
        public var office: Office
        public var parent: String
        public var secret: Data
        /// The superior first, then other offices the subordinate should know.
        public var directory: [DirectoryEntry]
    }

    // MARK: Writing

    /// Writes the enrolment package of `office` (a direct subordinate of `superior`) to `path`, and returns the
    /// one-time secret for the store to keep until the reply arrives.
    public static func writeOffer(
        to path: String, office: Office, superior: DirectoryEntry, keys: OfficeKeys,
        directory: [DirectoryEntry], created: String
    ) throws -> Data {
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<enrolment xmlns=\"\(namespace)\">\n"
        x += "  " + element("office", office: office, parent: superior.office.code, keys: nil) + "\n"
        x += "  <secret>\(secret.base64EncodedString())</secret>\n  <directory>\n"
        for entry in [superior]
            + directory.filter({ $0.office.code != superior.office.code && $0.office.code != office.code })
        {
            x +=
                "    "
                + element(
                    "entry", office: entry.office, parent: entry.parent, keys: (entry.signingKey, entry.agreementKey))
                + "\n"
        }
        x += "  </directory>\n</enrolment>\n"
        try UpdatePackage.write(
            to: path, kind: .enrolment, sender: superior.office, keys: keys, recipient: office.code,
            recipientAgreementKey: nil, sequence: 1,
            parts: [PackagePart(name: enrolmentPart, bytes: Array(x.utf8), sealed: false)], created: created)
        return secret
    }

    /// Writes the reply of a newly enrolled office: its public keys, with a proof that it holds the secret.
    public static func writeReply(to path: String, offer: Offer, keys: OfficeKeys, created: String) throws {
        let proof = Enrolment.proof(
            secret: offer.secret, code: offer.office.code, signing: keys.signingPublic,
            agreement: keys.agreementPublic)
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<reply xmlns=\"\(namespace)\">\n"
        x +=
            "  "
            + element(
                "office", office: offer.office, parent: offer.parent, keys: (keys.signingPublic, keys.agreementPublic))
            + "\n"
        x += "  <proof>\(proof.base64EncodedString())</proof>\n</reply>\n"
        try UpdatePackage.write(
            to: path, kind: .reply, sender: offer.office, keys: keys, recipient: offer.parent,
            recipientAgreementKey: nil, sequence: 1,
            parts: [PackagePart(name: replyPart, bytes: Array(x.utf8), sealed: false)], created: created)
    }

    /// HMAC-SHA256 with the one-time secret over the new office's code and public keys.
    static func proof(secret: Data, code: String, signing: Data, agreement: Data) -> Data {
        Data(
            HMAC<SHA256>.authenticationCode(
                for: Data("\(code)|".utf8) + signing + agreement, using: SymmetricKey(data: secret)))
    }

    private static func element(_ name: String, office: Office, parent: String?, keys: (Data?, Data?)?) -> String {
        var x =
            "<\(name) code=\"\(XMLText.attribute(office.code))\" name=\"\(XMLText.attribute(office.name))\" level=\"\(office.level.rawValue)\""
        if let region = office.region { x += " region=\"\(XMLText.attribute(region))\"" }
        if let parent { x += " parent=\"\(XMLText.attribute(parent))\"" }
        if let keys {
            if let s = keys.0 { x += " signing=\"\(s.base64EncodedString())\"" }
            if let a = keys.1 { x += " agreement=\"\(a.base64EncodedString())\"" }
        }
        return x + "/>"
    }

    // MARK: Reading

    /// Opens an enrolment package addressed to anyone (the office does not exist yet): it is signed by the superior
    /// whose keys it carries; the trust comes from how the file was handed over, and from the secret.
    public static func readOffer(path: String, schema: [UInt8]) throws -> Offer {
        var parsed: (Offer, Data)?
        let opened = try UpdatePackage.open(path: path, displayName: path, schema: schema, recipient: nil, keys: nil) {
            manifest, parts in
            guard manifest.kind == .enrolment, let bytes = parts[enrolmentPart] else {
                throw PackageError(
                    .enrolment, key: "error.enrolment.not-enrolment", ["kind": "\(manifest.kind.rawValue)"])
            }
            let offer = try parseOffer(bytes, location: InputLocation(file: path, part: enrolmentPart))
            guard let superior = offer.directory.first, superior.office.code == manifest.sender,
                let key = superior.signingKey
            else {
                throw PackageError(.enrolment, key: "error.enrolment.no-keys")
            }
            parsed = (offer, key)
            return key
        }
        guard let (offer, _) = parsed, opened.manifest.recipient == offer.office.code else {
            throw PackageError(.enrolment, key: "error.enrolment.addressed")
        }
        return offer
    }

    static func parseOffer(_ bytes: [UInt8], location: InputLocation) throws -> Offer {
        let root = try XMLDocument.parse(bytes, location: location)
        guard root.name == "enrolment", let office = root.child("office"),
            let me = try entry(office, location: location),
            let secret = root.child("secret").flatMap({ Data(base64Encoded: $0.text) }), secret.count == 32
        else {
            throw PackageError(.enrolment, key: "error.enrolment.incomplete", location: location)
        }
        let directory = try (root.child("directory")?.children ?? []).compactMap { try entry($0, location: location) }
        return Offer(
            office: me.office, parent: me.parent ?? "", secret: secret,
            directory: directory.map {
                var e = $0
                e.source = "enrolment"
                return e
            })
    }

    /// Reads a reply at the superior: the new office's entry, once its proof matches the secret kept for it.
    /// - Throws: `PackageError(.enrolment)` for an unknown, spent or wrong secret.
    public static func readReply(
        path: String, displayName: String, schema: [UInt8], superior: String, keys: OfficeKeys,
        secret: (String) throws -> Data?
    ) throws -> DirectoryEntry {
        var found: DirectoryEntry?
        _ = try UpdatePackage.open(
            path: path, displayName: displayName, schema: schema, recipient: superior, keys: keys
        ) { manifest, parts in
            guard manifest.kind == .reply, let bytes = parts[replyPart] else {
                throw PackageError(.enrolment, key: "error.enrolment.not-reply")
            }
            let location = InputLocation(file: displayName, part: replyPart)
            let root = try XMLDocument.parse(bytes, location: location)
            guard let office = root.child("office"), let e = try entry(office, location: location),
                e.office.code == manifest.sender,
                let signing = e.signingKey, let agreement = e.agreementKey,
                let proof = root.child("proof").flatMap({ Data(base64Encoded: $0.text) })
            else {
                throw PackageError(.enrolment, key: "error.enrolment.reply-incomplete", location: location)
            }
            guard let secret = try secret(e.office.code) else {
                throw PackageError(
                    .enrolment, key: "error.enrolment.no-open", ["office": "\(e.office.code)"],
                    location: location)
            }
            guard
                HMAC<SHA256>.isValidAuthenticationCode(
                    proof, authenticating: Data("\(e.office.code)|".utf8) + signing + agreement,
                    using: SymmetricKey(data: secret))
            else {
                throw PackageError(
                    .enrolment, key: "error.enrolment.proof", location: location)
            }
            var entry = e
            entry.source = "reply"
            found = entry
            return signing
        }
        return found!
    }

    /// The signing key a reply carries for its sender (only to check the package's signature; the reply is trusted
    /// once its proof matches the enrolment's secret).
    static func replySigningKey(path: String, displayName: String) throws -> Data? {
        let zip = try ZipArchiveReader(path: path, displayName: displayName, limits: ZipLimits())
        guard let part = zip.entries.first(where: { $0.name == replyPart }), part.size <= 1 << 16 else { return nil }
        let root = try XMLDocument.parse(
            try zip.read(part), location: InputLocation(file: displayName, part: replyPart))
        return root.child("office")?.attributes["signing"].flatMap { Data(base64Encoded: $0) }
    }

    private static func entry(_ e: XMLElement, location: InputLocation) throws -> DirectoryEntry? {
        guard let code = e.attributes["code"], let name = e.attributes["name"],
            let level = e.attributes["level"].flatMap(OfficeLevel.init(rawValue:))
        else {
            throw PackageError(.enrolment, key: "error.enrolment.office-entry", location: location)
        }
        return DirectoryEntry(
            office: Office(code: code, name: name, level: level, region: e.attributes["region"]),
            parent: e.attributes["parent"], signingKey: e.attributes["signing"].flatMap { Data(base64Encoded: $0) },
            agreementKey: e.attributes["agreement"].flatMap { Data(base64Encoded: $0) }, source: "directory")
    }
}
