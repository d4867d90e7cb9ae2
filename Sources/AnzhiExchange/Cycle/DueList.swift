public import AnzhiCore
public import AnzhiStore
public import Spreadsheet

/// One thing an office must do by a day (domain §5 deadlines).
public struct DueItem: Sendable, Hashable, Encodable {
    /// A stable id of the kind of work, e.g. `verify`, `receipt`, `handover`.
    public var kind: String
    /// What to do, in the clerk's terms.
    public var label: String
    public var deadline: CivilDate
    /// The person's handle (`#17`), if the item is about a person.
    public var handle: String?
    public var name: String?
    /// A detail such as how long a record has waited.
    public var detail: String

    public func isOverdue(on today: CivilDate) -> Bool { deadline < today }

    enum CodingKeys: String, CodingKey { case kind, label, deadline, handle, name, detail }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(label, forKey: .label)
        try c.encode(deadline.description, forKey: .deadline)
        try c.encodeIfPresent(handle, forKey: .handle)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(detail, forKey: .detail)
    }
}

/// The deadlines an office is held to (domain §5; where the reference gives no number, ours, stated here).
public enum Deadlines {
    /// A 司法所 verifies a record within 15 days of its arrival (our definition: the reference sets none).
    public static let verificationDays = 15
    /// A prison corrects a record the 司法所 could not verify within 15 days (our definition).
    public static let correctionDays = 15
    /// The family is told to collect the person within 7 days of the notice; the receipt answers by then, and
    /// at the latest by the expected release date.
    public static let receiptDays = 7
    /// Hand-over within 7 days of release; a home visit within 7 days of return.
    public static let handoverDays = 7
    public static let visitDays = 7
    /// The monthly 预释放名单 by the 10th.
    public static let listDay = 10

    /// The same day a month earlier (the last day of that month when it is shorter): the pre-release supplement
    /// is in one month before release.
    public static func monthBefore(_ day: CivilDate) -> CivilDate {
        let (y, m) = day.month == 1 ? (day.year - 1, 12) : (day.year, day.month - 1)
        return CivilDate(year: y, month: m, day: min(day.day, CivilDate.daysIn(month: m, year: y)))!
    }

    /// The next report due on or after `today`, as (period name, due day): 2026H1 is due in July 2026, the year
    /// 2026 in February 2027 (domain §1, `OfficeLevel.reportDue`).
    public static func nextReport(level: OfficeLevel, today: CivilDate) -> (period: String, due: CivilDate)? {
        for period in ["\(today.year - 1)", "\(today.year)H1", "\(today.year)"] {
            if let due = level.reportDue(period: period), today <= due { return (period, due) }
        }
        return nil
    }
}

/// What is due or overdue at an office, overdue first, then by deadline.
public enum DueList {
    /// The items whose deadline falls on or before `today + within` days (overdue ones included).
    public static func items(store: Store, today: CivilDate, within: Int) throws -> [DueItem] {
        let me = try store.office()
        var items: [DueItem] = []
        func add(_ kind: String, _ label: String, _ deadline: CivilDate, _ p: StoredPerson?, _ detail: String) {
            items.append(
                DueItem(
                    kind: kind, label: label, deadline: deadline, handle: p?.handle, name: p?.value("name"),
                    detail: detail))
        }
        let created = try store.lastChangeDays(field: "*", to: ["created"])
        let reopened = try store.lastChangeDays(field: "verification", to: ["待核实"])
        let failed = try store.lastChangeDays(field: "verification", to: ["核实失败"])
        let visits = try store.lastVisitDays()
        let notices = me.level.isCustodial ? [:] : try store.prereleaseNotices()
        try store.forEachPerson { p in
            if p.inQueue {
                // A leadership office assigns people whose 户籍 stops above township (our deadline: as verification).
                let since = created[p.id] ?? today
                add(
                    "assign", Messages.text("due.assign"), since.adding(days: Deadlines.verificationDays), p,
                    Messages.text("due.since", ["date": "\(since)"]))
                return
            }
            // The person-level work is the 司法所's (a leadership office holds copies of its townships' people).
            guard me.level.isCustodial || me.level == .township else { return }
            func date(_ f: String) -> CivilDate? { p.value(f).flatMap(DateText.parse) }
            let released = date("releaseDate").map { $0 <= today } ?? false
            let exited = date("exitDate").map { $0 <= today } ?? false
            let verification = p.value("verification") ?? "待核实"
            if me.level.isCustodial {
                if verification == "核实失败", !released {
                    let since = failed[p.id] ?? created[p.id] ?? today
                    add(
                        "correct", Messages.text("due.correct"), since.adding(days: Deadlines.correctionDays), p,
                        Messages.text("due.reason", ["reason": p.value("verificationNote") ?? "—"]))
                }
                if !released, let expected = date("expectedRelease"),
                    ["custodySummary", "conduct", "prisonAdvice"].contains(where: { p.value($0) == nil })
                {
                    add(
                        "supplement", Messages.text("due.supplement"), Deadlines.monthBefore(expected), p,
                        Messages.text("due.expected-release", ["date": "\(expected)"]))
                }
                return
            }
            guard !exited else { return }
            let onRegister = released && p.statuses(on: today).contains(.onRegister)
            if !released, verification == "待核实" {
                let since = max(created[p.id] ?? today, reopened[p.id] ?? created[p.id] ?? today)
                add(
                    "verify", Messages.text("due.verify"), since.adding(days: Deadlines.verificationDays), p,
                    Messages.text(
                        "due.waiting", ["days": "\(max(0, today.dayNumber - since.dayNumber))", "date": "\(since)"]))
            }
            if !released, let notice = notices[p.key], p.value("pickupBy") == nil || p.value("pickupTime") == nil {
                var deadline = notice.receivedOn.adding(days: Deadlines.receiptDays)
                if let expected = notice.expectedRelease, expected < deadline { deadline = expected }
                add(
                    "receipt", Messages.text("due.receipt"), deadline, p,
                    Messages.text(
                        "due.notice",
                        ["date": notice.expectedRelease?.description ?? "—", "received": "\(notice.receivedOn)"]))
            }
            if onRegister, let release = date("releaseDate"), p.value("handoverDate") == nil,
                p.value("notHandedOverReason") == nil
            {
                add(
                    "handover", Messages.text("due.handover"), release.adding(days: Deadlines.handoverDays), p,
                    Messages.text("due.released", ["date": "\(release)"]))
            }
            if onRegister, let back = date("handoverDate") ?? date("releaseDate"),
                visits[p.id].map({ $0 < back }) ?? true
            {
                add(
                    "visit", Messages.text("due.visit"), back.adding(days: Deadlines.visitDays), p,
                    Messages.text("due.back", ["date": "\(back)"]))
            }
        }
        if me.level.isCustodial {
            let month = Outbox.month(today)
            if try store.prereleaseListSent(month: month) == nil {
                add(
                    "prerelease-list", Messages.text("due.prerelease-list"),
                    CivilDate(year: today.year, month: today.month, day: Deadlines.listDay)!, nil, month)
            }
        } else if let next = Deadlines.nextReport(level: me.level, today: today),
            try store.submissions(incoming: false, period: next.period).isEmpty
        {
            add(
                "report", Messages.text(next.period.hasSuffix("H1") ? "due.report.half-year" : "due.report.annual"),
                next.due, nil, next.period)
        }
        let horizon = today.adding(days: within)
        return items.filter { $0.deadline <= horizon }.sorted {
            ($0.deadline, $0.kind, $0.handle ?? "") < ($1.deadline, $1.kind, $1.handle ?? "")
        }
    }
}
