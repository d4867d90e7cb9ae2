import Foundation
import Spreadsheet
import Testing

/// The message catalogues under `Templates/messages/`: both complete, placeholders the same, every key the code
/// names present, and the language chosen from the environment as POSIX orders it.
@Suite struct MessageCatalogueTests {
    static let folder = CLI.packageRoot.appendingPathComponent("Templates/messages").path

    @Test func bothCataloguesHoldTheSameKeysAndPlaceholders() throws {
        let zh = try MessageCatalogue(directory: Self.folder, language: .chinese)
        let en = try MessageCatalogue(directory: Self.folder, language: .english)
        #expect(zh.keys.subtracting(en.keys).sorted() == [], "keys only in zh-Hans")
        #expect(en.keys.subtracting(zh.keys).sorted() == [], "keys only in en")
        for key in zh.keys.intersection(en.keys).sorted() {
            let a = Set(MessageCatalogue.placeholders(zh.template(key)!))
            let b = Set(MessageCatalogue.placeholders(en.template(key)!))
            #expect(a == b, "placeholders of \(key): zh-Hans \(a.sorted()), en \(b.sorted())")
        }
        #expect(zh.keys.count > 100)
    }

    /// Every string literal of the sources that looks like a catalogue key (`diag.id-checksum`, `import.summary`)
    /// is a key of both catalogues: a message cannot be added in code and forgotten in a catalogue.
    @Test func everyKeyTheCodeNamesIsInTheCatalogues() throws {
        let zh = try MessageCatalogue(directory: Self.folder, language: .chinese)
        let namespaces = Set(zh.keys.map { String($0.split(separator: ".")[0]) })
        let sources = CLI.packageRoot.appendingPathComponent("Sources")
        let literal = try Regex(#""([a-z0-9]+(?:\.[a-z0-9-]+)+)""#)
        var missing: [String] = []
        var used = 0
        let files = FileManager.default.enumerator(atPath: sources.path)!.compactMap { $0 as? String }
        for file in files where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: sources.path + "/" + file, encoding: .utf8)
            for match in text.matches(of: literal) {
                let key = String(text[match.output[1].range!])
                let fileExtensions: Set<Substring> = [
                    "csv", "xlsx", "xls", "zip", "json", "xml", "sqlite", "html", "txt",
                ]
                guard namespaces.contains(String(key.split(separator: ".")[0])),
                    !fileExtensions.contains(key.split(separator: ".").last!)
                else { continue }
                used += 1
                if zh.template(key) == nil { missing.append("\(file): \(key)") }
            }
        }
        #expect(missing == [])
        #expect(used > 50)
    }

    @Test func placeholdersAreFilledAndBracesEscaped() {
        let c = MessageCatalogue(language: .english, texts: ["a": "{n} rows in {file}; {{literal}}"])
        #expect(c.text("a", ["n": "3", "file": "x.xlsx"]) == "3 rows in x.xlsx; {literal}")
        #expect(MessageCatalogue.placeholders("{n} of {m}, {n}") == ["n", "m"])
        #expect(c.text("missing", ["n": "1"]) == "missing n=1")
    }

    @Test(arguments: [
        ([:], Language.chinese),
        (["LANG": "C"], .chinese),
        (["LANG": "POSIX"], .chinese),
        (["LANG": "en_US.UTF-8"], .english),
        (["LANG": "zh_CN.UTF-8"], .chinese),
        (["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"], .chinese),
        (["LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"], .english),
        (["LC_ALL": "", "LANG": "en_US.UTF-8"], .english),
        (["LANG": "de_DE.UTF-8"], .chinese),
        (["LANG": "en_US.UTF-8", "ANZHI_LANG": "zh"], .chinese),
    ])
    func languageFollowsTheEnvironment(environment: [String: String], expected: Language) {
        #expect(Language.detect(environment: environment) == expected)
    }

    @Test func langOptionBeatsTheEnvironment() {
        #expect(
            Language.detect(override: "en", environment: ["ANZHI_LANG": "zh", "LC_ALL": "zh_CN.UTF-8"]) == .english)
        #expect(Language.detect(override: "zh", environment: ["LANG": "en_US.UTF-8"]) == .chinese)
    }

    /// The operating system's common errors in the catalogue's words (English here: no catalogue is installed in
    /// the test process), any other in the system's own.
    @Test func systemErrorsAreSaidFromTheCatalogue() throws {
        #expect(SystemErrorText.text(ENOENT) == "No such file or directory")
        #expect(SystemErrorText.text(ENOSPC) == "No space left on device")
        #expect(SystemErrorText.text(EXDEV) == String(cString: strerror(EXDEV)))
        let zh = try MessageCatalogue(directory: Self.folder, language: .chinese)
        #expect(zh.text("os.no-such-file") == "没有这个文件或文件夹")
    }

    /// Keys the code builds from a stored word (`"side." + proposedBy`) are not string literals the scan above can
    /// see: each such family is listed here, word by word, so a word without its message fails here.
    @Test func keysBuiltFromStoredWordsAreInBothCatalogues() throws {
        let families: [String: [String]] = [
            "severity": ["error", "warning", "note"],
            "side": ["prison", "office", "migration"],
            "conflicts.resolution": ["accepted", "rejected", "superseded"],
            "office.source": ["self", "enrolment", "directory", "reply"],
            "outbox.count": ["people", "offices", "results", "notices", "messages", "reports", "decisions"],
        ]
        for language in Language.allCases {
            let catalogue = try MessageCatalogue(directory: Self.folder, language: language)
            for (family, words) in families {
                for word in words {
                    #expect(catalogue.template("\(family).\(word)") != nil, "\(language.rawValue): \(family).\(word)")
                }
            }
        }
    }
}
