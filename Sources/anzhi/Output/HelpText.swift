import Foundation
import Spreadsheet

/// The help screens: argument-parser's own words (`OVERVIEW:`, `OPTIONS:`, `Show help information.`, `(default: …)`
/// …) said from the catalogue (the English catalogue says them as argument-parser does), and Chinese lines wrapped by
/// the columns they take on a terminal (argument-parser counts characters, and a Chinese character takes two).
enum HelpText {
    /// The columns help screens are wrapped to (argument-parser's default without a terminal).
    static let columns = 80

    /// A command's discussion: the catalogue's text of `key`, then (unless the discussion says its own) the exit
    /// statuses every command shares; wrapped to `columns` already, so that argument-parser, which wraps by
    /// characters and at spaces only, leaves the lines as they are.
    static func discussion(_ key: String, _ values: [String: String] = [:], exitStatus: Bool = true) -> String {
        let text = L(key, values) + (exitStatus ? "\n\n" + ExitStatus.help : "")
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            let indent = line.prefix { $0 == " " }.count
            return wrap(String(line), indent: indent)
        }.joined(separator: "\n")
    }

    /// A help screen or usage message of argument-parser in the language of the catalogue.
    static func localized(_ text: String) -> String {
        var out = text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }
            .joined(separator: "\n")
        for (word, key) in [
            ("(default:", "help.heading.default"), ("(values:", "help.heading.values"),
            ("; default:", "help.heading.and-default"),
        ] {
            let said = L(key)
            // The value follows after a space, or on the next line where the text was wrapped.
            out = out.replacingOccurrences(of: word + " ", with: spaced(said))
                .replacingOccurrences(of: word + "\n", with: said + "\n")
        }
        // Lines with Chinese in them, wrapped again by the columns they take; an entry's text (an option's, a
        // subcommand's) is joined again and continues in its column.
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let usage = spaced(L("help.heading.usage"))
        var result: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if startsEntry(line) || continuesEntry(line) {
                var j = i + 1
                while j < lines.count, continuesEntry(lines[j]) { j += 1 }
                let group = lines[i..<j]
                if group.contains(where: hasWide) {
                    // argument-parser broke the text at spaces: join it with spaces again.
                    let text = group.dropFirst().reduce(group.first!) { text, next in
                        text + (text.hasSuffix("：") ? "" : " ") + next.drop { $0 == " " }
                    }
                    result += wrap(text, indent: entryColumn)
                } else {
                    result += group
                }
                i = j
                continue
            }
            if hasWide(line) {
                result += wrap(line, indent: line.hasPrefix(usage) ? width(usage) : line.prefix { $0 == " " }.count)
            } else {
                result.append(line)
            }
            i += 1
        }
        return result.joined(separator: "\n")
    }

    /// argument-parser's own usage errors (a missing argument, an unknown option, a value not in its list …) in the
    /// chosen language; a message of ours (a `ValidationError`) is already in it and stays as it is.
    static func parserMessage(_ message: String) -> String {
        let patterns: [(Regex<AnyRegexOutput>, String, [String])] = [
            (try! Regex(#"^Missing expected argument '(.+)'$"#), "usage.parser.missing-argument", ["argument"]),
            (try! Regex(#"^Missing one of: (.+)$"#), "usage.parser.missing-one-of", ["arguments"]),
            (try! Regex(#"^Unknown option '(.+)'$"#), "usage.parser.unknown-option", ["option"]),
            (try! Regex(#"^Invalid option: (.+)$"#), "usage.parser.unknown-option", ["option"]),
            (try! Regex(#"^Missing value for '(.+)'$"#), "usage.parser.missing-value", ["option"]),
            (
                try! Regex(#"^The value '(.*)' is invalid for '(.+)'\. Please provide one of (.+)\.$"#),
                "usage.parser.not-one-of", ["value", "option", "list"]
            ),
            (
                try! Regex(#"^The value '(.*)' is invalid for '(.+)'$"#), "usage.parser.invalid-value",
                ["value", "option"]
            ),
            (try! Regex(#"^Unexpected argument '(.+)'$"#), "usage.parser.unexpected", ["argument"]),
            (try! Regex(#"^\d+ unexpected arguments: (.+)$"#), "usage.parser.unexpected-many", ["arguments"]),
            (try! Regex(#"^Missing required subcommand\.$"#), "usage.parser.missing-subcommand", []),
        ]
        for (pattern, key, names) in patterns {
            guard let match = try? pattern.wholeMatch(in: message) else { continue }
            var values: [String: String] = [:]
            for (i, name) in names.enumerated() {
                values[name] = match.output[i + 1].substring.map(String.init) ?? ""
            }
            // argument-parser lists values in English ("'a', 'b' or 'c'"): in Chinese they take the enumeration comma.
            if Interface.language == .chinese, let list = values["list"] {
                values["list"] = list.replacingOccurrences(of: " or ", with: "、").replacingOccurrences(
                    of: ", ", with: "、")
            }
            return L(key, values)
        }
        return message
    }

    /// The column where the text of an option or a subcommand starts in argument-parser's help screens.
    private static let entryColumn = 26

    /// `  --db <db>               The office …`: an ASCII label (an option's, a subcommand's), then text from the
    /// entry column on.
    private static func startsEntry(_ line: String) -> Bool {
        let chars = Array(line)
        guard chars.count > entryColumn, line.hasPrefix("  "), chars[2] != " ", chars[2].isASCII else { return false }
        var column = 0
        var i = 0
        while i < chars.count, column < entryColumn {
            column += width(chars[i])
            i += 1
        }
        return column == entryColumn && i < chars.count && chars[i - 1] == " " && chars[i] != " "
    }

    /// A line that continues an entry's text in its column.
    private static func continuesEntry(_ line: String) -> Bool {
        line.prefix { $0 == " " }.count == entryColumn && line.count > entryColumn
    }

    private static func hasWide(_ line: String) -> Bool { line.unicodeScalars.contains(where: isWide) }

    /// A heading followed by its text: a space after an ASCII colon, none after a full-width one.
    private static func spaced(_ heading: String) -> String {
        heading.hasSuffix(":") ? heading + " " : heading
    }

    private static func line(_ line: String) -> String {
        if line.hasPrefix("Error: ") {
            return spaced(L("help.heading.error")) + parserMessage(String(line.dropFirst("Error: ".count)))
        }
        if line.hasPrefix("Help:  ") {
            return spaced(L("help.heading.help-line")) + line.dropFirst("Help:  ".count)
        }
        for (prefix, key) in [
            ("OVERVIEW: ", "help.heading.overview"), ("USAGE: ", "help.heading.usage"),
            ("Error: ", "help.heading.error"), ("Usage: ", "help.heading.usage-line"),
        ] where line.hasPrefix(prefix) {
            return spaced(L(key)) + line.dropFirst(prefix.count)
        }
        switch line {
        case "ARGUMENTS:": return L("help.heading.arguments")
        case "OPTIONS:": return L("help.heading.options")
        case "SUBCOMMANDS:": return L("help.heading.subcommands")
        default: break
        }
        if line.hasSuffix(" SUBCOMMANDS:"), !line.hasPrefix(" ") {
            return L("help.heading.group", "group", line.dropLast(" SUBCOMMANDS:".count))
        }
        if line.hasPrefix("  See '"), line.hasSuffix(" <subcommand>' for detailed help.") {
            let command = line.dropFirst("  See '".count).dropLast(" <subcommand>' for detailed help.".count)
            return "  " + L("help.heading.see-help", "command", command)
        }
        if line.hasPrefix("  See '"), line.hasSuffix("' for more information.") {
            let command = line.dropFirst("  See '".count).dropLast("' for more information.".count)
            return "  " + L("help.heading.see-more", "command", command)
        }
        for (words, key) in [
            ("Show help information.", "help.heading.help-flag"), ("Show the version.", "help.heading.version-flag"),
        ] where line.hasSuffix(words) {
            return line.dropLast(words.count) + L(key)
        }
        // A default subcommand's label in a list of subcommands: `  render (default)   Compute …`.
        if line.hasPrefix("  "), let r = line.range(of: " (default)"),
            line[line.index(line.startIndex, offsetBy: 2)..<r.lowerBound].allSatisfy({
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")
            })
        {
            let said = L("help.heading.default-subcommand")
            let padding = String(repeating: " ", count: max(0, " (default)".count - 1 - width(said)))
            return line.replacingCharacters(in: r, with: " " + said + padding)
        }
        return line
    }

    /// `line` broken into lines of at most `columns` columns, the later ones indented by `indent` spaces: at spaces,
    /// or between two Chinese characters (not before a closing mark such as ， or 。, not after an opening one); a
    /// line that starts with a command (`示例：anzhi …`) only at spaces, so that no file name is cut.
    static func wrap(_ line: String, indent: Int) -> [String] {
        guard width(line) > columns else { return [line] }
        let chars = Array(line)
        let onlyAtSpaces = line.range(of: "anzhi ").map { width(line[..<$0.lowerBound]) <= 12 } ?? false
        let noBreakBefore = Set("，。、；：！？）」』”’》…—")
        let noBreakAfter = Set("（「『“‘《")
        var lines: [String] = []
        var start = 0
        var column = 0
        var lastBreak: Int?
        var i = 0
        while i < chars.count {
            let w = width(chars[i])
            if column + w > columns, let b = lastBreak, b > start {
                var end = b
                while end > start, chars[end - 1] == " " { end -= 1 }
                lines.append((lines.isEmpty ? "" : String(repeating: " ", count: indent)) + String(chars[start..<end]))
                start = b
                while start < chars.count, chars[start] == " " { start += 1 }
                i = max(i, start)
                column = indent + chars[start..<i].reduce(0) { $0 + width($1) }
                lastBreak = nil
                continue
            }
            column += w
            if chars[i] == " " {
                lastBreak = i + 1
            } else if !onlyAtSpaces, i + 1 < chars.count, isWide(chars[i]), isWide(chars[i + 1]),
                !noBreakBefore.contains(chars[i + 1]), !noBreakAfter.contains(chars[i])
            {
                lastBreak = i + 1
            }
            i += 1
        }
        if start < chars.count {
            lines.append((lines.isEmpty ? "" : String(repeating: " ", count: indent)) + String(chars[start...]))
        }
        return lines
    }

    /// A character a terminal shows two columns wide (Chinese characters, full-width punctuation).
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default: return false
        }
    }

    private static func isWide(_ c: Character) -> Bool { c.unicodeScalars.contains(where: isWide) }

    private static func width(_ c: Character) -> Int { isWide(c) ? 2 : 1 }

    /// The columns a text takes on a terminal.
    static func width(_ s: some StringProtocol) -> Int { s.reduce(0) { $0 + width($1) } }
}
