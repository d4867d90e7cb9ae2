public import AnzhiCore
public import AnzhiStore
import Foundation
import Spreadsheet

/// Reads a batch (XLSX or CSV), validates every row, and merges it into the office's register in one
/// transaction: a file-level failure imports nothing. Rejected rows are kept in the store with their reasons.
///
/// Two cores, two stages, one way: a reader thread (`TableReader`) parses the file and sends `ReadItem`s through a
/// bounded queue; this thread processes them (`RowProcessor`) into `MergeItem`s that the merge stage
/// (`MergeStage`) applies inside the store's merge session (the transaction's connection lives here).
public final class Importer {
    public let store: Store
    public let reference: ReferenceData

    public init(store: Store, reference: ReferenceData) {
        self.store = store
        self.reference = reference
    }

    /// Imports one file.
    /// - Throws: `SpreadsheetError`, `ImportError` or `StoreError` for file-level failures (nothing is imported then).
    public func importFile(path: String, displayName: String? = nil, options: ImportOptions) throws -> ImportReport {
        let name = displayName ?? path
        let source = try TableSource(path: path, displayName: name, encoding: options.encoding)
        return try importTables(of: source, contentHash: try Importer.contentHash(path), options: options)
    }

    /// Imports an XLSX workbook held in memory (a package's decrypted people: they never touch the disk).
    /// - Throws: as `importFile`.
    public func importWorkbook(xlsx bytes: [UInt8], displayName: String, options: ImportOptions) throws -> ImportReport
    {
        let source = try TableSource(xlsx: bytes, displayName: displayName)
        return try importTables(of: source, contentHash: FileBytes.fnv1a(bytes: bytes), options: options)
    }

    private func importTables(of source: TableSource, contentHash hash: String, options: ImportOptions) throws
        -> ImportReport
    {
        let name = source.displayName
        let office = try store.office()
        let matcher = try options.mappingFile.map(HeaderMatcher.load) ?? HeaderMatcher()
        let validator = RecordValidator(reference: reference, today: options.today)
        let reader = TableReader(
            source: source, detector: HeaderDetector(matcher: matcher, side: options.side, file: name),
            validator: validator, sheet: options.sheet, file: name)
        var report = ImportReport(file: name)
        report.dryRun = options.dryRun
        report.format = source.workbookKind?.name ?? "csv"
        report.workbookKind = source.workbookKind

        try store.merging(
            ImportSource(file: name, contentHash: hash, side: options.side, kind: "batch"), dryRun: options.dryRun
        ) { merger in
            report.previouslyImportedAt = try merger.previousImport()
            let merge = MergeStage(merger: merger)
            let rows = RowProcessor(
                validator: validator, office: office, options: options, file: name,
                storedHukou: merger.storedHukou, emit: merge.apply)
            try Importer.run(reader) { try rows.process($0) }
            try merge.finish()
            guard reader.foundHeader else {
                throw ImportError(
                    .noHeaderRow,
                    key: source.kind == .xlsx ? "error.no-header-row.none.xlsx" : "error.no-header-row.none",
                    location: InputLocation(file: name))
            }
            if let history = options.travellingHistory {
                report.historyAdded = try merger.addTravellingHistory(history.changes(), from: history.origin)
            }
            var counts = rows.counts
            counts.inserted += merge.counts.inserted
            counts.updated += merge.counts.updated
            counts.unchanged += merge.counts.unchanged
            counts.rejected += merge.counts.rejected
            counts.conflicts += merge.counts.conflicts
            counts.corrected += merge.counts.corrected
            try merger.finish(counts)
            report.counts = counts
            report.diagnostics = (reader.findings + rows.diagnostics + rows.summaries() + merge.diagnostics).sorted()
            report.rejected = (rows.rejected + merge.rejected).sorted {
                ($0.location.sheet ?? "", $0.location.row ?? 0) < ($1.location.sheet ?? "", $1.location.row ?? 0)
            }
            report.visitsAdded = merge.visitsAdded
            report.encoding = source.csvEncoding  // known once the CSV was opened
        }
        return report
    }

    /// Runs `reader` on its own thread and hands every item it reads to `consume` on this one, in order. When
    /// `consume` throws, the reader is stopped and waited for before the error goes on (so the transaction rolls
    /// back with no thread still reading).
    static func run(_ reader: TableReader, consume: (ReadItem) throws -> Void) throws {
        let channel = BoundedChannel<ReadItem>(capacity: 8)
        let box = ReaderBox(reader: reader)
        let thread = Thread {
            do {
                try box.reader.run(isBehind: { channel.backlog >= 1 }) { try channel.put($0) }
                channel.close(nil)
            } catch {
                channel.close(error)
            }
            box.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        do {
            while let batch = try channel.take() {
                for item in batch { try consume(item) }
            }
        } catch {
            channel.cancel()  // stop the reader, wait for it, then roll back
            box.done.wait()
            throw error
        }
        box.done.wait()
    }

    /// A hash of the file's bytes (FNV-1a, 64 bits, hex): enough to recognise the same file again, not a signature.
    static func contentHash(_ path: String) throws -> String {
        try FileBytes.fnv1a(path)
    }
}

/// Carries the reader stage to its thread.
/// `@unchecked Sendable`: only the reader thread touches `reader` until it signals `done`; the importing thread
/// reads the reader's findings only after waiting on `done` (the two stages share nothing else).
private final class ReaderBox: @unchecked Sendable {
    let reader: TableReader
    let done = DispatchSemaphore(value: 0)

    init(reader: TableReader) {
        self.reader = reader
    }
}
