import Foundation

/// What the operating system said (an `errno`), in the interface's language: the common cases a clerk meets (no such
/// file, no permission, disk full …) from the message catalogue, any other in the system's own words.
public enum SystemErrorText {
    private static let names: [Int32: String] = [
        ENOENT: "no-such-file", EACCES: "permission", EPERM: "permission", ENOSPC: "disk-full", EISDIR: "is-folder",
        ENOTDIR: "not-folder", EROFS: "read-only", EEXIST: "exists", EMFILE: "too-many-open", EIO: "io",
    ]

    /// The text for `code`.
    public static func text(_ code: Int32) -> String {
        if let name = names[code] { return Messages.text("os." + name) }
        return String(cString: strerror(code))
    }
}
