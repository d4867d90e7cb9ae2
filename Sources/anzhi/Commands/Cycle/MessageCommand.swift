import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi message`: a free-text message about a person, between a 司法所 and the prison that holds them.
struct MessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: L("help.message.abstract"),
        discussion: HelpText.discussion("help.message.discussion"))
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp(L("help.common.person"))) var person: String
    @Option(help: ArgumentHelp(L("help.message.text"))) var text: String

    func validate() throws {
        if text.trimmingSpaces().isEmpty { throw ValidationError(L("usage.message.empty")) }
    }

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let p = try PersonArgument.find(person, in: db)
            let keys = try OfficeKeys.load(from: OfficeKeys.path(forDatabase: store.path))
            guard let to = try Outbox(store: db, keys: keys).counterpart(of: p) else {
                throw CommandError(
                    codeName: "no-counterpart",
                    message:
                        L("cycle.no-counterpart", "person", p.handle)
                )
            }
            try db.queueMessage(personKey: p.key, to: to.office.code, text: text)
            Console.out(
                L(
                    "cycle.message-queued", "person", p.handle, "name", p.value("name") ?? "", "office", to.office.name,
                    "code", to.office.code)
            )
            return 0
        }
    }
}

/// `anzhi messages`: messages received, with the person's handle.
struct MessagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "messages",
        abstract: L("help.messages.abstract"),
        discussion: HelpText.discussion("help.messages.discussion"))
    @OptionGroup var store: StoreOptions
    @Flag(help: ArgumentHelp(L("help.messages.unread"))) var unread = false

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let messages = try db.receivedMessages(unreadOnly: unread)
            let directory = Dictionary(
                try db.directory().map { ($0.office.code, $0.office.name) }, uniquingKeysWith: { a, _ in a })
            for m in messages {
                let p = try db.person(key: m.personKey)
                Console.out(
                    [
                        m.readAt == nil ? "新" : "已读", "\(directory[m.counterpart] ?? "") (\(m.counterpart))",
                        p?.handle ?? PersonKey.display(m.personKey), p?.value("name") ?? "", m.text,
                        LocalTime.display(m.writtenAt),
                    ].joined(separator: "\t"))
            }
            Console.err(L("cycle.messages-count", "count", messages.count))
            return 0
        }
    }
}

/// `anzhi verify-failures`: at a prison, the records a 司法所 could not verify, to correct.
struct VerifyFailuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-failures",
        abstract: L("help.verify-failures.abstract"),
        discussion: HelpText.discussion("help.verify-failures.discussion"))
    @OptionGroup var store: StoreOptions

    func run() throws {
        try Exit.run {
            let people = try store.open().people(
                matching: PersonFilter(status: .verificationFailed), on: Today.date())
            for p in people {
                Console.out(
                    [
                        p.handle, p.value("name") ?? "", p.maskedKey, p.value("verificationNote") ?? "",
                        p.value("possibleWhereabouts") ?? "",
                    ].joined(separator: "\t"))
            }
            Console.err(L("cycle.to-correct", "count", people.count))
            return people.isEmpty ? 0 : 1
        }
    }
}

/// `anzhi due`: what the office must do, overdue first.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: L("help.due.abstract"),
        discussion: HelpText.discussion("help.due.discussion"))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp(L("help.due.within"))) var within = 30
    @Flag(help: ArgumentHelp(L("help.due.json"))) var json = false

    func run() throws {
        try Exit.run {
            let today = Today.date()
            let items = try DueList.items(store: try store.open(), today: today, within: within)
            if json {
                struct Line: Encodable {
                    let item: DueItem
                    let overdue: Bool
                    func encode(to encoder: any Encoder) throws {
                        try item.encode(to: encoder)
                        var c = encoder.container(keyedBy: Key.self)
                        try c.encode(overdue, forKey: .overdue)
                    }
                    enum Key: String, CodingKey { case overdue }
                }
                Console.out(try JSONOutput.string(items.map { Line(item: $0, overdue: $0.isOverdue(on: today)) }))
            } else {
                for i in items {
                    Console.out(
                        [
                            L(i.isOverdue(on: today) ? "due.overdue" : "due.due"), i.deadline.description, i.label,
                            i.handle ?? "",
                            i.name ?? "", i.detail,
                        ].joined(separator: "\t"))
                }
                Console.err(
                    L(
                        "cycle.due-count", "count", items.count, "overdue",
                        items.filter { $0.isOverdue(on: today) }.count))
            }
            return 0
        }
    }
}
