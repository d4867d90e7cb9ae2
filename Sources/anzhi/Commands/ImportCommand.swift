import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi import FILE...`: validate and merge batches into the register.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: L("help.import.abstract"),
        discussion: HelpText.discussion("help.import.discussion", exitStatus: false))

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp(L("help.import.paths")))
    var paths: [String]

    /// The files to import: each folder replaced by its files (not hidden ones), in name order.
    var files: [String] {
        paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else { return [path] }
            return names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
                .filter {
                    var sub: ObjCBool = false
                    return FileManager.default.fileExists(atPath: $0, isDirectory: &sub) && !sub.boolValue
                }
        }
    }
    @Option(
        help: ArgumentHelp(L("help.import.source")))
    var source: BatchSide = .prison
    @Option(help: ArgumentHelp(L("help.import.mapping"))) var mapping: String?
    @Option(help: ArgumentHelp(L("help.import.sheet"))) var sheet: String?
    @Option(help: ArgumentHelp(L("help.import.errors"))) var errors: String?
    @Option(help: ArgumentHelp(L("help.import.encoding"))) var encoding: CSVEncodingChoice = .auto
    @Flag(help: ArgumentHelp(L("help.import.json"))) var json = false
    @Flag(name: .customLong("dry-run"), help: ArgumentHelp(L("help.import.dry-run"))) var dryRun =
        false
    @Flag(help: ArgumentHelp(L("help.import.verbose"))) var verbose = false
    @Option(
        name: .customLong("max-diagnostics"),
        help: ArgumentHelp(L("help.import.max-diagnostics")))
    var maxDiagnostics = 200
    @Option(
        name: .customLong("max-errors"),
        help: ArgumentHelp(L("help.import.max-errors")))
    var maxErrors = 10_000

    func validate() throws {
        if let errors {
            try OutputPath.check(
                errors, option: "--errors", accepted: ["xlsx", "csv"], database: store.path, inputs: files)
        }
    }

    func run() throws {
        try Exit.run {
            let store = try self.store.open()
            let reference = try self.store.reference()
            let importer = Importer(store: store, reference: reference)
            var options = ImportOptions(side: source, today: Today.date())
            options.encoding = encoding
            options.mappingFile = mapping
            options.sheet = sheet
            options.maxErrors = maxErrors
            options.dryRun = dryRun
            let progress = ProgressLine("progress.import", json: json)
            if let progress { options.progress = { n in progress.update(n) } }
            var status: Int32 = 0
            var summaries: [[String: Any]] = []
            var allRejected: [RejectedInput] = []
            // Made once for all the packages of the command (a superior may import thousands of reports at once).
            var packages: PackageImporter?
            // Small packages (reports, answers) are opened ahead on every core, a batch at a time.
            var prepared: PackageImporter.Prepared = [:]
            let files = self.files
            let small = files.filter {
                let size = (try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? Int
                return (size ?? .max) < 1 << 20
            }
            var ahead = small.count > 8 ? small[...] : []
            for file in files {
                // An update package is recognised by its content, whatever its name.
                if prepared[file] != nil || UpdatePackage.isPackage(path: file) {
                    do {
                        if packages == nil {
                            let keys = try OfficeKeys.load(from: OfficeKeys.path(forDatabase: self.store.path))
                            packages = PackageImporter(
                                store: store, keys: keys, schema: try PackageFiles.schema(reference),
                                reference: reference, today: Today.date())
                            packages!.progress = options.progress
                        }
                        if prepared[file] == nil, ahead.contains(file) {
                            let batch = Array(ahead.prefix(256))
                            ahead = ahead.dropFirst(batch.count)
                            prepared = try packages!.prepare(batch)
                        }
                        let r = try packages!.importPackage(path: file, displayName: file, prepared: prepared)
                        prepared[file] = nil
                        progress?.finish()
                        status = max(status, PackageSummary.print(r, verbose: verbose, limit: maxDiagnostics))
                    } catch let error as any LocatedError {
                        Console.err("\(error)\(Hints.hint(for: error) ?? "")" + L("import.nothing-imported"))
                        status = 2
                    }
                    continue
                }
                do {
                    let report = try importer.importFile(path: file, options: options)
                    progress?.finish()
                    allRejected += report.rejected
                    if report.counts.rejected > 0 { status = max(status, 1) }
                    if json {
                        summaries.append(Summary.json(report, limit: maxDiagnostics))
                    } else {
                        Summary.print(report, verbose: verbose, limit: maxDiagnostics)
                    }
                } catch let error as any LocatedError {
                    Console.err("\(error)\(Hints.hint(for: error) ?? "")" + L("import.nothing-imported"))
                    status = 2
                    if json { summaries.append(["file": file, "error": error.description]) }
                } catch {
                    // Any other failure: this file is rolled back, the next ones still run.
                    Console.err("\(file): \(Diagnostic.Severity.error.word): \(error)" + L("import.nothing-imported"))
                    status = 2
                    if json { summaries.append(["file": file, "error": "\(error)"]) }
                }
            }
            if let errors {
                let written = try PersonSheets.writeErrors(allRejected, to: errors, text: .chosen)
                if !json {
                    Console.err(
                        L("import.errors-written", "count", allRejected.count, "files", written.joined(separator: ", "))
                    )
                }
            }
            if json {
                let object: Any = summaries.count == 1 ? summaries[0] : summaries
                let data = try JSONSerialization.data(
                    withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                Console.out(String(decoding: data, as: UTF8.self))
            }
            return status
        }
    }
}
