public import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

/// What importing a package did.
public struct PackageImportReport: Sendable {
    public var file: String
    public var kind: Manifest.Kind
    public var sender: String
    /// For a reply: the office now enrolled.
    public var enrolled: DirectoryEntry?
}

/// Imports update packages into an office's store: everything about the package is checked first
/// (`UpdatePackage.open`); only then does anything change.
public struct PackageImporter {
    public let store: Store
    public let keys: OfficeKeys
    /// `Templates/package/package.xsd`.
    public let schema: [UInt8]

    public init(store: Store, keys: OfficeKeys, schema: [UInt8]) {
        self.store = store
        self.keys = keys
        self.schema = schema
    }

    /// Imports one package.
    /// - Throws: `PackageError` with the refusal's code (nothing changed then).
    public func importPackage(path: String, displayName: String) throws -> PackageImportReport {
        let me = try store.office()
        // The kind decides how the sender is trusted, so peek at it through the same checks.
        let kind = try UpdatePackage.open(
            path: path, displayName: displayName, schema: schema, recipient: me.code, keys: keys
        ) {
            manifest, _ in
            // An enrolment reply is signed by keys this office learns from the reply itself (checked against the
            // secret below); every other package must come from an office whose keys are known.
            if manifest.kind == .reply { return try Enrolment.replySigningKey(path: path, displayName: displayName) }
            return try store.directoryEntry(manifest.sender)?.signingKey
        }.manifest
        switch kind.kind {
        case .reply:
            let entry = try Enrolment.readReply(
                path: path, displayName: displayName, schema: schema, superior: me.code, keys: keys
            ) {
                try store.enrolmentSecret(code: $0)
            }
            try store.addToDirectory(entry)
            try store.closeEnrolment(code: entry.office.code)
            return PackageImportReport(file: displayName, kind: .reply, sender: kind.sender, enrolled: entry)
        case .enrolment:
            throw PackageError(
                .enrolment, "an enrolment package is not imported: the new office runs init --enroll with it",
                location: InputLocation(file: displayName))
        case .people, .directory:
            throw PackageError(
                .notAPackage, "packages of kind \(kind.kind.rawValue) are not read by this version yet",
                location: InputLocation(file: displayName))
        }
    }
}
