import AnzhiCore
import AnzhiExchange
import AnzhiStore
import ArgumentParser
import Spreadsheet

/// `anzhi message`: a free-text message about a person, between a 司法所 and the prison that holds them.
struct MessageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Send a message about a person to the prison that holds them (or, at a prison, to their 司法所).",
        discussion: """
            The message goes with the next `anzhi outbox`; the other office reads it with `anzhi messages`.
            Example: anzhi message '#17' --text 家属地址已变更，请核对户籍地址

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Argument(help: "The person: a handle such as #17 or the 公民身份号码.") var person: String
    @Option(help: "The message.") var text: String

    func validate() throws {
        if text.trimmingSpaces().isEmpty { throw ValidationError("--text may not be empty") }
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
        abstract: "List the messages received about people (they are then marked read).",
        discussion: """
            Columns: received with package, from office, handle, name, text, written at.
            Example: anzhi messages --unread

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Flag(help: "Only messages not listed before.") var unread = false

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
                        p?.handle ?? PersonKey.display(m.personKey), p?.value("name") ?? "", m.text, m.writtenAt,
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
        abstract: "List the records a 司法所 could not verify (核实失败), with its reason, for the prison to correct.",
        discussion: """
            Correct the record in the prison's batch and import it again: it returns to 待核实 and goes to the \
            office again with the next `anzhi outbox`.
            Example: anzhi verify-failures

            """ + ExitStatus.help)
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
        abstract: "List what is due or overdue at this office, with the deadline and the person's handle.",
        discussion: """
            At a 司法所: records awaiting 核实 (15 days), pre-release notices without a 回执 (7 days, and before the \
            release), releases without a hand-over after 7 days, no visit within 7 days of return, the next \
            report. At a prison: 核实失败 records to correct (15 days), the 出监补录 one month before release, the \
            monthly 预释放名单 by the 10th. At a leadership office: people waiting for assignment, the next report.
            Columns: 逾期 or 到期, deadline, what, handle, name, detail.
            Example: anzhi due --within 14

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Option(help: "Include what falls due within this many days (overdue items always).") var within = 30
    @Flag(help: "Print JSON on standard output.") var json = false

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
                            i.isOverdue(on: today) ? "逾期" : "到期", i.deadline.description, i.label, i.handle ?? "",
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
