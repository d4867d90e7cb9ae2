import Foundation
import Spreadsheet
import Testing

/// Every `--help` in both languages: the root groups its commands by the office that uses them, every command has a
/// purpose and an example, and the Chinese help says nothing in English but names (options, commands, files, codes).
@Suite struct HelpTests {
    static let chinese = ["ANZHI_LANG": "zh"]

    /// Every command path below the root, as the help screens list them (the walk below checks this list).
    static let commands: [[String]] = [
        ["import"], ["verify"], ["receipt"], ["print"], ["persons"], ["persons", "list"], ["persons", "show"],
        ["persons", "export"], ["rejected"], ["rejected", "list"], ["rejected", "export"], ["conflicts"],
        ["conflicts", "list"], ["conflicts", "resolve"], ["due"], ["messages"], ["report"], ["report", "render"],
        ["report", "submit"], ["report", "status"], ["queue"], ["queue", "list"], ["queue", "assign"], ["review"],
        ["review", "list"], ["review", "approve"], ["review", "reject"], ["office"], ["office", "add"],
        ["office", "list"], ["office", "show"], ["office", "set"], ["outbox"], ["verify-failures"], ["message"],
        ["init"], ["template"],
        ["template", "persons"], ["office-stats"], ["office-stats", "set"], ["office-stats", "import"],
        ["office-stats", "show"], ["sheet"], ["sheet", "list"], ["sheet", "to-csv"], ["sheet", "from-csv"],
    ]

    static let catalogues = CLI.packageRoot.appendingPathComponent("Templates/messages").path

    /// Common English words that no Chinese help may hold once names are taken out.
    static let englishWords: Set<String> = [
        "the", "of", "and", "to", "is", "are", "for", "with", "from", "this", "that", "be", "by", "on", "in", "it",
        "its", "an", "as", "or", "not", "no", "when", "which", "what", "who", "where", "each", "every", "file",
        "files", "one", "all", "only", "also", "into", "per", "default", "values", "usage", "overview", "error",
        "see", "information", "detailed", "more", "example", "examples", "exit", "status", "person", "people",
        "period", "write", "subcommand", "subcommands", "arguments", "options", "version", "given", "found",
    ]

    /// The lines of `text` that still hold an English word after option names (`--errors`, `-o`), value names
    /// (`<paths>`), file names (`监狱第3批.xlsx`), upper-case names (`FILE`, `CSV`, `ANZHI_LANG`) and `anzhi` plus
    /// its command names are taken out.
    static func englishProse(_ text: String, commandNames: Set<String>) throws -> [String] {
        let names = try [
            #"--?[A-Za-z][A-Za-z0-9-]*"#, #"<[^>]*>"#, #"[^\s]*\.(xlsx|xls|csv|zip|sqlite|layout|key)\b"#,
            #"\$?\b[A-Z][A-Z0-9_]+\b"#,
        ].map { try Regex($0) }
        let word = try Regex(#"[A-Za-z]+(?:-[A-Za-z]+)*"#)
        var found: [String] = []
        for line in text.split(separator: "\n") {
            var rest = String(line)
            // Hyphenated command names first (the option pattern would take `-csv` out of `to-csv`).
            for name in commandNames where name.contains("-") { rest = rest.replacingOccurrences(of: name, with: " ") }
            for n in names { rest = rest.replacing(n, with: " ") }
            // A command name such as to-csv is one word; any other hyphenated word is its parts.
            let words = rest.matches(of: word).map { String(rest[$0.range]).lowercased() }
                .filter { !commandNames.contains($0) }.flatMap { $0.split(separator: "-").map(String.init) }
            let english = words.filter { englishWords.contains($0) && !commandNames.contains($0) }
            if !english.isEmpty { found.append("\(english): \(line)") }
        }
        return found
    }

    static let commandNames = Set(commands.flatMap { $0 } + ["anzhi", "help"])

    /// The subcommands a help screen lists: the entries of its sections headed `… SUBCOMMANDS:` (English).
    static func listedSubcommands(_ help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix("SUBCOMMANDS:") {
                inSection = true
            } else if line.isEmpty {
                inSection = false
            } else if inSection, line.hasPrefix("  "), let first = line.dropFirst(2).first, first.isLowercase {
                names.append(String(line.dropFirst(2).prefix { !$0.isWhitespace }))
            }
        }
        return names
    }

