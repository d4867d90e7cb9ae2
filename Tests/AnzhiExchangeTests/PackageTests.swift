import AnzhiCore
import AnzhiStore
import Crypto
import Foundation
import Spreadsheet
import Testing

@testable import AnzhiExchange

/// The update package format: a round trip, and every refusal with its own code, nothing opened before all checks.
@Suite struct PackageTests {
    static let schema: [UInt8] = try! FileBytes.read(
        TestEnv.root.appendingPathComponent("Templates/package/package.xsd").path)
    let county = Office(code: "370102", name: "历下区安帮办", level: .county, region: "370102")
    let countyKeys = OfficeKeys.generate()
    let townKeys = OfficeKeys.generate()

    func dir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("anzhi-pkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A people-like package from the county to the township: one sealed part of `size` bytes, one plain part.
    func write(_ path: String, size: Int = 3 * UpdatePackage.chunkSize + 17, sequence: Int = 1) throws -> [UInt8] {
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try UpdatePackage.write(
            to: path, kind: .people, sender: county, keys: countyKeys, recipient: "370102001",
            recipientAgreementKey: townKeys.agreementPublic, sequence: sequence,
            parts: [
                PackagePart(name: "payload/people.xlsx", bytes: payload, sealed: true),
                PackagePart(name: "payload/note.txt", bytes: Array("hello".utf8), sealed: false),
            ],
            created: "2026-12-01T08:00:00Z")
        return payload
    }

    func open(_ path: String, recipient: String = "370102001", keys: OfficeKeys? = nil, sender: Data? = nil) throws
        -> UpdatePackage.Opened
    {
        try UpdatePackage.open(
            path: path, displayName: "p.zip", schema: PackageTests.schema, recipient: recipient,
            keys: keys ?? townKeys
        ) { _, _ in sender ?? countyKeys.signingPublic }
    }

    /// The refusal code `body` throws.
    func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as PackageError {
            return error.codeName
        } catch {
            return "other: \(error)"
        }
    }

    /// Rewrites a package's entries (name → bytes), keeping their order.
    func rewrite(_ source: String, to path: String, _ change: (inout [(String, [UInt8])]) -> Void) throws {
        let zip = try ZipArchiveReader(path: source, displayName: source, limits: ZipLimits())
        var entries = try zip.entries.map { ($0.name, try zip.read($0)) }
        change(&entries)
        let out = try ZipArchiveWriter(path: path)
        for (name, bytes) in entries { try out.add(name, bytes: bytes) }
        try out.close()
    }

