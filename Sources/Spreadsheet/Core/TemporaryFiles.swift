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

    /// Removes every temporary still registered (files and folders alike).
    public static func removeAll() {
        let all = paths.withLock { p -> Set<String> in
            defer { p.removeAll() }
            return p
        }
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
