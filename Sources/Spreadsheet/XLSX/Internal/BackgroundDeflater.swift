internal import CZip
import Foundation

/// A zip entry deflated before the archive is written: `head` (a raw deflate segment ending byte-aligned, not
/// final) followed by the file at `path` (the final segment) is the entry's compressed data.
struct DeflatedEntry {
    let head: [UInt8]
    let path: String
    /// CRC-32 and size of the uncompressed bytes; the compressed size of `head` plus the file.
    let crc: UInt32
    let size: UInt64
    let compressedSize: UInt64
}

/// Deflates a sheet's XML on a second thread while the writer encodes more rows (its `ByteSink` hands it blocks),
/// so the two cores share a large export (encoding and compressing took about the same time on one).
///
/// The sheet's first bytes (up to `<dimension>`, known only after the last row) are not streamed: `finish(head:)`
/// deflates them on their own and puts them in front. Two raw deflate segments join into one stream when the first
/// ends on a byte boundary without the final bit (a sync flush) — as pigz joins its parallel pieces — and their
/// CRC-32s join with zlib's `crc32_combine`. The zip writer stores the result as it is (no second compression).
final class BackgroundDeflater {
    private let channel = BoundedChannel<UInt8>(capacity: 4)
    private let worker: Worker
    private let level: Int32
    private var finished = false

    /// Starts compressing into `path` at deflate `level` (1–9).
    init(path: String, level: Int) throws {
        self.level = Int32(min(max(level, 1), 9))
        worker = try Worker(path: path, level: self.level)
        let worker = worker
        let channel = channel
        let thread = Thread { worker.run(channel) }
        thread.start()
    }

    deinit {
        // Abandoned (the writer failed before `finish`): let the worker end; the file goes with the writer's folder.
        if !finished { channel.close(nil) }
    }

    /// Queues a block (waits while four are queued); throws the compressor's error once it has failed.
    func put(_ block: [UInt8]) throws {
        do {
            try channel.put(block)
        } catch {
            throw worker.failure ?? error
        }
    }

    /// Ends the stream and returns the entry: `head` first, then every block put.
    func finish(head: [UInt8]) throws -> DeflatedEntry {
        finished = true
        channel.close(nil)
        worker.done.wait()
        if let failure = worker.failure { throw failure }
        let first = try Deflate.segment(head, level: level)
        let crc = crc32_combine(crc32(0, head, UInt32(head.count)), uLong(worker.crc), .init(worker.size))
        return DeflatedEntry(
            head: first, path: worker.path, crc: UInt32(truncatingIfNeeded: crc),
            size: UInt64(head.count) + worker.size, compressedSize: UInt64(first.count) + worker.compressedSize)
    }

    /// The compressing thread's state. `@unchecked Sendable`: after `init` only the worker thread touches it until it
    /// signals `done`; the sink reads `failure`, `crc` and the sizes after waiting (or `failure` once `put` threw,
    /// which happens only after the worker cancelled the channel, its last write to `failure`).
    private final class Worker: @unchecked Sendable {
        let path: String
        let done = DispatchSemaphore(value: 0)
        private(set) var failure: (any Error)?
        private(set) var crc: uLong = 0
        private(set) var size: UInt64 = 0
        private(set) var compressedSize: UInt64 = 0
        private let fd: Int32
        private let stream: UnsafeMutablePointer<z_stream>

        init(path: String, level: Int32) throws {
            self.path = path
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Deflate.writeError(path, errno) }
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // Every property is set: on a throw `deinit` runs and cleans up (deflateEnd is safe after a failed init).
            guard Deflate.start(stream, level: level) else { throw Deflate.failure(Z_STREAM_ERROR) }
        }

        deinit {
            deflateEnd(stream)
            stream.deallocate()
            Foundation.close(fd)
        }

        func run(_ channel: BoundedChannel<UInt8>) {
            do {
                var output = [UInt8](repeating: 0, count: 1 << 18)
                while let block = try channel.take() {
                    crc = block.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, UInt32($0.count)) }
                    size += UInt64(block.count)
                    try compress(block, flush: Z_NO_FLUSH, into: &output)
                }
                try compress([], flush: Z_FINISH, into: &output)
            } catch {
                failure = error
                channel.cancel()
            }
            done.signal()
        }

        private func compress(_ input: [UInt8], flush: Int32, into output: inout [UInt8]) throws {
            try Deflate.run(stream, input: input, flush: flush, output: &output) { bytes in
                try write(bytes)
            }
        }

        private func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Deflate.writeError(path, errno)
                }
                offset += n
            }
            compressedSize += UInt64(bytes.count)
        }
    }
}

/// zlib's raw deflate (no zlib or gzip header: a zip entry's data is the bare stream).
enum Deflate {
    /// Starts a raw deflate stream (window 2^15, memory level 8, the default strategy).
    static func start(_ stream: UnsafeMutablePointer<z_stream>, level: Int32) -> Bool {
        deflateInit2_(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            == Z_OK
    }

    /// Compresses all of `input` with `flush`, handing each filled piece of `output` to `emit`.
    static func run(
        _ stream: UnsafeMutablePointer<z_stream>, input: [UInt8], flush: Int32, output: inout [UInt8],
        emit: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        try input.withUnsafeBufferPointer { source in
            // zlib reads `next_in` only; its declaration lacks the const.
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.pointee.avail_in = UInt32(source.count)
            try output.withUnsafeMutableBufferPointer { out in
                repeat {
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let status = deflate(stream, flush)
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        throw failure(status)
                    }
                    let produced = out.count - Int(stream.pointee.avail_out)
                    if produced > 0 { try emit(UnsafeBufferPointer(rebasing: out[..<produced])) }
                } while stream.pointee.avail_out == 0
            }
        }
    }

    /// `bytes` as a raw deflate segment that another segment may follow: ended by a sync flush, not final.
    static func segment(_ bytes: [UInt8], level: Int32) throws -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard start(stream, level: level) else { throw failure(Z_STREAM_ERROR) }
        defer { deflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var result: [UInt8] = []
        try run(stream, input: bytes, flush: Z_SYNC_FLUSH, output: &output) { result.append(contentsOf: $0) }
        return result
    }

    /// zlib refused (it does only on misuse or without memory).
    static func failure(_ status: Int32) -> SpreadsheetError {
        SpreadsheetError(.writeFailed, key: "error.write-failed.deflate", ["status": "\(status)"])
    }

    static func writeError(_ path: String, _ code: Int32) -> SpreadsheetError {
        SpreadsheetError(
            .writeFailed, key: "error.write-failed.write",
            ["path": "\(path)", "reason": "\(String(cString: strerror(code)))"],
            cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
    }
}
