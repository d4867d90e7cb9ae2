internal import CZip
import Foundation

/// Writes a zip archive through libzip: entries from memory or from files, deflated at a chosen level,
/// with a fixed modification time so that the same content gives the same archive.
///
/// libzip writes everything at `close()` (into a temporary file it then renames), so sources must stay
/// valid until then: memory is handed over as `malloc`ed buffers that libzip frees, files must not be
/// deleted before `close()`.
package final class ZipArchiveWriter {
    private var handle: OpaquePointer?
    let path: String
    /// Deflate level 1–9 for entries (level 1 is 3–4× faster than 6 for ~35% more bytes on sheets).
    var compressionLevel: UInt32
    /// 1980-01-01 00:00 local time is the DOS epoch; any fixed value keeps output stable.
    private let fixedTime: time_t = 315_532_800 + 86_400

    package init(path: String, compressionLevel: UInt32 = 1) throws {
        self.path = path
        self.compressionLevel = compressionLevel
        var code: Int32 = 0
        guard let za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.create",
                ["path": "\(path)", "reason": "\(String(cString: zip_error_strerror(&error)))"])
        }
        handle = za
    }

    deinit {
        if let handle { zip_discard(handle) }
    }

    /// Adds an entry holding `bytes`, deflated unless `compress` is false (stored: encrypted bytes do not compress).
    package func add(_ name: String, bytes: [UInt8], compress: Bool = true) throws {
        guard let za = handle else { throw closedError() }
        let count = bytes.count
        let memory = malloc(max(count, 1))!
        bytes.withUnsafeBytes { raw in
            if count > 0 { memcpy(memory, raw.baseAddress!, count) }
        }
        // freep = 1: libzip frees the buffer once it has written the entry at close.
        guard let source = zip_source_buffer(za, memory, zip_uint64_t(count), 1) else {
            free(memory)
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.zip-add",
                ["name": "\(name)", "reason": "\(String(cString: zip_strerror(za)))"])
        }
        try addSource(source, name: name, compress: compress)
    }

    /// Adds an entry whose data is deflated already (`BackgroundDeflater`): libzip copies it as it is, taking the
    /// method, sizes and CRC from the source's stat (as it does when copying an entry from another archive).
    func add(_ name: String, deflated entry: DeflatedEntry) throws {
        guard let za = handle else { throw closedError() }
        let box = Unmanaged.passRetained(PrecompressedSource(entry))
        guard let source = zip_source_function(za, PrecompressedSource.callback, box.toOpaque()) else {
            box.release()
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.zip-add",
                ["name": "\(name)", "reason": "\(String(cString: zip_strerror(za)))"])
        }
        let index = zip_file_add(za, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
        guard index >= 0 else {
            zip_source_free(source)  // frees the box too (ZIP_SOURCE_FREE)
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.zip-add",
                ["name": "\(name)", "reason": "\(String(cString: zip_strerror(za)))"])
        }
        // The compression method is left at the default, so that libzip takes the source's (deflate) and does not
        // compress again.
        zip_file_set_mtime(za, zip_uint64_t(index), fixedTime, 0)
    }

    private func addSource(_ source: OpaquePointer, name: String, compress: Bool = true) throws {
        guard let za = handle else { throw closedError() }
        let index = zip_file_add(za, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
        guard index >= 0 else {
            zip_source_free(source)  // on failure the source is still ours
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.zip-add",
                ["name": "\(name)", "reason": "\(String(cString: zip_strerror(za)))"])
        }
        let i = zip_uint64_t(index)
        zip_set_file_compression(
            za, i, Int32(compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE), compress ? compressionLevel : 0)
        zip_file_set_mtime(za, i, fixedTime, 0)
    }

    /// Writes the archive. After a failure the partial output is discarded.
    package func close() throws {
        guard let za = handle else { return }
        handle = nil
        if zip_close(za) != 0 {
            let reason = String(cString: zip_strerror(za))
            zip_discard(za)
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.write", ["path": "\(path)", "reason": "\(reason)"])
        }
    }

    private func closedError() -> SpreadsheetError {
        SpreadsheetError(.writeFailed, key: "error.write-failed.zip-closed", ["path": "\(path)"])
    }
}

/// A libzip source that serves a `DeflatedEntry`'s compressed bytes (its head, then its file) and says in its stat
/// that they are deflated, with the uncompressed size and CRC.
private final class PrecompressedSource {
    let entry: DeflatedEntry
    private var file: UnsafeMutablePointer<FILE>?
    private var headOffset = 0
    private var error = zip_error_t()

    init(_ entry: DeflatedEntry) {
        self.entry = entry
        zip_error_init(&error)
    }

    deinit {
        if let file { fclose(file) }
        zip_error_fini(&error)
    }

    static let callback: zip_source_callback = { userdata, data, length, command in
        let source = Unmanaged<PrecompressedSource>.fromOpaque(userdata!).takeUnretainedValue()
        switch command {
        case ZIP_SOURCE_OPEN:
            source.headOffset = 0
            guard let file = fopen(source.entry.path, "rb") else {
                zip_error_set(&source.error, ZIP_ER_OPEN, errno)
                return -1
            }
            source.file = file
            return 0
        case ZIP_SOURCE_READ:
            guard let data else {
                zip_error_set(&source.error, ZIP_ER_INVAL, 0)
                return -1
            }
            let want = Int(length)
            var given = 0
            let head = source.entry.head
            if source.headOffset < head.count {
                given = min(want, head.count - source.headOffset)
                head.withUnsafeBytes { data.copyMemory(from: $0.baseAddress! + source.headOffset, byteCount: given) }
                source.headOffset += given
            }
            if given < want, let file = source.file {
                let n = fread(data + given, 1, want - given, file)
                if n < want - given && ferror(file) != 0 {
                    zip_error_set(&source.error, ZIP_ER_READ, errno)
                    return -1
                }
                given += n
            }
            return zip_int64_t(given)
        case ZIP_SOURCE_CLOSE:
            if let file = source.file { fclose(file) }
            source.file = nil
            return 0
        case ZIP_SOURCE_STAT:
            guard let data, length >= zip_uint64_t(MemoryLayout<zip_stat_t>.size) else { return -1 }
            let stat = data.assumingMemoryBound(to: zip_stat_t.self)
            zip_stat_init(stat)
            stat.pointee.size = source.entry.size
            stat.pointee.comp_size = source.entry.compressedSize
            stat.pointee.comp_method = zip_uint16_t(ZIP_CM_DEFLATE)
            stat.pointee.crc = source.entry.crc
            stat.pointee.valid |= zip_uint64_t(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC)
            return zip_int64_t(MemoryLayout<zip_stat_t>.size)
        case ZIP_SOURCE_ERROR:
            guard let data else { return -1 }
            return zip_error_to_data(&source.error, data, length)
        case ZIP_SOURCE_FREE:
            Unmanaged<PrecompressedSource>.fromOpaque(userdata!).release()
            return 0
        case ZIP_SOURCE_SUPPORTS:
            let commands = [
                ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                ZIP_SOURCE_SUPPORTS,
            ]
            return commands.reduce(0) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }
        default:
            zip_error_set(&source.error, ZIP_ER_OPNOTSUPP, 0)
            return -1
        }
    }
}

@available(*, unavailable, message: "a libzip handle must stay on one task")
extension ZipArchiveWriter: Sendable {}
