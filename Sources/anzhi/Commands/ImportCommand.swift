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
        abstract:
            "Import prison batches (XLSX, .xls, HTML tables, XML Spreadsheet 2003, or CSV) into the office's register.",
        discussion: """
            Each file is one transaction: a file that cannot be read imports nothing. Rows with errors are kept \
            (see --errors and `anzhi rejected`) and the rest goes in. Rows of other offices' jurisdictions are \
            counted apart (outside) and not kept. The merge rule: the owner's value replaces the stored one; the \
            other side's value fills an empty field and is a conflict only when it differs from a stored value.
            Example: anzhi import 监狱第3批.xlsx --errors 错误行.xlsx; anzhi import 收件箱/ (every package received)
            Exit status: 0 every row went in (or belongs to another office), 1 some rows were rejected, 2 a file \
            could not be imported, 64 a usage error (swift-argument-parser's convention).
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The batch files and packages; a folder stands for the files in it (e.g. the packages received).")
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
        help: """
            Who sent the batch: prison or office (the owner's values update its fields; the other side's fill empty \
            fields or become conflicts), or migration (an office's first load of its old ledger: every field as it stands).
            """)
    var source: BatchSide = .prison
    @Option(help: "A CSV of 'their header,canonical header' lines for an office's own column names.") var mapping:
        String?
    @Option(help: "Read only this worksheet of a workbook (a hidden one too).") var sheet: String?
    @Option(help: "Write the rejected rows, with an 错误说明 column, to this XLSX or CSV file.") var errors: String?
    @Option(help: "The encoding of CSV files: auto, utf-8 or gb18030.") var encoding: CSVEncodingChoice = .auto
    @Flag(help: "Print a JSON summary on standard output.") var json = false
    @Flag(name: .customLong("dry-run"), help: "Validate and merge, then roll back: nothing is written.") var dryRun =
        false
    @Flag(help: "Also print notes (derived region codes, assignment queue).") var verbose = false
    @Option(
        name: .customLong("max-diagnostics"),
        help: "List at most this many findings per file (text and JSON; the JSON gives the total).")
    var maxDiagnostics = 200
    @Option(
        name: .customLong("max-errors"),
        help: "Stop a file with nothing imported when more rows than this are rejected.")
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
                        }
                        if prepared[file] == nil, ahead.contains(file) {
                            let batch = Array(ahead.prefix(256))
                            ahead = ahead.dropFirst(batch.count)
                            prepared = try packages!.prepare(batch)
                        }
                        let r = try packages!.importPackage(path: file, displayName: file, prepared: prepared)
                        prepared[file] = nil
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
                let written = try PersonSheets.writeErrors(allRejected, to: errors)
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
