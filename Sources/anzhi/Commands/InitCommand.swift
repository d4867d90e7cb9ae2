import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi init`: creates an office's database.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the database of an office.",
        discussion: """
            Levels: central, province, city, county, township, prison, detention-centre, or in Chinese 中央, 省, 地市, \
            区县, 司法所, 监狱, 看守所.
            Example: anzhi init --db 解放路司法所.sqlite --office 370102001 --name 解放路司法所 --level 司法所 --region 370102001

            """ + ExitStatus.help)

    @OptionGroup var store: StoreOptions
    @Option(help: "The office's code.") var office: String
    @Option(help: "The office's name.") var name: String
    @Option(
        help: "The office's level: \(OfficeLevel.allCases.map(\.rawValue).joined(separator: ", ")) (or 区县, 司法所, 监狱 …).")
    var level: OfficeLevel
    @Option(help: "The region code of the jurisdiction (required for administrative levels below central).")
    var region: String?

    func validate() throws {
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
            if let region, try !store.reference().regions.isKnown(region) {
                throw ValidationError(
                    "--region '\(region)' names no known division (GB/T 2260 / GB/T 10114); check the code")
            }
            let created = try Store.create(
                path: store.path,
                office: Office(code: office, name: name, level: level, region: region))
            Console.out("created \(created.path) for \(name) (\(level.label), \(region ?? office))")
            return 0
        }
    }
}
