public import AnzhiCore
import Crypto
public import Foundation
import Spreadsheet

/// A part to put in a package: its name, its bytes, and whether it is encrypted to the recipient.
public struct PackagePart: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public var sealed: Bool

    public init(name: String, bytes: [UInt8], sealed: Bool) {
        self.name = name
        self.bytes = bytes
        self.sealed = sealed
    }
}

/// Signed, encrypted update packages (docs/package-format.md): a zip of `manifest.xml`, `manifest.sig` (Ed25519
/// over the manifest's exact bytes) and parts; parts that carry people are sealed to the recipient with HPKE
/// (RFC 9180, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) in chunks of 1 MiB, each chunk bound to
/// its part's name, its index and the chunk count.
public enum UpdatePackage {
    /// Plaintext bytes per sealed chunk.
    public static let chunkSize = 1 << 20
    static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    /// The largest manifest read.
    static let maxManifestBytes = 1 << 20

    /// The HPKE `info`: what the whole package is (version, sender, recipient, sequence).
    static func info(sender: String, recipient: String, sequence: Int) -> Data {
        Data("anzhi-package/1|\(sender)|\(recipient)|\(sequence)".utf8)
    }

    /// The associated data of one chunk: its part, its index and the part's chunk count.
    static func aad(part: String, index: Int, count: Int) -> Data {
        Data("\(part)|\(index)|\(count)".utf8)
    }

