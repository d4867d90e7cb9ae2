import AnzhiCore
import AnzhiStore
import ArgumentParser
import Foundation

/// `--db` (or `ANZHI_DB`) and `--templates` (or `ANZHI_TEMPLATES`), shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp(L("help.common.db")))
    var db: String?

    @Option(help: ArgumentHelp(L("help.common.templates")))
    var templates: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["ANZHI_DB"] ?? "anzhi.sqlite" }

    func open() throws -> Store {
        Today.fixRecordingDay()
        return try Store.open(path: path)
    }

    func reference() throws -> ReferenceData {
        guard let folder = TemplateLocator.find(override: templates) else {
            throw CommandError(
                codeName: "templates-not-found",
                message: L("cli.templates-not-found"))
        }
        return try ReferenceData.load(templates: folder)
    }
}
