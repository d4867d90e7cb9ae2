import Foundation
import Synchronization

/// The languages of the interface: the message catalogues under `Templates/messages/` (one file per language).
public enum Language: String, Sendable, CaseIterable {
    case chinese = "zh-Hans"
    case english = "en"

    /// `zh…` → Chinese, `en…` → English, anything else nil.
    public init?(tag: String) {
        let t = tag.lowercased()
        if t.hasPrefix("zh") {
            self = .chinese
        } else if t.hasPrefix("en") {
            self = .english
        } else {
            return nil
        }
    }

    /// The language of a process: `override` (`--lang`), `ANZHI_LANG`, then the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty (as POSIX orders them), zh* → Chinese, en* → English; unset, `C`, `POSIX` or
    /// any other language → Chinese, the language of the people who use Anzhi.
    public static func detect(override: String? = nil, environment: [String: String]) -> Language {
        if let o = override, let l = Language(tag: o) { return l }
        if let o = environment["ANZHI_LANG"], let l = Language(tag: o) { return l }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return Language(tag: value) ?? .chinese
        }
        return .chinese
    }
}

/// One language's messages, keyed by stable ids, with named placeholders: `import.summary = {file}：读取 {rows} 行`.
///
/// The file format is the one of the other templates: `key = text` lines, `#` comments, blank lines ignored; a line
/// that starts with white space continues the text before it on a new line (for help discussions); `\n` is a line
/// break and `\t` a tab; `{name}` is a placeholder, `{{` and `}}` are literal braces. The one space after `=` is not part of the
/// text; further leading spaces are.
public struct MessageCatalogue: Sendable {
    public let language: Language
    private var texts: [String: String] = [:]

    /// Every key of the catalogue.
    public var keys: Set<String> { Set(texts.keys) }

    public init(language: Language, texts: [String: String]) {
        self.language = language
        self.texts = texts
    }

    /// Reads `<directory>/<language>.messages`.
    /// - Throws: `SpreadsheetError(.fileNotReadable)` for a missing file, `.invalidArgument` for a line that is not
    ///   `key = text` or a key given twice.
    public init(directory: String, language: Language) throws {
        let path = directory + "/" + language.rawValue + ".messages"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpreadsheetError(
                .fileNotReadable, "cannot read the message catalogue", location: InputLocation(file: path))
        }
        self.language = language
        var last: String?
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.first == " " || line.first == "\t", let key = last {
                texts[key]! += "\n" + Self.unescape(line.trimmingCharacters(in: .whitespaces))
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                last = nil
                continue
            }
            guard let eq = trimmed.firstIndex(of: "=") else {
                var at = InputLocation(file: path)
                at.row = n + 1
                throw SpreadsheetError(
                    .invalidArgument, "expected 'key = text', found '\(trimmed.prefix(40))'", location: at)
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            if texts[key] != nil {
                var at = InputLocation(file: path)
                at.row = n + 1
                throw SpreadsheetError(.invalidArgument, "the key '\(key)' is given twice", location: at)
            }
            // One space after `=` separates; any further leading space belongs to the text (" (dry run)").
            var value = trimmed[trimmed.index(after: eq)...]
            if value.first == " " { value = value.dropFirst() }
            texts[key] = Self.unescape(String(value))
            last = key
        }
    }

    private static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        return s.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
    }

    /// The raw text of `key` (placeholders unfilled), nil when the catalogue lacks it.
    public func template(_ key: String) -> String? { texts[key] }

    /// The text of `key` with its placeholders filled from `values`; a missing key gives the key itself and its
    /// values (so a gap shows rather than vanishes; a test keeps the catalogues complete).
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        guard let template = texts[key] else {
            return values.isEmpty
                ? key : key + " " + values.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        }
        return Self.fill(template, values)
    }

    /// The placeholder names of a template, in order of first use.
    public static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        scan(template) { if case .placeholder(let n) = $0, !names.contains(n) { names.append(n) } }
        return names
    }

    private enum Piece {
        case literal(Substring)
        case placeholder(String)
    }

    private static func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.contains("{") || template.contains("}") else { return template }
        var out = ""
        scan(template) { piece in
            switch piece {
            case .literal(let s): out += s
            case .placeholder(let n): out += values[n] ?? "{\(n)}"
            }
        }
        return out
    }

    private static func scan(_ template: String, _ body: (Piece) -> Void) {
        var rest = template[...]
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            body(.literal(rest[..<open]))
            let next = rest.index(after: open)
            if next < rest.endIndex, rest[next] == rest[open] {  // {{ or }}
                body(.literal(rest[open..<next]))
                rest = rest[rest.index(after: next)...]
                continue
            }
            if rest[open] == "{", let close = rest[next...].firstIndex(of: "}") {
                body(.placeholder(String(rest[next..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                body(.literal(rest[open..<next]))
                rest = rest[next...]
            }
        }
        body(.literal(rest))
    }
}

/// The catalogue the process speaks: installed once by the program (the CLI, from the language it detected);
/// library messages (diagnostics, errors) are rendered through it when they are read.
///
/// Until a program installs one, the English catalogue of the source tree is used, so a library and its tests
/// read the same English messages as before (the libraries read no environment of their own).
public enum Messages {
    private static let installed = Mutex<MessageCatalogue?>(nil)

    /// The `Templates/messages` folder of the source tree this module was built from.
    public static var sourceTreeDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates/messages").path
    }

    private static let fallback: MessageCatalogue =
        (try? MessageCatalogue(directory: sourceTreeDirectory, language: .english))
        ?? MessageCatalogue(language: .english, texts: [:])

    /// Makes `catalogue` the one every message is rendered through.
    public static func install(_ catalogue: MessageCatalogue) { installed.withLock { $0 = catalogue } }

    /// The catalogue in use.
    public static var current: MessageCatalogue { installed.withLock { $0 } ?? fallback }

    /// `key` in the current catalogue, its placeholders filled.
    public static func text(_ key: String, _ values: [String: String] = [:]) -> String {
        current.text(key, values)
    }
}
