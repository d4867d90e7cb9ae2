import Foundation

/// Reading whole files and hashing them in chunks, without the extra copy that `Data` → `[UInt8]` makes.
public enum FileBytes {
    /// The bytes of the file at `path`, or nil when it cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = Foundation.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            failed = done != size
            count = done
        }
        return failed ? nil : bytes
    }

    /// FNV-1a (64-bit) of the file's bytes in hex, read in 1 MiB chunks: identifies a file, signs nothing.
    public static func fnv1a(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            for i in 0..<n { h = (h ^ UInt64(buffer[i])) &* 0x0000_0100_0000_01B3 }
        }
        return String(h, radix: 16)
    }
}
