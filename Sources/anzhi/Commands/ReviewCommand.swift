import AnzhiCore
import AnzhiReports
import AnzhiStore
import ArgumentParser
import Foundation
import Spreadsheet

/// `anzhi report submit`: queues the office's report for its superior's next outbox.
struct ReportSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Queue this office's report of a period for its superior (sent with the next outbox).",
        discussion: """
            What travels: the base counts and every indicator of the office's total, part 1, the checks, the \
            definition's id and version, the 填报单位 and 报出日期; no person. A report whose checks fail is refused \
            unless --note explains it; an aggregate that lacks approved subordinates is refused unless --provisional.
            Example: anzhi report submit --period 2026H1 && anzhi outbox -o 发件箱/

            """ + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Option(help: "The period: 2026H1 or 2026.") var period: String
    @Option(help: "Why the report goes although a check fails.") var note: String?
    @Flag(help: "Send an aggregate although subordinates are missing or not approved (marked provisional).")
    var provisional = false
    @Option(help: "The report layout file (default: Templates/reports/安置帮教工作统计表-v1.layout).") var layout: String?

    func validate() throws {
        guard ReportPeriod(period) != nil else {
            throw ValidationError("--period is 2026H1 or 2026, found '\(period)'")
        }
    }

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let me = try db.office()
            guard let parent = try db.directoryEntry(me.code)?.parent, try db.directoryEntry(parent) != nil else {
                throw CommandError(
                    codeName: "no-superior", message: L("review.no-superior"))
            }
            let reference = try store.reference()
            let definition = try ReportDefinition.load(
                layoutPath: layout ?? reference.folder + "/reports/安置帮教工作统计表-v1.layout")
            let source = try ReportSource.make(
                db, reference: reference, definition: definition, period: ReportPeriod(period)!)
            let r = source.report
            let failed = r.checks.filter { !$0.passed }
            if !failed.isEmpty, (note ?? "").trimmingSpaces().isEmpty {
                for c in failed {
                    Console.err(
                        "\(c.unit.code) \(c.unit.name): \(Diagnostic.Severity.error.word): [report-check] \(c.message)")
                }
                throw CommandError(
                    codeName: "report-checks-failed",
                    message: L("review.checks-failed", "count", failed.count)
                )
            }
            if let p = r.provisional, !provisional {
                throw CommandError(
                    codeName: "report-incomplete",
                    message: L("review.incomplete", "missing", p))
            }
            let submission = ReportSubmission(report: r, base: source.base, note: note, reportedOn: Today.date())
            try db.queueSubmission(
                period: period, payload: try submission.encoded(), provisional: r.provisional != nil,
                checksPassed: failed.isEmpty)
            Console.out(
                L(
                    r.provisional == nil ? "review.queued" : "review.queued-provisional", "period", period, "office",
                    parent)
            )
            return 0
        }
    }
}

/// `anzhi report status`: what became of this office's report.
struct ReportStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show this office's submissions of a period and the superior's decisions on them.",
        discussion: "Example: anzhi report status --period 2026H1\n\n" + ExitStatus.help)
    @OptionGroup var store: StoreOptions
    @Option(help: "The period: 2026H1 or 2026.") var period: String

    func run() throws {
        try Exit.run {
            let db = try store.open()
            let sent = try db.submissions(incoming: false, period: period)
            let decisions = try db.decisions(incoming: true, period: period)
            for s in sent {
                Console.out(
                    [
                        L("review.sent"), LocalTime.display(s.writtenAt),
                        L(s.package == nil ? "review.queued-state" : "review.sent-state"),
                        L(s.checksPassed ? "review.checks-passed" : "review.checks-failed-state"),
                        s.provisional ? L("review.provisional") : "",
                    ].joined(separator: "\t"))
            }
            for d in decisions {
                Console.out(
                    [
                        L("review.decision"), LocalTime.display(d.decidedAt),
                        L(d.approved ? "review.approved" : "review.rejected"), d.reason ?? "",
                    ].joined(separator: "\t"))
            }
            // The state: the latest decision counts if it came after the latest submission was sent.
            let state: String
            if sent.isEmpty {
                state = L("review.state.none")
            } else if let d = decisions.last, d.decidedAt >= sent.last!.writtenAt {
                state = d.approved ? L("review.approved") : L("review.state.rejected", "reason", d.reason ?? "")
            } else {
                state = L("review.state.waiting")
            }
            Console.out(L("review.state", "state", state))
            return 0
        }
    }
}

