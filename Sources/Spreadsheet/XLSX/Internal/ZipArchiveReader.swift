internal import CZip
import Foundation

/// Caps that stop a hostile archive (a zip bomb) before it costs time or memory.
public struct ZipLimits: Sendable, Hashable {
    /// Most bytes one entry may inflate to.
    public var maxEntrySize: Int64 = 4 << 30
    /// Most bytes all entries together may declare.
    public var maxTotalSize: Int64 = 8 << 30
    /// Highest inflated-to-compressed ratio for entries larger than `ratioFloor`.
    /// Deflate reaches about 1,032:1 at most; real sheets compress 5–30:1.
    public var maxRatio: Int64 = 200
    /// Entries smaller than this are never refused for their ratio.
    public var ratioFloor: Int64 = 16 << 20
    /// Most entries in one archive.
    public var maxEntries: Int = 10_000

    public init() {}
}

/// Read-only access to a zip archive through libzip, with a case- and slash-insensitive name index.
///
/// Owns its `zip_t*` and closes it in `deinit`. Not `Sendable`: a libzip handle must stay on one task.
package final class ZipArchiveReader {
    package struct Entry {
        let index: UInt64
        package let name: String
        /// The inflated size the central directory declares (enforced while reading, never trusted).
        package let size: Int64
        package let compressedSize: Int64
    }

    private let handle: OpaquePointer
    package let displayName: String
    package let limits: ZipLimits
    package private(set) var entries: [Entry] = []
    private var byNormalizedName: [String: Int] = [:]

    /// Opens `path`; throws `.damagedZip` with libzip's reason when the archive cannot be read.
    package init(path: String, displayName: String, limits: ZipLimits) throws {
        self.displayName = displayName
        self.limits = limits
        var code: Int32 = 0
        guard let za = zip_open(path, ZIP_RDONLY, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw ZipArchiveReader.openError(&error, displayName: displayName)
        }
        handle = za
        try buildIndex()
    }

    /// Opens an archive held in memory (a decrypted package part, which so never touches the disk).
    package init(bytes: [UInt8], displayName: String, limits: ZipLimits) throws {
        self.displayName = displayName
        self.limits = limits
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        // libzip reads the buffer until the archive is discarded, and frees it then (freep = 1).
        let memory = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { if !$0.isEmpty { memcpy(memory, $0.baseAddress!, $0.count) } }
        guard let source = zip_source_buffer_create(memory, zip_uint64_t(bytes.count), 1, &error) else {
            free(memory)
            throw ZipArchiveReader.openError(&error, displayName: displayName)
        }
        guard let za = zip_open_from_source(source, ZIP_RDONLY, &error) else {
            zip_source_free(source)  // still ours when the open failed
            throw ZipArchiveReader.openError(&error, displayName: displayName)
        }
        handle = za
        try buildIndex()
    }

    /// `.damagedZip` with libzip's reason.
    private static func openError(_ error: inout zip_error_t, displayName: String) -> SpreadsheetError {
        let code = zip_error_code_zip(&error)
        let key =
            (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS) ? "error.damaged-zip.truncated" : "error.damaged-zip.open"
        return SpreadsheetError(
            .damagedZip, key: key, ["reason": String(cString: zip_error_strerror(&error))],
            location: InputLocation(file: displayName))
    }

    deinit { zip_discard(handle) }

    private func buildIndex() throws {
        let count = zip_get_num_entries(handle, 0)
        guard count >= 0, count <= Int64(limits.maxEntries) else {
            throw SpreadsheetError(
                .hostileInput, key: "error.hostile-input.zip-entries",
                ["count": "\(count)", "limit": "\(limits.maxEntries)"],
                location: InputLocation(file: displayName))
        }
        var total: Int64 = 0
        for i in 0..<UInt64(count) {
            var st = zip_stat_t()
            zip_stat_init(&st)
            guard zip_stat_index(handle, i, 0, &st) == 0, let cName = st.name else { continue }
            let name = String(cString: cName)
            let size = Int64(clamping: st.size)
            let compressed = Int64(clamping: st.comp_size)
            total = total.addingReportingOverflow(size).overflow ? Int64.max : total + size  // crafted Zip64 sizes
            let entry = Entry(index: i, name: name, size: size, compressedSize: compressed)
            byNormalizedName[ZipArchiveReader.normalize(name)] = entries.count
            entries.append(entry)
        }
        if total > limits.maxTotalSize {
            throw SpreadsheetError(
                .hostileInput,
                key: "error.hostile-input.zip-total-size", ["total": "\(total)", "limit": "\(limits.maxTotalSize)"],
                location: InputLocation(file: displayName))
        }
    }

    /// Lower-cases and turns `\` into `/`, dropping a leading `/`: zip names written on Windows
    /// or by careless exporters differ from the relationship targets only in this way.
    static func normalize(_ name: String) -> String {
        var s = name.replacingOccurrences(of: "\\", with: "/").lowercased()
        while s.hasPrefix("/") { s.removeFirst() }
        return s
    }

    /// The entry for a part name, compared case-insensitively and with either slash.
    package func entry(named name: String) -> Entry? {
        byNormalizedName[ZipArchiveReader.normalize(name)].map { entries[$0] }
    }

    private func checkBomb(_ entry: Entry) throws {
        let location = InputLocation(file: displayName, part: entry.name)
        if entry.size > limits.maxEntrySize {
            throw SpreadsheetError(
                .hostileInput,
                key: "error.hostile-input.zip-entry-size",
                ["size": "\(entry.size)", "limit": "\(limits.maxEntrySize)"],
                location: location)
        }
        // Compared by division: maxRatio × compressed size can overflow for crafted sizes.
        if entry.size > limits.ratioFloor, entry.size / max(entry.compressedSize, 1) > limits.maxRatio {
            throw SpreadsheetError(
                .hostileInput,
                key: "error.hostile-input.zip-ratio",
                ["ratio": "\(entry.size / max(entry.compressedSize, 1))", "limit": "\(limits.maxRatio)"],
                location: location)
        }
    }

    /// Opens `entry` for reading in chunks, after checking the declared sizes against the limits.
    package func open(_ entry: Entry) throws -> EntryStream {
        try checkBomb(entry)
        let location = InputLocation(file: displayName, part: entry.name)
        guard let file = zip_fopen_index(handle, entry.index, 0) else {
            throw SpreadsheetError(
                .damagedZip, key: "error.damaged-zip.open-entry", ["reason": "\(lastError())"], location: location)
        }
        return EntryStream(archive: self, file: file, entry: entry, location: location)
    }

    /// Streams the inflated bytes of `entry` in chunks, enforcing the limits as it goes
    /// (a lying size in the central directory does not get past them).
    package func stream(_ entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let stream = try open(entry)
        while let chunk = try stream.next() { try body(chunk) }
    }

    /// The whole inflated entry (for small parts: relationships, workbook, styles).
    package func read(_ entry: Entry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.size, 1 << 24)))
        try stream(entry) { bytes.append(contentsOf: $0) }
        return bytes
    }

    private func lastError() -> String {
        String(cString: zip_strerror(handle))
    }
}

