import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi init`: creates an office's database and keys, on its own or from a superior's enrolment.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: L("help.init.abstract"),
        discussion: HelpText.discussion("help.init.discussion"))

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp(L("help.init.office"))) var office: String?
    @Option(help: ArgumentHelp(L("help.init.name"))) var name: String?
    @Option(
        help: ArgumentHelp(
            L("help.init.level", "levels", OfficeLevel.allCases.map(\.rawValue).joined(separator: ", "))))
    var level: OfficeLevel?
    @Option(help: ArgumentHelp(L("help.init.region")))
    var region: String?
    @Option(help: ArgumentHelp(L("help.init.enroll")))
    var enroll: String?
    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.init.output"))) var output: String?

    func validate() throws {
        if enroll != nil {
            guard output != nil else {
                throw ValidationError(L("usage.init.enroll-needs-output"))
            }
            if office != nil || name != nil || level != nil || region != nil {
                throw ValidationError(L("usage.init.enroll-alone"))
            }
            try OutputPath.check(output!, accepted: ["zip"], database: store.path, inputs: [enroll!])
            return
        }
        guard office != nil, name != nil, let level else {
            throw ValidationError(L("usage.init.give-office"))
        }
        if let region, !RegionCode.isWellFormed(region) {
            throw ValidationError(L("usage.init.region-format", "region", region))
        }
        if region == nil && !level.isCustodial && level != .central {
            throw ValidationError(L("usage.init.region-required", "level", level.label))
        }
        if level == .township, let region, RegionCode.significant(region).count < 9 {
            throw ValidationError(L("usage.init.township-region", "region", region))
        }
    }

    func run() throws {
        try Exit.run {
            let reference = try store.reference()
            if let enroll, let output {
                let offer = try Enrolment.readOffer(path: enroll, schema: try PackageFiles.schema(reference))
                let created = try create(offer.office, parent: offer.parent)
                for entry in offer.directory { try created.store.addToDirectory(entry) }
                try Enrolment.writeReply(to: output, offer: offer, keys: created.keys, created: Clock.now())
                Console.out(
                    L(
                        "init.enrolled", "db", created.store.path, "name", offer.office.name, "level",
                        offer.office.level.label, "parent", offer.parent))
                Console.out(
                    L(
                        "init.fingerprint", "fingerprint",
                        OfficeKeys.fingerprint(
                            signing: created.keys.signingPublic, agreement: created.keys.agreementPublic)))
                Console.out(L("init.reply", "file", output, "parent", offer.parent))
                return 0
            }
            if let region, !reference.regions.isKnown(region) {
                throw ValidationError(L("usage.init.region-unknown", "region", region))
            }
            let created = try create(Office(code: office!, name: name!, level: level!, region: region), parent: nil)
            Console.out(
                L(
                    "init.created", "db", created.store.path, "name", name!, "level", level!.label, "region",
                    region ?? office!))
            Console.out(
                L(
                    "init.fingerprint", "fingerprint",
                    OfficeKeys.fingerprint(signing: created.keys.signingPublic, agreement: created.keys.agreementPublic)
                ))
            return 0
        }
    }

    /// The database, the key file beside it (written first: a database without its keys is of no use) and the
    /// office's own directory entry.
    private func create(_ office: Office, parent: String?) throws -> (store: Store, keys: OfficeKeys) {
        let keys = OfficeKeys.generate()
        let keyPath = OfficeKeys.path(forDatabase: store.path)
        try keys.write(to: keyPath)
        do {
            Today.fixRecordingDay()
            let created = try Store.create(path: store.path, office: office)
            try created.addToDirectory(
                DirectoryEntry(
                    office: office, parent: parent, signingKey: keys.signingPublic,
                    agreementKey: keys.agreementPublic, source: "self"))
            return (created, keys)
        } catch {
            unlink(keyPath)
            throw error
        }
    }
}

/// Files the exchange needs from Templates.
enum PackageFiles {
    static func schema(_ reference: ReferenceData) throws -> [UInt8] {
        try FileBytes.read(reference.folder + "/package/package.xsd")
    }
}

/// Time stamps stated in packages: UTC, second precision.
enum Clock {
    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