/// `anzhi review`: a superior's review of its direct subordinates' reports.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review the direct subordinates' reports: list them, approve one, reject one with the reason.",
        subcommands: [List.self, Approve.self, Reject.self])

    static let header = ["单位代码", "单位名称", "状态", "报送时间", "报送次数", "核对", "审核时间", "退回原因", "应报日期", "逾期"]

    static func row(_ s: SubordinateReportState, today: CivilDate) -> [String] {
        let checks: String
        if let sub = s.submission {
            checks = sub.checksPassed ? "通过" : "\(sub.failedChecks.count) 项未通过（说明：\(sub.note ?? "—")）"
        } else {
            checks = ""
        }
        var state = s.state.rawValue
        if let i = s.incompatible { state += "（定义不同：\(i)，不汇总）" }
        if s.submission?.provisional != nil { state += "（未完成）" }
        return [
            s.office.code, s.office.name, state, s.submittedAt ?? "", s.submissions > 0 ? "\(s.submissions)" : "",
            checks, s.decidedAt ?? "", s.reason ?? "", s.due?.description ?? "", s.isOverdue(on: today) ? "逾期" : "",
        ]
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Every direct subordinate's report of a period: 未报送, 已报送, 已退回 or 已通过, and what is overdue.",
            discussion: "Columns: " + ReviewCommand.header.joined(separator: ", ")
                + ".\nExample: anzhi review list --period 2026H1\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Option(help: "The period: 2026H1 or 2026.") var period: String
        @Option(help: "The report layout file.") var layout: String?

        func run() throws {
            try Exit.run {
                let db = try store.open()
                let reference = try store.reference()
                let definition = try ReportDefinition.load(
                    layoutPath: layout ?? reference.folder + "/reports/安置帮教工作统计表-v1.layout")
                let states = try Hierarchy.states(store: db, period: period, definition: definition)
                for s in states { Console.out(ReviewCommand.row(s, today: Today.date()).joined(separator: "\t")) }
                Console.err(
                    L(
                        "review.approved-count", "approved", states.filter { $0.state == .approved }.count, "count",
                        states.count))
                return 0
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", abstract: "Approve a subordinate's latest report (sent with the next outbox).",
            discussion: "Example: anzhi review approve 370102001 --period 2026H1\n\n" + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The subordinate's office code.") var office: String
        @Option(help: "The period: 2026H1 or 2026.") var period: String

        func run() throws {
            try Exit.run {
                try store.open().decide(office: office, period: period, approved: true, reason: nil)
                Console.out(L("review.approve-done", "office", office, "period", period))
                return 0
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject", abstract: "Send a subordinate's latest report back with the reason.",
            discussion: "Example: anzhi review reject 370102002 --period 2026H1 --reason 衔接人数与名册不符\n\n"
                + ExitStatus.help)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The subordinate's office code.") var office: String
        @Option(help: "The period: 2026H1 or 2026.") var period: String
        @Option(help: "What is wrong (the subordinate sees it with `anzhi report status`).") var reason: String

        func validate() throws {
            if reason.trimmingSpaces().isEmpty { throw ValidationError("--reason may not be empty") }
        }

        func run() throws {
            try Exit.run {
                try store.open().decide(office: office, period: period, approved: false, reason: reason)
                Console.out(L("review.reject-done", "office", office, "period", period, "reason", reason))
                return 0
            }
        }
    }
}
