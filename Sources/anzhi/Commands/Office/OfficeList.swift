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
                            OfficeCommand.fingerprint(e), e.source,
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
                Console.out("代码\t\(e.office.code)\n名称\t\(e.office.name)\n级别\t\(e.office.level.label)")
                Console.out(
                    "区划\t\(e.office.region ?? "—")\n上级\t\(e.parent ?? "—")\n指纹\t\(OfficeCommand.fingerprint(e))\n来源\t\(e.source)"
                )
                // The public keys themselves, for another implementation or a person who checks them.
                if let s = e.signingKey { Console.out("签名公钥\t\(s.base64EncodedString())") }
                if let a = e.agreementKey { Console.out("加密公钥\t\(a.base64EncodedString())") }
                return 0
            }
        }
    }

    static func fingerprint(_ e: DirectoryEntry) -> String {
        guard let s = e.signingKey, let a = e.agreementKey else { return "（待回复）" }
        return OfficeKeys.fingerprint(signing: s, agreement: a)
    }
}
