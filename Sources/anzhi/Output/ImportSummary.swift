import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet

/// The human and JSON summaries of an import. ID numbers in messages are already masked.
enum Summary {
    static func print(_ r: ImportReport, verbose: Bool, limit: Int) {
        let c = r.counts
        Console.out(line(r))
        let named = (r.file as NSString).pathExtension.lowercased()
        if let e = r.encoding {
            Console.out(
                "  " + L("import.read-as-csv", "encoding", e.rawValue)
                    + (["xlsx", "xls"].contains(named) ? L("import.named-but-csv", "extension", named) : ""))
        }
        if let kind = r.workbookKind, kind != .xlsx { Console.out("  " + L("import.read-as", "kind", "\(kind)")) }
        if let at = r.previouslyImportedAt {
            let when = LocalTime.display(at)
            Console.out(
                "  "
                    + (c.inserted + c.updated == 0
                        ? L("import.same-file", "time", when) : L("import.same-content", "time", when)))
        }
        let shown = r.diagnostics.filter { verbose || $0.severity != .note }
        for d in shown.prefix(limit) {
            // The library names no option; the CLI says which one.
            Console.err(
                d.description
                    + (d.ruleID == "hidden-sheet"
                        ? L("import.hidden-sheet-option", "sheet", d.location.sheet ?? "") : ""))
        }
        if shown.count > limit {
            Console.err(L("import.more-findings", "count", shown.count - limit))
        }
    }

    /// The one-line summary of a file, in the chosen language.
    static func line(_ r: ImportReport) -> String {
        let c = r.counts
        var line = L(
            "import.summary", "file", r.file, "rows", c.rows, "inserted", c.inserted, "updated", c.updated,
            "unchanged", c.unchanged, "rejected", c.rejected)
        if c.outside > 0 { line += L("import.summary.outside", "count", c.outside) }
        if c.conflicts > 0 { line += L("import.summary.conflicts", "count", c.conflicts) }
        if r.dryRun { line += L("import.summary.dry-run") }
        if c.corrected > 0 { line += L("import.summary.corrected", "count", c.corrected) }
        return line
    }

    static func json(_ r: ImportReport, limit: Int) -> [String: Any] {
        let c = r.counts
        var object: [String: Any] = [
            "file": r.file, "rows": c.rows, "inserted": c.inserted, "updated": c.updated, "unchanged": c.unchanged,
            "conflicts": c.conflicts, "rejected": c.rejected, "outside": c.outside, "corrected": c.corrected,
            "dryRun": r.dryRun, "message": line(r),
            "diagnosticsTotal": r.diagnostics.count,
            "diagnostics": r.diagnostics.prefix(limit).map { d -> [String: Any] in
                var o: [String: Any] = [
                    "severity": d.severity.rawValue, "rule": d.ruleID, "file": d.location.file, "message": d.message,
                ]
                if let s = d.location.sheet { o["sheet"] = s }
                if let row = d.location.row { o["row"] = row }
                if let col = d.location.column { o["column"] = col }
                if let h = d.location.columnName { o["header"] = h }
                return o
            },
        ]
        if let at = r.previouslyImportedAt { object["previouslyImportedAt"] = at }
        if let e = r.encoding { object["encoding"] = e.rawValue }
        object["format"] = r.format
        return object
    }
}
