import ArgumentParser
import Foundation

/// Checks an output path before a command writes anything: the extension must be one the command writes, and the
/// file must not be the database, one of its companion files, or one of the command's inputs (compared by device
/// and inode, so another name for the same file is caught too).
enum OutputPath {
    /// - Parameters:
    ///   - path: the output the user named.
    ///   - option: the option that named it, for the message (`-o`, `--errors`).
    ///   - accepted: the extensions the command writes, lower-case without the dot.
    ///   - database: the office database, when the command uses one.
    ///   - inputs: the files the command reads.
    /// - Throws: `ValidationError` (exit 64) naming what is wrong.
    static func check(
        _ path: String, option: String = "-o", accepted: [String], database: String? = nil,
        inputs: [String] = []
    ) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard accepted.contains(ext) else {
            let list = accepted.map { "." + $0 }.joined(separator: ", ")
            throw ValidationError(
                L(
                    "usage.output.extension", "option", option, "path", path, "list", list, "ext",
                    ext.isEmpty ? L("usage.output.no-extension") : "." + ext))
        }
        guard let target = identity(path) else { return }  // a new file cannot be anything we read
        if let database {
            for companion in [database, database + "-wal", database + "-shm", database + "-journal"]
            where identity(companion) == target {
                throw ValidationError(
                    companion == database
                        ? L("usage.output.database", "option", option, "path", path)
                        : L("usage.output.companion", "option", option, "path", path, "companion", companion))
            }
        }
        for input in inputs where identity(input) == target {
            throw ValidationError(L("usage.output.input", "option", option, "path", path, "input", input))
        }
    }

    private struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
    }

    private static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
