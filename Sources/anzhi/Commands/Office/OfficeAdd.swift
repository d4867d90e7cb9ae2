import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension OfficeCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: L("help.office.add.abstract"),
            discussion: HelpText.discussion("help.office.add.discussion"))
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp(L("help.office.add.code"))) var code: String
        @Option(help: ArgumentHelp(L("help.office.add.name"))) var name: String
        @Option(help: ArgumentHelp(L("help.office.add.level"))) var level: OfficeLevel
        @Option(help: ArgumentHelp(L("help.office.add.region"))) var region: String?
        @Option(name: .shortAndLong, help: ArgumentHelp(L("help.office.add.output"))) var output: String

        func validate() throws {
            try OutputPath.check(output, accepted: ["zip"], database: store.path)
        }

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let me = try db.office()
                try OfficeHierarchy.checkSubordinate(level: level, region: region, of: me)
                if let region, try !store.reference().regions.isKnown(region) {
                    throw ValidationError(L("usage.office.region-unknown", "region", region))
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
            throw ValidationError(L("usage.office.no-subordinates", "level", superior.level.label))
        }
        if level.isCustodial { return }
        guard let mine = order.firstIndex(of: superior.level), let theirs = order.firstIndex(of: level),
            theirs == mine + 1
        else {
            throw ValidationError(
                L(
                    "usage.office.wrong-level", "level", superior.level.label, "expected",
                    order[min((order.firstIndex(of: superior.level) ?? 0) + 1, order.count - 1)].label, "given",
                    level.label))
        }
        guard let region else { throw ValidationError(L("usage.office.region-required", "level", level.label)) }
        let prefix = superior.region.map(RegionCode.significant) ?? ""
        guard RegionCode.significant(region).hasPrefix(prefix) else {
            throw ValidationError(
                L("usage.office.outside", "region", region, "jurisdiction", superior.region ?? ""))
        }
    }
}