    static func chunkCount(plainSize: Int) -> Int { max(1, (plainSize + chunkSize - 1) / chunkSize) }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Writes a package to `path`.
    /// - Parameters:
    ///   - recipientAgreementKey: the recipient's X25519 public key; required when a part is sealed.
    ///   - created: the creation time to state (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    /// - Throws: `PackageError`, `SpreadsheetError(.writeFailed)`.
    public static func write(
        to path: String, kind: Manifest.Kind, sender: Office, keys: OfficeKeys, recipient: String,
        recipientAgreementKey: Data?, sequence: Int, parts: [PackagePart], created: String
    ) throws {
        var encapsulated: Data?
        var context: HPKE.Sender?
        if parts.contains(where: \.sealed) {
            guard let key = recipientAgreementKey else {
                throw PackageError(
                    .unknownSender, key: "error.unknown-sender.recipient-key", ["office": "\(recipient)"])
            }
            let publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: key)
            let sender = try HPKE.Sender(
                recipientKey: publicKey, ciphersuite: ciphersuite,
                info: info(sender: sender.code, recipient: recipient, sequence: sequence))
            encapsulated = sender.encapsulatedKey
            context = sender
        }
        var stored: [(String, [UInt8])] = []
        var manifestParts: [Manifest.Part] = []
        for part in parts {
            var bytes = part.bytes
            if part.sealed {
                let count = chunkCount(plainSize: part.bytes.count)
                var sealed: [UInt8] = []
                sealed.reserveCapacity(part.bytes.count + 16 * count)
                for i in 0..<count {
                    let chunk = part.bytes[
                        min(i * chunkSize, part.bytes.count)..<min((i + 1) * chunkSize, part.bytes.count)]
                    sealed += try context!.seal(chunk, authenticating: aad(part: part.name, index: i, count: count))
                }
                bytes = sealed
            }
            stored.append((part.name, bytes))
            manifestParts.append(
                Manifest.Part(
                    name: part.name, size: bytes.count, sha256: hex(SHA256.hash(data: bytes)),
                    sealed: part.sealed, plainSize: part.sealed ? part.bytes.count : nil))
        }
        let manifest = Manifest(
            kind: kind, sender: sender.code, senderLevel: sender.level.rawValue, recipient: recipient,
            sequence: sequence, created: created, encapsulatedKey: encapsulated, parts: manifestParts)
        let manifestBytes = manifest.xml()
        let signature = try keys.signing.signature(for: manifestBytes)
        let archive = try ZipArchiveWriter(path: path)
        try archive.add("manifest.xml", bytes: manifestBytes)
        try archive.add("manifest.sig", bytes: Array(signature))
        // Sealed bytes do not compress: they are stored, plain parts deflated.
        for ((name, bytes), part) in zip(stored, parts) { try archive.add(name, bytes: bytes, compress: !part.sealed) }
        try archive.close()
    }

    /// A package that passed every check: its manifest and its parts' plaintext by name.
    public struct Opened: Sendable {
        public let manifest: Manifest
        public let parts: [String: [UInt8]]
    }

    /// Whether the file at `path` is an update package (a zip with `manifest.xml` and no `[Content_Types].xml`).
    public static func isPackage(path: String) -> Bool {
        guard (try? FileSniffer.sniff(path: path)) == .zip,
            let zip = try? ZipArchiveReader(path: path, displayName: path, limits: ZipLimits())
        else { return false }
        return zip.entries.contains { $0.name == "manifest.xml" }
            && !zip.entries.contains { $0.name == "[Content_Types].xml" }
    }

    /// Opens a package and checks all of it before anything is used: safe entry names, the manifest against the
    /// schema (no DTD), version and suite, the recipient, the sender's signature, the exact set of parts, each
    /// part's size and hash, and the decryption of sealed parts.
    /// - Parameters:
    ///   - recipient: this office's code (the package must be addressed to it).
    ///   - keys: this office's private keys (to open sealed parts); nil when none is expected.
    ///   - senderKey: the Ed25519 public key this office knows for a sender code, or nil when it does not know it.
    ///     For an enrolment, called with the parts read so far available through `enrolmentKey`.
    /// - Throws: `PackageError` with the refusal's code; nothing has been imported then.
    public static func open(
        path: String, displayName: String, schema: [UInt8], recipient: String?, keys: OfficeKeys?,
        senderKey: (Manifest, _ unsealed: [String: [UInt8]]) throws -> Data?
    ) throws -> Opened {
        let location = InputLocation(file: displayName)
        var limits = ZipLimits()
        limits.maxEntries = 70
        let zip: ZipArchiveReader
        do {
            zip = try ZipArchiveReader(path: path, displayName: displayName, limits: limits)
        } catch let error as SpreadsheetError {
            throw PackageError(
                .notAPackage, key: "error.not-a-package.unreadable", ["reason": "\(error.message)"], location: location,
                cause: error)
        }
        for entry in zip.entries where !isSafe(entry.name) {
            throw PackageError(
                .unsafeName, key: "error.unsafe-name.entry", ["name": "\(entry.name)"], location: location)
        }
        guard let manifestEntry = zip.entries.first(where: { $0.name == "manifest.xml" }),
            let signatureEntry = zip.entries.first(where: { $0.name == "manifest.sig" })
        else {
            throw PackageError(
                .notAPackage, key: "error.not-a-package.no-manifest", location: location)
        }
        let manifestBytes = try read(zip, manifestEntry, limit: maxManifestBytes, location: location)
        let manifestLocation = InputLocation(file: displayName, part: "manifest.xml")
        let root: XMLElement
        do {
            root = try XMLDocument.parse(manifestBytes, schema: schema, location: manifestLocation)
        } catch let error as SpreadsheetError where error.code == .hostileInput {
            throw PackageError(.manifestDTD, error.message, location: manifestLocation, cause: error)
        } catch let error as SpreadsheetError {
            throw PackageError(.manifestInvalid, error.message, location: manifestLocation, cause: error)
        }
        let manifest = try Manifest(root)
        guard manifest.versionText == Manifest.version else {
            throw PackageError(
                .unsupportedVersion,
                key: "error.unsupported-version.format",
                ["version": "\(manifest.versionText)", "supported": "\(Manifest.version)"],
                location: location)
        }
        guard manifest.suiteText == Manifest.suite else {
            throw PackageError(
                .unsupportedSuite,
                key: "error.unsupported-suite.suite",
                ["suite": "\(manifest.suiteText)", "supported": "\(Manifest.suite)"],
                location: location)
        }
        if let recipient, manifest.recipient != recipient {
            throw PackageError(
                .wrongRecipient,
                key: "error.wrong-recipient.other-office", ["office": "\(manifest.recipient)", "this": "\(recipient)"],
                location: location)
        }
        // The exact set of parts: nothing missing, nothing added.
        let names = Set(zip.entries.map(\.name))
        let expected = Set(["manifest.xml", "manifest.sig"] + manifest.parts.map(\.name))
        if let missing = expected.subtracting(names).sorted().first {
            throw PackageError(
                .missingPart, key: "error.missing-part.part", ["part": "\(missing)"], location: location)
        }
        if let extra = names.subtracting(expected).sorted().first {
            throw PackageError(.extraPart, key: "error.extra-part.entry", ["entry": "\(extra)"], location: location)
        }
        // Parts as stored, each within its declared size and matching its hash.
        var stored: [String: [UInt8]] = [:]
        for part in manifest.parts {
            guard let entry = zip.entries.first(where: { $0.name == part.name }) else { continue }
            let bytes = try read(zip, entry, limit: part.size, location: location)
            guard hex(SHA256.hash(data: bytes)) == part.sha256, bytes.count == part.size else {
                throw PackageError(
                    .partAltered, key: "error.part-altered.hash", ["part": "\(part.name)"], location: location)
            }
            stored[part.name] = bytes
        }
        // The signature, with the key this office knows for the sender (for an enrolment, the key it carries).
        let signatureBytes = try read(zip, signatureEntry, limit: 64, location: location)
        let unsealed = stored.filter { name, _ in manifest.parts.contains { $0.name == name && !$0.sealed } }
        guard let key = try senderKey(manifest, unsealed) else {
            throw PackageError(
                .unknownSender, key: "error.unknown-sender.sender", ["office": "\(manifest.sender)"], location: location
            )
        }
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key),
            publicKey.isValidSignature(signatureBytes, for: manifestBytes)
        else {
            throw PackageError(
                .badSignature, key: "error.bad-signature.signature", ["office": "\(manifest.sender)"],
                location: location)
        }
        // Sealed parts, opened in the manifest's order with one HPKE context.
        var plain = unsealed
        if manifest.parts.contains(where: \.sealed) {
            guard let keys, let encapsulated = manifest.encapsulatedKey else {
                throw PackageError(.partAltered, key: "error.part-altered.no-key", location: location)
            }
            var context: HPKE.Recipient
            do {
                context = try HPKE.Recipient(
                    privateKey: keys.agreement, ciphersuite: ciphersuite,
                    info: info(sender: manifest.sender, recipient: manifest.recipient, sequence: manifest.sequence),
                    encapsulatedKey: encapsulated)
            } catch {
                throw PackageError(
                    .partAltered, key: "error.part-altered.key", location: location, cause: error)
            }
            for part in manifest.parts where part.sealed {
                let bytes = stored[part.name] ?? []
                let plainSize = part.plainSize ?? max(0, bytes.count - 16)
                let count = chunkCount(plainSize: plainSize)
                var out: [UInt8] = []
                out.reserveCapacity(plainSize)
                var offset = 0
                for i in 0..<count {
                    let length = min(chunkSize, plainSize - i * chunkSize) + 16
                    guard length >= 16, offset + length <= bytes.count else {
                        throw PackageError(
                            .partAltered, key: "error.part-altered.part-short", ["part": "\(part.name)"],
                            location: location)
                    }
                    do {
                        out += try context.open(
                            bytes[offset..<offset + length],
                            authenticating: aad(part: part.name, index: i, count: count))
                    } catch {
                        throw PackageError(
                            .partAltered, key: "error.part-altered.decrypt", ["part": "\(part.name)"],
                            location: location, cause: error)
                    }
                    offset += length
                }
                guard offset == bytes.count else {
                    throw PackageError(
                        .partAltered, key: "error.part-altered.trailing", ["part": "\(part.name)"], location: location)
                }
                plain[part.name] = out
            }
        }
        return Opened(manifest: manifest, parts: plain)
    }

    /// Reads an entry, refusing it as soon as it grows past `limit` (a lying size in the directory does not help).
    private static func read(
        _ zip: ZipArchiveReader, _ entry: ZipArchiveReader.Entry, limit: Int,
        location: InputLocation
    ) throws -> [UInt8] {
        guard entry.size <= Int64(limit) else {
            throw PackageError(
                .oversizedPart, key: "error.oversized-part.declared",
                ["entry": "\(entry.name)", "size": "\(entry.size)", "limit": "\(limit)"],
                location: location)
        }
        var bytes: [UInt8] = []
        do {
            try zip.stream(entry) { chunk in
                if bytes.count + chunk.count > limit {
                    throw PackageError(
                        .oversizedPart, key: "error.oversized-part.inflates",
                        ["entry": "\(entry.name)", "limit": "\(limit)"], location: location)
                }
                bytes.append(contentsOf: chunk)
            }
        } catch let error as SpreadsheetError {
            throw PackageError(
                .oversizedPart, key: "error.oversized-part.unreadable",
                ["entry": "\(entry.name)", "reason": "\(error.message)"], location: location,
                cause: error)
        }
        return bytes
    }

    /// A zip entry name that cannot escape a folder: relative, forward slashes, no `..`, no drive.
    static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.contains("\\") && !name.contains(":")
            && !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0.isEmpty }
    }
}
