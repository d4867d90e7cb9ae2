import Foundation

/// A buffered byte writer to a file descriptor, or to a consumer of blocks: the output end of the CSV and XML
/// writers. Owns the descriptor it opened (not stdout) and closes it in `deinit` if `close()` was not called.
final class ByteSink {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// Where blocks go instead of `fd` (a sheet's compressor).
    private let consumer: (([UInt8]) throws -> Void)?
    let path: String
    private static let flushThreshold = 1 << 18
    /// Optional conversion applied to each flushed block (e.g. UTF-8 → GB18030); blocks end on record boundaries.
    var transform: (([UInt8]) throws -> [UInt8])?

    /// The file being written when `path` is replaced only at `close()`.
    private let partialPath: String?
    private var closed = false

    /// Creates `path` for writing. When `atomic`, the bytes go to a temporary file beside it that replaces
    /// `path` at `close()`, so a failure half-way leaves an earlier file intact.
    init(path: String, atomic: Bool = true) throws {
        let target = atomic ? path + ".partial-\(getpid())" : path
        // 0600: what these writers produce holds personal data (the CLI's umask narrows it further, never wider).
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SpreadsheetError(
                .writeFailed, key: "error.write-failed.create",
                ["path": "\(path)", "reason": "\(String(cString: strerror(errno)))"])
        }
        self.fd = fd
        self.path = path
        partialPath = atomic ? target : nil
        if atomic { TemporaryFiles.register(target) }
        ownsDescriptor = true
        consumer = nil
        buffer.reserveCapacity(ByteSink.flushThreshold + 4096)
    }

    /// Writes to standard output.
    init(standardOutput: Void) {
        fd = 1
        path = "<stdout>"
        partialPath = nil
        ownsDescriptor = false
        consumer = nil
        buffer.reserveCapacity(ByteSink.flushThreshold + 4096)
    }

    /// Hands each block of about 256 KiB to `consumer` (named `path` in errors).
    init(path: String, blocks consumer: @escaping ([UInt8]) throws -> Void) {
        fd = -1
        self.path = path
        partialPath = nil
        ownsDescriptor = false
        self.consumer = consumer
        buffer.reserveCapacity(ByteSink.flushThreshold + 4096)
    }

    deinit {
        if ownsDescriptor && !closed { Foundation.close(fd) }
        if let partialPath, !closed {
            unlink(partialPath)
            TemporaryFiles.unregister(partialPath)
        }
    }

    @inline(__always)
    func write(_ byte: UInt8) { buffer.append(byte) }

    @inline(__always)
    func write(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(contentsOf: bytes) }

    @inline(__always)
    func write<C: Collection>(_ bytes: C) where C.Element == UInt8 { buffer.append(contentsOf: bytes) }

    func write(_ string: String) {
        var s = string
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Flushes when the buffer is large; call at record boundaries only (so a transform never splits a character).
    @inline(__always)
    func flushIfNeeded() throws {
        if buffer.count >= ByteSink.flushThreshold { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        let block = try transform.map { try $0(buffer) } ?? buffer
        buffer.removeAll(keepingCapacity: true)
        if let consumer { return try consumer(block) }
        try block.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw SpreadsheetError(
                        .writeFailed, key: "error.write-failed.write",
                        ["path": "\(path)", "reason": "\(String(cString: strerror(code)))"],
                        cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
                }
                offset += n
            }
        }
    }

    /// Flushes and closes the file (a no-op close for stdout and a consumer).
    func close() throws {
        guard !closed else { return }
        try flush()
        if ownsDescriptor {
            closed = true
            Foundation.close(fd)
            if let partialPath {
                defer { TemporaryFiles.unregister(partialPath) }
                if rename(partialPath, path) != 0 {
                    let code = errno
                    unlink(partialPath)
                    throw SpreadsheetError(
                        .writeFailed, key: "error.write-failed.write",
                        ["path": "\(path)", "reason": "\(String(cString: strerror(code)))"])
                }
            }
        }
    }
}

@available(*, unavailable, message: "owns a file descriptor and a buffer")
extension ByteSink: Sendable {}