@available(*, unavailable, message: "a libzip handle must stay on one task")
extension ZipArchiveReader: Sendable {}

/// One open entry of a `ZipArchiveReader`, read chunk by chunk; closes its `zip_file_t*` in `deinit`.
package final class EntryStream {
    private let archive: ZipArchiveReader  // keeps the archive open while the entry is read
    private let file: OpaquePointer
    let entry: ZipArchiveReader.Entry
    let location: InputLocation
    private let buffer: UnsafeMutableRawBufferPointer
    private var total: Int64 = 0
    static let chunkSize = 1 << 18

    fileprivate init(
        archive: ZipArchiveReader, file: OpaquePointer, entry: ZipArchiveReader.Entry, location: InputLocation
    ) {
        self.archive = archive
        self.file = file
        self.entry = entry
        self.location = location
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: EntryStream.chunkSize, alignment: 16)
    }

    deinit {
        zip_fclose(file)
        buffer.deallocate()
    }

    /// The next chunk of inflated bytes (valid until the next call), or nil at the end.
    package func next() throws -> UnsafeRawBufferPointer? {
        let n = zip_fread(file, buffer.baseAddress, zip_uint64_t(EntryStream.chunkSize))
        if n < 0 {
            let reason = String(cString: zip_file_strerror(file))
            throw SpreadsheetError(
                .damagedZip, key: "error.damaged-zip.inflate", ["reason": "\(reason)"],
                location: location)
        }
        if n == 0 { return nil }
        total += n
        let limits = archive.limits
        if total > limits.maxEntrySize
            || (total > limits.ratioFloor && total / max(entry.compressedSize, 1) > limits.maxRatio)
        {
            throw SpreadsheetError(
                .hostileInput,
                key: "error.hostile-input.zip-inflates-past",
                ["total": "\(total)", "compressed": "\(entry.compressedSize)"],
                location: location)
        }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<Int(n)])
    }
}

@available(*, unavailable, message: "a libzip handle must stay on one task")
extension EntryStream: Sendable {}
