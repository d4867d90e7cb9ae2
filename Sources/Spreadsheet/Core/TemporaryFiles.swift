import Foundation
import Synchronization

/// Temporary files and folders the writers create beside or instead of their output, so that a program that is
/// interrupted (SIGINT, SIGTERM) or fails can remove them: they hold the same data as the output.
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Notes a temporary file or folder that is to be removed if the program ends before it is used.
    public static func register(_ path: String) { paths.withLock { _ = $0.insert(path) } }

    /// The temporary was renamed into place or removed by its owner.
    public static func unregister(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Runs `body` with the path of a new private temporary file (mode 0600, holding `contents` when given),
    /// registered for removal on interruption and removed when `body` returns or throws.
    /// - Throws: `SpreadsheetError(.writeFailed)` when the file cannot be made; what `body` throws.
    public static func withPrivateFile<T>(suffix: String, contents: [UInt8]? = nil, _ body: (String) throws -> T) throws
        -> T
    {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("anzhi-\(getpid())-\(UUID().uuidString)\(suffix)").path
        register(path)
        defer {
            unlink(path)
            unregister(path)
        }
        if let contents {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw SpreadsheetError(
                    .writeFailed, key: "error.write-failed.temporary-file", location: InputLocation(file: path))
            }
            let written = contents.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == contents.count else {
                throw SpreadsheetError(
                    .writeFailed, key: "error.write-failed.temporary-write", location: InputLocation(file: path))
            }
        }
        return try body(path)
    }

    /// Removes every temporary still registered (files and folders alike).
    public static func removeAll() {
        let all = paths.withLock { p -> Set<String> in
            defer { p.removeAll() }
            return p
        }
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
