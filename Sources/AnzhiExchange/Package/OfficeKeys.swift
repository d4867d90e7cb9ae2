public import Crypto
public import Foundation
import Spreadsheet

/// An office's private keys: Ed25519 to sign what it sends, X25519 to open what is encrypted to it. They live in a
/// file beside the database (`<db>.key`, mode 0600); the database holds public keys only.
public struct OfficeKeys: Sendable {
    public let signing: Curve25519.Signing.PrivateKey
    public let agreement: Curve25519.KeyAgreement.PrivateKey

    /// New random keys.
    public static func generate() -> OfficeKeys {
        OfficeKeys(signing: Curve25519.Signing.PrivateKey(), agreement: Curve25519.KeyAgreement.PrivateKey())
    }

    public init(signing: Curve25519.Signing.PrivateKey, agreement: Curve25519.KeyAgreement.PrivateKey) {
        self.signing = signing
        self.agreement = agreement
    }

    /// The public halves (32 raw bytes each).
    public var signingPublic: Data { signing.publicKey.rawRepresentation }
    public var agreementPublic: Data { agreement.publicKey.rawRepresentation }

    /// Where the keys of the database at `databasePath` live.
    public static func path(forDatabase databasePath: String) -> String { databasePath + ".key" }

    private static let header = "anzhi-office-keys 1"

    /// Writes the keys to a new file only its owner can read (never over an existing one).
    /// - Throws: `PackageError(.keyFile)` when the file exists or cannot be written.
    public func write(to path: String) throws {
        let text =
            "\(OfficeKeys.header)\nsigning-ed25519 \(signing.rawRepresentation.base64EncodedString())\n"
            + "agreement-x25519 \(agreement.rawRepresentation.base64EncodedString())\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw PackageError(
                .keyFile, key: "error.key-file.create", ["reason": SystemErrorText.text(errno)],
                location: InputLocation(file: path))
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Foundation.write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw PackageError(.keyFile, key: "error.key-file.write", location: InputLocation(file: path))
        }
    }

    /// Reads the keys; a key file that others can read is refused, as ssh refuses such a key.
    /// - Throws: `PackageError(.keyFile)` naming the problem.
    public static func load(from path: String) throws -> OfficeKeys {
        let location = InputLocation(file: path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PackageError(
                .keyFile, key: "error.key-file.missing", location: location)
        }
        guard info.st_mode & 0o077 == 0 else {
            throw PackageError(
                .keyFile,
                key: "error.key-file.readable", ["mode": "\(String(info.st_mode & 0o777, radix: 8))"],
                location: location)
        }
        let text = try String(decoding: FileBytes.read(path), as: UTF8.self)
        var fields: [String: Data] = [:]
        let lines = text.split(separator: "\n")
        guard lines.first == Substring(header) else {
            throw PackageError(.keyFile, key: "error.key-file.not-key-file", location: location)
        }
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ")
            if parts.count == 2, let data = Data(base64Encoded: String(parts[1])) { fields[String(parts[0])] = data }
        }
        do {
            guard let s = fields["signing-ed25519"], let a = fields["agreement-x25519"] else {
                throw PackageError(.keyFile, key: "error.key-file.lacks-key", location: location)
            }
            return OfficeKeys(
                signing: try Curve25519.Signing.PrivateKey(rawRepresentation: s),
                agreement: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: a))
        } catch let error as PackageError {
            throw error
        } catch {
            throw PackageError(.keyFile, key: "error.key-file.damaged", location: location, cause: error)
        }
    }

    /// A short, comparable fingerprint of an office's public keys: the first 16 bytes of SHA-256 over both, in hex
    /// groups of four (`3f2a-09c1-…`), to read out over the phone when offices check each other.
    public static func fingerprint(signing: Data, agreement: Data) -> String {
        let digest = Array(SHA256.hash(data: signing + agreement)).prefix(16)
        let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return stride(from: 0, to: hex.count, by: 4).map { i in
            String(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: i + 4)])
        }.joined(separator: "-")
    }
}
