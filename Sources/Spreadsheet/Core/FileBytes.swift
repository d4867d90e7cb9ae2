import Foundation

/// Reading whole files and hashing them in chunks, without the extra copy that `Data` → `[UInt8]` makes.
public enum FileBytes {
    /// The bytes of the file at `path`.
    /// - Throws: `SpreadsheetError(.fileNotReadable)` with the system's reason as its cause.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, key: "error.file-not-readable.open-reason") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(path, key: "error.file-not-readable.read-reason") }
        let size = Int(st.st_size)
        var failedWith: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = Foundation.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failedWith = errno }
                if n <= 0 { break }
                done += n
            }
            if done != size && failedWith == nil { failedWith = EIO }
            count = done
        }
        if let code = failedWith { throw failure(path, key: "error.file-not-readable.read-reason", errno: code) }
        return bytes
    }

    /// The error for a file that cannot be read, with the system's reason as its cause and in its message.
    static func failure(_ path: String, key: String, errno code: Int32 = errno) -> SpreadsheetError {
        SpreadsheetError(
            .fileNotReadable, key: key, ["reason": SystemErrorText.text(code)],
            location: InputLocation(file: path),
            cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
    }

    /// FNV-1a (64-bit) of the file's bytes in hex, read in 1 MiB chunks: identifies a file, signs nothing.
    /// - Throws: `SpreadsheetError(.fileNotReadable)` with the system's reason as its cause.
    public static func fnv1a(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, key: "error.file-not-readable.open-reason") }
        defer { close(fd) }
        var h = fnvBasis
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw failure(path, key: "error.file-not-readable.read-reason") }
            if n == 0 { break }
            mix(&h, buffer[..<n])
        }
        return String(h, radix: 16)
    }

    /// The same hash of bytes in memory (a decrypted package part hashes as the file it was).
    public static func fnv1a(bytes: [UInt8]) -> String {
        var h = fnvBasis
        mix(&h, bytes[...])
        return String(h, radix: 16)
    }

    private static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private static func mix(_ h: inout UInt64, _ bytes: ArraySlice<UInt8>) {
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    }
}
