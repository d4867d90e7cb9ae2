import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension OfficeCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Write the enrolment package of a direct subordinate office (or a prison).",
            discussion: """
                The subordinate runs `anzhi init --enroll FILE` with it and sends back the reply, which this office
                imports (`anzhi import REPLY.zip`). The package holds a one-time secret: hand it over as you would a
                password.
                Example: anzhi office add --code 370102001 --name 解放路司法所 --level 司法所 --region 370102001 -o 入网-370102001.zip

                """ + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(help: "The new office's code.") var code: String
        @Option(help: "The new office's name.") var name: String
        @Option(help: "Its level (a direct subordinate's, or prison / detention-centre).") var level: OfficeLevel
        @Option(help: "Its region code (administrative levels).") var region: String?
        @Option(name: .shortAndLong, help: "The enrolment package to write (.zip).") var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["zip"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let me = try db.office()
                try OfficeHierarchy.checkSubordinate(level: level, region: region, of: me)
                if let region, try !store.reference().regions.isKnown(region) {
                    throw ValidationError("--region '\(region)' names no known division")
                }
                guard let superior = try db.directoryEntry(me.code) else {
                    throw CommandError(
                        codeName: "no-keys",
                        message: L("office.no-keys"))
                }
                let keys = try OfficeKeys.load(from: OfficeKeys.path(forDatabase: store.path))
                let office = Office(code: code, name: name, level: level, region: region)
                let secret = try Enrolment.writeOffer(
                    to: output, office: office, superior: superior, keys: keys,
                    directory: try db.directory(), created: Clock.now())
                try db.recordEnrolment(code: code, secret: secret)
                try db.addToDirectory(
                    DirectoryEntry(
                        office: office, parent: me.code, signingKey: nil, agreementKey: nil, source: "enrolment"))
                Console.out(L("office.enrolment-written", "file", output, "name", name, "level", level.label))
                return 0
            }
        }
    }
}

/// Which offices may be enrolled by which (domain §1): an administrative office enrols the level directly below it
/// within its region; any leadership office may enrol a prison or detention centre.
enum OfficeHierarchy {
    static let order: [OfficeLevel] = [.central, .province, .city, .county, .township]

    static func checkSubordinate(level: OfficeLevel, region: String?, of superior: Office) throws {
        guard superior.level.isLeadership else {
            throw ValidationError("a \(superior.level.label) office has no subordinates to enrol")
        }
        if level.isCustodial { return }
        guard let mine = order.firstIndex(of: superior.level), let theirs = order.firstIndex(of: level),
            theirs == mine + 1
        else {
            throw ValidationError(
                "a \(superior.level.label) office enrols \(order[min((order.firstIndex(of: superior.level) ?? 0) + 1, order.count - 1)].label) offices (or a prison), not \(level.label)"
            )
        }
        guard let region else { throw ValidationError("--region is required for a \(level.label) office") }
        let prefix = superior.region.map(RegionCode.significant) ?? ""
        guard RegionCode.significant(region).hasPrefix(prefix) else {
            throw ValidationError("region \(region) lies outside this office's jurisdiction (\(superior.region ?? ""))")
        }
    }
}