    @Test func aPackageOpensToWhatWasSealedAcrossChunks() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let payload = try write(d.appendingPathComponent("p.zip").path)
        let opened = try open(d.appendingPathComponent("p.zip").path)
        #expect(opened.manifest.kind == .people && opened.manifest.sender == "370102" && opened.manifest.sequence == 1)
        #expect(opened.parts["payload/people.xlsx"] == payload)
        #expect(opened.parts["payload/note.txt"] == Array("hello".utf8))
        #expect(opened.manifest.parts.first?.plainSize == payload.count)
        // A lost package reveals no person: the sealed bytes are not the plaintext.
        let zip = try ZipArchiveReader(
            path: d.appendingPathComponent("p.zip").path, displayName: "p", limits: ZipLimits())
        let stored = try zip.read(zip.entry(named: "payload/people.xlsx")!)
        #expect(stored.count == payload.count + 4 * 16 && stored.prefix(64) != payload.prefix(64))
    }

    @Test func everyRefusalHasItsOwnCode() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let good = d.appendingPathComponent("good.zip").path
        _ = try write(good, size: 1000)
        func variant(_ name: String, _ change: (inout [(String, [UInt8])]) -> Void) throws -> String {
            let path = d.appendingPathComponent(name).path
            try rewrite(good, to: path, change)
            return path
        }
        let other = OfficeKeys.generate()
        #expect(refusal { _ = try open(good, recipient: "370102002") } == "wrong-recipient")
        #expect(refusal { _ = try open(good, sender: other.signingPublic) } == "bad-signature")
        #expect(
            refusal {
                _ = try UpdatePackage.open(
                    path: good, displayName: "p", schema: PackageTests.schema, recipient: "370102001",
                    keys: townKeys
                ) { _, _ in nil }
            } == "unknown-sender")
        #expect(refusal { _ = try open(good, keys: other) } == "part-altered")  // not the recipient's key
        // A byte of a sealed part changed: its hash no longer matches.
        let altered = try variant("altered.zip") { e in e[2].1[10] ^= 1 }
        #expect(refusal { _ = try open(altered) } == "part-altered")
        let missing = try variant("missing.zip") { e in e.removeAll { $0.0 == "payload/note.txt" } }
        #expect(refusal { _ = try open(missing) } == "missing-part")
        let extra = try variant("extra.zip") { e in e.append(("payload/more.txt", Array("x".utf8))) }
        #expect(refusal { _ = try open(extra) } == "extra-part")
        let traversal = try variant("traversal.zip") { e in e.append(("../../etc/passwd", Array("x".utf8))) }
        #expect(refusal { _ = try open(traversal) } == "unsafe-name")
        let absolute = try variant("absolute.zip") { e in e.append(("/tmp/x", Array("x".utf8))) }
        #expect(refusal { _ = try open(absolute) } == "unsafe-name")
        // The manifest changed (re-signing is impossible without the key): the signature fails.
        let edited = try variant("edited.zip") { e in
            e[0].1 = Array(
                String(decoding: e[0].1, as: UTF8.self).replacingOccurrences(of: "<sequence>1<", with: "<sequence>2<")
                    .utf8)
        }
        #expect(refusal { _ = try open(edited) } == "bad-signature")
        // A manifest with a DTD, an unsupported version or suite, one that breaks the schema.
        func manifest(_ transform: (String) -> String) throws -> String {
            try variant("m\(UUID().uuidString).zip") { e in
                e[0].1 = Array(transform(String(decoding: e[0].1, as: UTF8.self)).utf8)
            }
        }
        let dtd = try manifest {
            $0.replacingOccurrences(of: "<package ", with: "<!DOCTYPE package [<!ENTITY x \"y\">]>\n<package ")
        }
        #expect(refusal { _ = try open(dtd) } == "manifest-dtd")
        let version = try manifest { $0.replacingOccurrences(of: "version=\"1\" kind", with: "version=\"2\" kind") }
        #expect(refusal { _ = try open(version) } == "unsupported-version")
        let suite = try manifest { $0.replacingOccurrences(of: "chacha20poly1305", with: "aes128gcm") }
        #expect(refusal { _ = try open(suite) } == "unsupported-suite")
        let invalid = try manifest {
            $0.replacingOccurrences(of: "<sequence>1</sequence>", with: "<sequence>one</sequence>")
        }
        #expect(refusal { _ = try open(invalid) } == "manifest-invalid")
        // A part larger than declared: refused as it inflates, before its hash is even computed.
        let bigger = try variant("bigger.zip") { e in e[3].1 += [UInt8](repeating: 0, count: 1 << 20) }
        #expect(refusal { _ = try open(bigger) } == "oversized-part")
        // Not a package at all.
        try "姓名,公民身份号码\n".write(toFile: d.appendingPathComponent("x.zip").path, atomically: true, encoding: .utf8)
        #expect(refusal { _ = try open(d.appendingPathComponent("x.zip").path) } == "not-a-package")
        #expect(
            !UpdatePackage.isPackage(path: d.appendingPathComponent("x.zip").path)
                && UpdatePackage.isPackage(path: good))
    }

    @Test func chunksCannotBeSwappedOrCut() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let good = d.appendingPathComponent("good.zip").path
        _ = try write(good, size: 2 * UpdatePackage.chunkSize)
        let opened = try open(good)
        #expect(opened.parts["payload/people.xlsx"]?.count == 2 * UpdatePackage.chunkSize)
        // The same sealed bytes with the chunks swapped, re-hashed and re-signed by the sender itself: the chunk index
        // is bound in each chunk's associated data, so opening fails.
        let zip = try ZipArchiveReader(path: good, displayName: "g", limits: ZipLimits())
        let sealed = try zip.read(zip.entry(named: "payload/people.xlsx")!)
        let half = sealed.count / 2
        let swapped = Array(sealed[half...] + sealed[..<half])
        var manifest = try Manifest(
            XMLDocument.parse(try zip.read(zip.entry(named: "manifest.xml")!), location: InputLocation(file: "m")))
        manifest.parts[0].sha256 = UpdatePackage.hex(SHA256.hash(data: swapped))
        let bytes = manifest.xml()
        let path = d.appendingPathComponent("swapped.zip").path
        let out = try ZipArchiveWriter(path: path)
        try out.add("manifest.xml", bytes: bytes)
        try out.add("manifest.sig", bytes: Array(try countyKeys.signing.signature(for: bytes)))
        try out.add("payload/people.xlsx", bytes: swapped)
        try out.add("payload/note.txt", bytes: Array("hello".utf8))
        try out.close()
        #expect(refusal { _ = try open(path) } == "part-altered")
    }

    @Test func keyFilesArePrivate() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(at: d) }
        let path = d.appendingPathComponent("o.sqlite.key").path
        try countyKeys.write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try OfficeKeys.load(from: path).signingPublic == countyKeys.signingPublic)
        #expect(refusal { try countyKeys.write(to: path) } == "key-file")  // never over an existing file
        chmod(path, 0o644)
        #expect(refusal { _ = try OfficeKeys.load(from: path) } == "key-file")
    }
}
