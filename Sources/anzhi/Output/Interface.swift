import AnzhiExchange
import Foundation
import Spreadsheet

/// The language the CLI speaks and the catalogue it speaks from, chosen before the arguments are parsed (so that
/// `--help` is already in that language).
enum Interface {
    /// The language in use (Chinese until `setUp` chose).
    nonisolated(unsafe) private(set) static var language = Language.chinese

    /// Takes `--lang zh|en` (anywhere on the command line) out of `arguments`, chooses the language (`--lang`,
    /// `ANZHI_LANG`, `LC_ALL`, `LC_MESSAGES`, `LANG`; Chinese when none says) and installs its catalogue from the
    /// Templates folder (`--templates` is looked for the same way). Returns the arguments left for the parser.
    static func setUp(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        var rest: [String] = []
        var requested: String?
        var templates: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" {
                rest += arguments[i...]
                break
            }
            if a == "--lang", i + 1 < arguments.count {
                requested = arguments[i + 1]
                i += 2
                continue
            }
            if a.hasPrefix("--lang=") {
                requested = String(a.dropFirst(7))
                i += 1
                continue
            }
            if a == "--templates", i + 1 < arguments.count { templates = arguments[i + 1] }
            if a.hasPrefix("--templates=") { templates = String(a.dropFirst(12)) }
            rest.append(a)
            i += 1
        }
        if let requested, Language(tag: requested) == nil {
            // Said in both languages: the language is what could not be chosen.
            FileHandle.standardError.write(
                Data("error: --lang takes zh or en, not '\(requested)' (--lang 只能是 zh 或 en)\n".utf8))
            exit(64)
        }
        language = Language.detect(override: requested, environment: environment)
        if let folder = TemplateLocator.find(override: templates),
            let catalogue = try? MessageCatalogue(directory: folder + "/messages", language: language)
        {
            Messages.install(catalogue)
        }
        return rest
    }
}

/// `key` of the message catalogue in the chosen language, its `{placeholders}` filled from `values`.
func L(_ key: String, _ values: [String: String]) -> String { Messages.text(key, values) }

/// `key` with its values given as names and values in turn: `L("import.summary", "file", name, "rows", 7)`.
func L(_ key: String, _ namesAndValues: any CustomStringConvertible...) -> String {
    var values: [String: String] = [:]
    var i = 0
    while i + 1 < namesAndValues.count {
        values[namesAndValues[i].description] = namesAndValues[i + 1].description
        i += 2
    }
    return Messages.text(key, values)
}

extension ErrorsFileText {
    /// The errors file's sheet names and instructions in the chosen language (its column headers stay the
    /// template's, so that it imports again).
    static var chosen: ErrorsFileText {
        var t = ErrorsFileText()
        t.rowsSheet = L("errors-file.rows-sheet")
        t.visitsSheet = L("errors-file.visits-sheet")
        t.instructionsSheet = L("errors-file.instructions-sheet")
        t.instructions = [L("errors-file.line1"), L("errors-file.line2"), L("errors-file.line3")]
        return t
    }
}