    @Test func theWalkOfTheHelpScreensFindsExactlyTheListedCommands() throws {
        var found: [[String]] = []
        var pending: [[String]] = [[]]
        while let path = pending.popLast() {
            let r = try CLI.run(path + ["--help"])
            #expect(r.status == 0, "\(path)")
            for name in Self.listedSubcommands(r.stdout) {
                found.append(path + [name])
                pending.append(path + [name])
            }
        }
        #expect(Set(found) == Set(Self.commands))
        #expect(found.count == Self.commands.count)
    }

    @Test func theChineseRootHelpGroupsTheCommandsByOfficeAndSaysNothingInEnglish() throws {
        let zh = try MessageCatalogue(directory: Self.catalogues, language: .chinese)
        for environment in [Self.chinese, ["ANZHI_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": ""]] {
            let r = try CLI.run(["--help"], environment: environment)
            #expect(r.status == 0)
            for group in ["township", "county", "prison", "general"] {
                let heading = zh.text("help.group.\(group)") + "："
                #expect(r.stdout.split(separator: "\n").contains { $0 == heading }, "\(heading)")
            }
            for heading in ["概述：", "用法：", "选项：", "示例："] { #expect(r.stdout.contains(heading)) }
            for english in ["OVERVIEW", "USAGE", "OPTIONS", "SUBCOMMANDS", "Show help information"] {
                #expect(!r.stdout.contains(english))
            }
            #expect(r.stdout.contains("--lang") && r.stdout.contains("ANZHI_LANG") && r.stdout.contains("LANG"))
            #expect(try Self.englishProse(r.stdout, commandNames: Self.commandNames) == [])
        }
    }

    @Test func theEnglishRootHelpGroupsTheCommandsByOffice() throws {
        let en = try MessageCatalogue(directory: Self.catalogues, language: .english)
        let r = try CLI.run(["--lang", "en", "--help"], environment: Self.chinese)
        #expect(r.status == 0)
        for group in ["township", "county", "prison", "general"] {
            #expect(r.stdout.contains(en.text("help.group.\(group)").uppercased() + " SUBCOMMANDS:"), "\(group)")
        }
        #expect(r.stdout.contains("OVERVIEW: Anzhi"))
        #expect(r.stdout.contains("--lang zh") && r.stdout.contains("ANZHI_LANG") && r.stdout.contains("Example"))
        #expect(!r.stdout.contains("概述"))
    }

    @Test(arguments: commands)
    func everyCommandHasAPurposeAndAnExampleInBothLanguages(command: [String]) throws {
        let zh = try CLI.run(command + ["--help"], environment: Self.chinese)
        #expect(zh.status == 0, "\(command)")
        #expect(zh.stdout.contains("概述：") && zh.stdout.contains("示例"), "\(command): \(zh.stdout)")
        #expect(zh.stdout.contains("退出码"), "\(command)")
        let english = try Self.englishProse(zh.stdout, commandNames: Self.commandNames)
        #expect(english == [], "\(command)")
        let en = try CLI.run(["--lang", "en"] + command + ["--help"], environment: Self.chinese)
        #expect(en.status == 0, "\(command)")
        #expect(en.stdout.contains("OVERVIEW: ") && en.stdout.contains("Example"), "\(command): \(en.stdout)")
        #expect(en.stdout.contains("Exit status"), "\(command)")
    }

    @Test func anUnknownLanguageIsAUsageError() throws {
        for arguments in [["--lang", "xx", "--help"], ["--lang=fr", "persons", "list"]] {
            let r = try CLI.run(arguments)
            #expect(r.status == 64, "\(arguments)")
            #expect(r.stderr.contains("--lang") && r.stderr.contains("zh") && r.stderr.contains("en"))
        }
    }

    /// The usage errors of the commands come from the catalogue too, with argument-parser's words around them.
    @Test func usageErrorsAreSaidInTheChosenLanguage() throws {
        let zh = try CLI.run(["verify", "#1"], environment: Self.chinese)
        #expect(zh.status == 64)
        #expect(zh.stderr.contains("错误：--ok 和 --fail 须给出其中一个"), "\(zh.stderr)")
        #expect(zh.stderr.contains("用法：") && zh.stderr.contains("详见 anzhi verify --help"), "\(zh.stderr)")
        let en = try CLI.run(["verify", "#1"])
        #expect(en.status == 64)
        #expect(en.stderr.contains("Error: give exactly one of --ok and --fail"), "\(en.stderr)")
        #expect(en.stderr.contains("See 'anzhi verify --help' for more information."), "\(en.stderr)")
        let period = try CLI.run(["report", "--period", "2026Q1", "--json"], environment: Self.chinese)
        #expect(period.status == 64 && period.stderr.contains("--period 应为 2026H1 或 2026，填写的是“2026Q1”"))
    }
}
