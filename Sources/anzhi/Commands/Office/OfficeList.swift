import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension OfficeCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: L("help.office.list.abstract"),
            discussion: HelpText.discussion("help.office.list.discussion"))
        @OptionGroup var store: StoreOptions

        func run() throws {
            try Exit.run {
                for e in try store.open().directory() {
                    Console.out(
                        [
                            e.office.code, e.office.name, e.office.level.label, e.parent ?? "—",
                            OfficeCommand.fingerprint(e), OfficeCommand.source(e.source),
                        ]
                        .joined(separator: "\t"))
                }
                return 0
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: L("help.office.show.abstract"),
            discussion: HelpText.discussion("help.office.show.discussion"))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.office.show.code"))) var code: String

        func run() throws {
            try Exit.run {
                guard let e = try store.open().directoryEntry(code) else {
                    throw StoreError(.notFound, "no office \(code) in this office's directory")
                }
                Console.out(
                    L(
                        "office.show", "code", e.office.code, "name", e.office.name, "level", e.office.level.label,
                        "region", e.office.region ?? "—", "parent", e.parent ?? "—", "fingerprint",
                        OfficeCommand.fingerprint(e), "source", OfficeCommand.source(e.source)))
                // The public keys themselves, for another implementation or a person who checks them.
                if let s = e.signingKey { Console.out(L("office.signing-key", "key", s.base64EncodedString())) }
                if let a = e.agreementKey { Console.out(L("office.agreement-key", "key", a.base64EncodedString())) }
                return 0
            }
        }
    }

    static func fingerprint(_ e: DirectoryEntry) -> String {
        guard let s = e.signingKey, let a = e.agreementKey else { return "（待回复）" }
        return OfficeKeys.fingerprint(signing: s, agreement: a)
    }
}
