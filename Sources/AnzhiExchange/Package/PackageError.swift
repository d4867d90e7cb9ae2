public import Spreadsheet

/// Why a package is refused (nothing of it is imported), or why keys cannot be used.
public typealias PackageError = CodedError<PackageErrorCode>

/// The codes of `PackageError`; each refusal has its own (docs/package-format.md).
public struct PackageErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears in messages, JSON and DIAGNOSTICS.md.
    public let description: String
    private init(_ description: String) { self.description = description }

    /// A zip without a manifest, or not a zip.
    public static let notAPackage = PackageErrorCode("not-a-package")
    /// An entry name that is absolute, climbs with `..`, or uses backslashes.
    public static let unsafeName = PackageErrorCode("unsafe-name")
    /// A manifest that is not well-formed or does not follow `Templates/package/package.xsd`.
    public static let manifestInvalid = PackageErrorCode("manifest-invalid")
    /// A manifest that declares a DTD or entities.
    public static let manifestDTD = PackageErrorCode("manifest-dtd")
    public static let unsupportedVersion = PackageErrorCode("unsupported-version")
    public static let unsupportedSuite = PackageErrorCode("unsupported-suite")
    /// Addressed to another office.
    public static let wrongRecipient = PackageErrorCode("wrong-recipient")
    /// From an office whose keys this office does not know.
    public static let unknownSender = PackageErrorCode("unknown-sender")
    /// The manifest's signature does not verify with the sender's key.
    public static let badSignature = PackageErrorCode("bad-signature")
    public static let missingPart = PackageErrorCode("missing-part")
    public static let extraPart = PackageErrorCode("extra-part")
    /// A part larger than its declared size (or a zip bomb).
    public static let oversizedPart = PackageErrorCode("oversized-part")
    /// A part whose bytes do not match their hash, or that does not decrypt.
    public static let partAltered = PackageErrorCode("part-altered")
    /// The office's key file is missing, readable by others, or damaged.
    public static let keyFile = PackageErrorCode("key-file")
    /// An enrolment or its reply that cannot be used (a wrong or spent secret, an office already enrolled).
    public static let enrolment = PackageErrorCode("enrolment")
}
