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

        /// Everything known of one person, in the chosen language: the record (field names are the record's own
        /// Chinese headers in both languages, with an English gloss in English), the notice, messages, visits,
        /// history and open conflicts; times in local civil time.
        func run() throws {
            try Exit.run {
                let db = try store.open()
                let reference = try PersonReference(parsing: person, today: Today.date())
                guard let p = try db.person(reference) else {
                    Console.err(L("persons.not-found", "person", "\(reference)"))
                    return 1
                }
                Console.out(p.handle)
                for (i, field) in PersonFields.all.enumerated() {
                    if let v = p.values[i] { Console.out("\(field.header)\t\(v)") }
                }
                for (h, v) in p.extra { Console.out("\(h)\t\(v)\t" + L("persons.extra-column")) }
                if p.inQueue { Console.out(L("persons.in-queue")) }
                if let notice = try db.prereleaseNotices()[p.key] {
                    Console.out(
                        L(
                            "persons.notice", "expected", notice.expectedRelease?.description ?? "—", "received",
                            notice.receivedOn.description, "prison", notice.prison))
                }
                let messages = try db.messages(about: p.key)
                if !messages.isEmpty {
                    Console.out("\n" + L("persons.messages"))
                    for m in messages {
                        let state =
                            m.incoming ? "" : L(m.package == nil ? "persons.message.queued" : "persons.message.sent")
                        Console.out(
                            [
                                LocalTime.display(m.writtenAt),
                                L(m.incoming ? "persons.message.from" : "persons.message.to", "office", m.counterpart),
                                m.text, state,
                            ].joined(separator: "\t"))
                    }
                }
                let visits = try db.visits(of: p.id)
                Console.out("\n" + L("persons.visits", "count", visits.count))
                for v in visits { Console.out([v.date, v.visitor, v.note].joined(separator: "\t")) }
                Console.out("\n" + L("persons.history"))
                for h in try db.history(of: p.id) {
                    let source = [h.sourceFile, h.sourceSheet, h.sourceRow.map(String.init)].compactMap { $0 }.joined(
                        separator: ":")
                    let header = PersonFields.index[h.field].map { PersonFields.all[$0].header } ?? h.field
                    Console.out(
                        "\(LocalTime.display(h.changedAt))\t\(header)\t\(h.oldValue ?? "—") → \(h.newValue ?? "—")\t\(source)"
                    )
                }
                let open = try db.conflicts(personID: p.id)
                if !open.isEmpty {
                    Console.out("\n" + L("persons.conflicts"))
                    for c in open { Console.out(ConflictsCommand.line(c)) }
                }
                return 0
            }
        }
    }
}
