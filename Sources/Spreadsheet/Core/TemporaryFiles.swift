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

    /// Runs `body` with a path for a new temporary file, registered for removal on interruption and removed when
    /// `body` returns or throws. Whoever creates the file sets its mode (the CLI's umask of 077 keeps it private).
    public static func withTemporaryPath<T>(suffix: String, _ body: (String) throws -> T) rethrows -> T {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("anzhi-\(getpid())-\(UUID().uuidString)\(suffix)").path
        register(path)
        defer {
            unlink(path)
            unregister(path)
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
