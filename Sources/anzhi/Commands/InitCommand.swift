import AnzhiCore
import AnzhiStore
import ArgumentParser

/// `anzhi init`: creates an office's database.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create the database of an office.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The office's code.") var office: String
    @Option(help: "The office's name.") var name: String
    @Option(help: "The office's level: \(OfficeLevel.allCases.map(\.rawValue).joined(separator: ", ")).") var level: OfficeLevel
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
            let created = try Store.create(path: store.path,
                                           office: Office(code: office, name: name, level: level, region: region))
            Console.out("created \(created.path) for \(name) (\(level.label), \(region ?? office))")
            return 0
        }
    }
}
