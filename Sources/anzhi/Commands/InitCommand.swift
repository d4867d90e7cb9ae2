import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi init`: creates an office's database and keys, on its own or from a superior's enrolment.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the database of an office, with its keys.",
        discussion: """
            Levels: central, province, city, county, township, prison, detention-centre, or in Chinese 中央, 省, 地市, \
            区县, 司法所, 监狱, 看守所. The office's private keys go to a file beside the database (DB.key, mode 0600);
            the database keeps public keys only.
            Example: anzhi init --db 解放路司法所.sqlite --office 370102001 --name 解放路司法所 --level 司法所 --region 370102001
            From a superior's enrolment: anzhi init --enroll 入网-370102001.zip --db 解放路司法所.sqlite -o 回复.zip

            """ + ExitStatus.help)

    @OptionGroup var store: StoreOptions
    @Option(help: "The office's code.") var office: String?
    @Option(help: "The office's name.") var name: String?
    @Option(
        help: "The office's level: \(OfficeLevel.allCases.map(\.rawValue).joined(separator: ", ")) (or 区县, 司法所, 监狱 …).")
    var level: OfficeLevel?
    @Option(help: "The region code of the jurisdiction (required for administrative levels below central).")
    var region: String?
    @Option(help: "An enrolment package from the superior office: the office, its superior and directory come from it.")
    var enroll: String?
    @Option(name: .shortAndLong, help: "With --enroll: the reply to send back to the superior (a .zip).") var output:
        String?

    func validate() throws {
        if enroll != nil {
            guard output != nil else {
                throw ValidationError("--enroll needs -o REPLY.zip, the reply for the superior")
            }
            if office != nil || name != nil || level != nil || region != nil {
                throw ValidationError("with --enroll, the office, name, level and region come from the enrolment")
            }
            try OutputPath.check(output!, accepted: ["zip"], database: store.path, inputs: [enroll!])
            return
        }
        guard office != nil, name != nil, let level else {
            throw ValidationError("give --office, --name and --level (or --enroll)")
        }
        if let region, !RegionCode.isWellFormed(region) {
            throw ValidationError("--region must be a region code of 6, 9 or 12 digits, found '\(region)'")
        }
        if region == nil && !level.isCustodial && level != .central {
            throw ValidationError("--region is required for a \(level.rawValue) office")
        }
        if level == .township, let region, RegionCode.significant(region).count < 9 {
            throw ValidationError("a township office's --region is a 9-digit township code, found '\(region)'")
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
                throw ValidationError(
                    "--region '\(region)' names no known division (GB/T 2260 / GB/T 10114); check the code")
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
