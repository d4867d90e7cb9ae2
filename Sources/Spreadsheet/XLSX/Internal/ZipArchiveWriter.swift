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

    /// Adds an entry whose content is the file at `filePath`, read at `close()`.
    package func add(_ name: String, contentsOfFile filePath: String) throws {
        guard let za = handle else { throw closedError() }
        guard let source = zip_source_file(za, filePath, 0, -1) else {
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.zip-add-file",
                ["name": "\(name)", "file": "\(filePath)", "reason": "\(String(cString: zip_strerror(za)))"])
        }
        try addSource(source, name: name)
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

@available(*, unavailable, message: "a libzip handle must stay on one task")
extension ZipArchiveWriter: Sendable {}
