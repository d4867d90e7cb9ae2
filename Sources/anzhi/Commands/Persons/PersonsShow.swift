import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

extension PersonsCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: L("help.persons.show.abstract"),
            discussion: HelpText.discussion("help.persons.show.discussion"))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.persons.show.person")))
        var person: String

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let reference = try PersonReference(parsing: person, today: Today.date())
                guard let p = try db.person(reference) else {
                    Console.err("no person \(reference) in the register")
                    return 1
                }
                Console.out("\(p.handle)")
                for (i, field) in PersonFields.all.enumerated() {
                    if let v = p.values[i] { Console.out("\(field.header)\t\(v)") }
                }
                for (h, v) in p.extra { Console.out("\(h)\t\(v)\t(unknown column, kept)") }
                if p.inQueue { Console.out("状态\t在本级待分配队列 (assignment queue)") }
                if let notice = try db.prereleaseNotices()[p.key] {
                    Console.out(
                        "预释放通知\t预计释放 \(notice.expectedRelease?.description ?? "—")，\(notice.receivedOn) 收到自 \(notice.prison)"
                    )
                }
                let messages = try db.messages(about: p.key)
                if !messages.isEmpty {
                    Console.out("\n往来消息 (messages)")
                    for m in messages {
                        Console.out(
                            "\(m.writtenAt)\t\(m.incoming ? "来自" : "发往") \(m.counterpart)\t\(m.text)\t\(m.incoming ? "" : m.package == nil ? "待发送" : "已发送")"
                        )
                    }
                }
                Console.out("\n变更记录 (history)")
                for h in try db.history(of: p.id) {
                    let source = [h.sourceFile, h.sourceSheet, h.sourceRow.map(String.init)].compactMap { $0 }.joined(
                        separator: ":")
                    let header = PersonFields.index[h.field].map { PersonFields.all[$0].header } ?? h.field
                    Console.out("\(h.changedAt)\t\(header)\t\(h.oldValue ?? "—") → \(h.newValue ?? "—")\t\(source)")
                }
                let open = try db.conflicts(personID: p.id)
                if !open.isEmpty {
                    Console.out("\n待处理冲突 (open conflicts)")
                    for c in open { Console.out(ConflictsCommand.line(c)) }
                }
                return 0
            }
        }
    }
}
