import Foundation

/// The exit statuses every command shares, said once for every `--help`.
enum ExitStatus {
    static var help: String { L("help.exit-status") }
}

/// JSON for scripts: sorted keys, no escaped slashes, UTF-8 text as it is.
enum JSONOutput {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
