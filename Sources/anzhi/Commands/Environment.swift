import AnzhiCore
import AnzhiStore
import Foundation
import Spreadsheet

/// What the CLI takes from its environment and passes into the libraries (which read none of it themselves).
enum Today {
    /// Today's civil date: `ANZHI_TODAY` (YYYY-MM-DD, for reproducible runs and tests) or the local calendar date.
    static func date() -> CivilDate {
        if let s = ProcessInfo.processInfo.environment["ANZHI_TODAY"], let d = DateText.parse(s) { return d }
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// With `ANZHI_TODAY` set, the times the store records fall on that day too (the libraries read no
    /// environment themselves).
    static func fixRecordingDay() {
        if let s = ProcessInfo.processInfo.environment["ANZHI_TODAY"], let d = DateText.parse(s) {
            Store.recordingDay = d
        }
    }
}

/// Finds the `Templates` folder: `--templates`, `ANZHI_TEMPLATES`, then beside the executable's package
/// (`.build/<config>/anzhi` → `Templates`), then `share/anzhi/Templates` of an installed prefix, then the working
/// directory.
enum TemplateLocator {
    static func find(override: String? = nil) -> String? {
        var candidates: [String] = []
        if let override { candidates.append(override) }
        if let env = ProcessInfo.processInfo.environment["ANZHI_TEMPLATES"] { candidates.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        var dir = exe
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Templates").path)
            candidates.append(dir.appendingPathComponent("share/anzhi/Templates").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/Templates")
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/code-tables") }
    }
}
