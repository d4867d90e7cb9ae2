public import Spreadsheet

/// Why a package is refused (nothing of it is imported), or why keys cannot be used.
public typealias PackageError = CodedError<PackageErrorCode>

/// The codes of `PackageError`; each refusal has its own (docs/package-format.md).
public struct PackageErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable {
        case notAPackage = "not-a-package"
        case unsafeName = "unsafe-name"
        case manifestInvalid = "manifest-invalid"
        case manifestDTD = "manifest-dtd"
        case unsupportedVersion = "unsupported-version"
        case unsupportedSuite = "unsupported-suite"
        case wrongRecipient = "wrong-recipient"
        case unknownSender = "unknown-sender"
        case badSignature = "bad-signature"
        case missingPart = "missing-part"
        case extraPart = "extra-part"
        case oversizedPart = "oversized-part"
        case partAltered = "part-altered"
        case keyFile = "key-file"
        case enrolment
    }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// A zip without a manifest, or not a zip.
    public static let notAPackage = PackageErrorCode(.notAPackage)
    /// An entry name that is absolute, climbs with `..`, or uses backslashes.
    public static let unsafeName = PackageErrorCode(.unsafeName)
    /// A manifest that is not well-formed or does not follow `Templates/package/package.xsd`.
    public static let manifestInvalid = PackageErrorCode(.manifestInvalid)
    /// A manifest that declares a DTD or entities.
    public static let manifestDTD = PackageErrorCode(.manifestDTD)
    public static let unsupportedVersion = PackageErrorCode(.unsupportedVersion)
    public static let unsupportedSuite = PackageErrorCode(.unsupportedSuite)
    /// Addressed to another office.
    public static let wrongRecipient = PackageErrorCode(.wrongRecipient)
    /// From an office whose keys this office does not know.
    public static let unknownSender = PackageErrorCode(.unknownSender)
    /// The manifest's signature does not verify with the sender's key.
    public static let badSignature = PackageErrorCode(.badSignature)
    public static let missingPart = PackageErrorCode(.missingPart)
    public static let extraPart = PackageErrorCode(.extraPart)
    /// A part larger than its declared size (or a zip bomb).
    public static let oversizedPart = PackageErrorCode(.oversizedPart)
    /// A part whose bytes do not match their hash, or that does not decrypt.
    public static let partAltered = PackageErrorCode(.partAltered)
    /// The office's key file is missing, readable by others, or damaged.
    public static let keyFile = PackageErrorCode(.keyFile)
    /// An enrolment or its reply that cannot be used (a wrong or spent secret, an office already enrolled).
    public static let enrolment = PackageErrorCode(.enrolment)

    public var description: String { base.rawValue }
}
