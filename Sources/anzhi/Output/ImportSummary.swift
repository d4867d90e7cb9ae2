import AnzhiExchange
import AnzhiStore
import Foundation
import Spreadsheet

/// The human and JSON summaries of an import. ID numbers in messages are already masked.
enum Summary {
    static func print(_ r: ImportReport, verbose: Bool, limit: Int) {
        let c = r.counts
        var line =
            "\(r.file): \(c.rows) rows read: \(c.inserted) inserted, \(c.updated) updated, \(c.unchanged) unchanged, \(c.rejected) rejected"
        if c.outside > 0 { line += ", \(c.outside) outside the jurisdiction" }
        if c.conflicts > 0 { line += "; \(c.conflicts) conflicts to resolve (anzhi conflicts list)" }
        if r.dryRun { line += " (dry run: nothing written)" }
        if c.corrected > 0 { line += "; \(c.corrected) rows rejected earlier now imported (anzhi rejected list)" }
        Console.out(line)
        let named = (r.file as NSString).pathExtension.lowercased()
        if let e = r.encoding {
            Console.out(
                "  read as CSV text in \(e.rawValue)"
                    + (["xlsx", "xls"].contains(named) ? " (the file is named .\(named) but holds CSV text)" : ""))
        }
        if let kind = r.workbookKind, kind != .xlsx { Console.out("  read as \(kind)") }
        if let at = r.previouslyImportedAt {
            Console.out(
                c.inserted + c.updated == 0
                    ? "  the same file was imported on \(at); nothing changed"
                    : "  a file with the same content was imported on \(at)")
        }
        let shown = r.diagnostics.filter { verbose || $0.severity != .note }
        for d in shown.prefix(limit) {
            // The library names no option; the CLI says which one.
            Console.err(d.description + (d.ruleID == "hidden-sheet" ? ": --sheet '\(d.location.sheet ?? "")'" : ""))
        }
        if shown.count > limit {
            Console.err("… and \(shown.count - limit) more findings (use --json or --max-diagnostics)")
        }
    }

    static func json(_ r: ImportReport, limit: Int) -> [String: Any] {
        let c = r.counts
        var object: [String: Any] = [
            "file": r.file, "rows": c.rows, "inserted": c.inserted, "updated": c.updated, "unchanged": c.unchanged,
            "conflicts": c.conflicts, "rejected": c.rejected, "outside": c.outside, "corrected": c.corrected,
            "dryRun": r.dryRun,
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
