import Foundation

/// The exit statuses every command shares, said once for every `--help`.
enum ExitStatus {
    static let help = """
        Exit status: 0 success; 1 data problems reported (rejected rows, failed checks, conflicts left open); \
        2 a file or the database could not be read or written; 64 a usage error (swift-argument-parser's convention).
        """
}

/// JSON for scripts: sorted keys, no escaped slashes, UTF-8 text as it is.
enum JSONOutput {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
