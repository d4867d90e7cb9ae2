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
        abstract: L("help.report.submit.abstract"),
        discussion: HelpText.discussion("help.report.submit.discussion"))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp(L("help.common.period"))) var period: String
    @Option(help: ArgumentHelp(L("help.report.submit.note"))) var note: String?
    @Flag(help: ArgumentHelp(L("help.report.submit.provisional")))
    var provisional = false
    @Option(help: ArgumentHelp(L("help.common.layout"))) var layout: String?

    func validate() throws {
        guard ReportPeriod(period) != nil else {
            throw ValidationError(L("usage.period", "period", period))
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
        abstract: L("help.report.status.abstract"),
        discussion: HelpText.discussion("help.report.status.discussion"))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp(L("help.common.period"))) var period: String

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
        abstract: L("help.review.abstract"),
        discussion: HelpText.discussion("help.review.discussion"),
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
            s.office.code, s.office.name, state, s.submittedAt.map(LocalTime.display) ?? "",
            s.submissions > 0 ? "\(s.submissions)" : "", checks, s.decidedAt.map(LocalTime.display) ?? "",
            s.reason ?? "", s.due?.description ?? "", s.isOverdue(on: today) ? "逾期" : "",
        ]
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: L("help.review.list.abstract"),
            discussion: HelpText.discussion(
                "help.review.list.discussion", ["columns": ReviewCommand.header.joined(separator: ", ")]))
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp(L("help.common.period"))) var period: String
        @Option(help: ArgumentHelp(L("help.common.layout"))) var layout: String?

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
            commandName: "approve", abstract: L("help.review.approve.abstract"),
            discussion: HelpText.discussion("help.review.approve.discussion"))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.review.approve.office"))) var office: String
        @Option(help: ArgumentHelp(L("help.common.period"))) var period: String

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
            commandName: "reject", abstract: L("help.review.reject.abstract"),
            discussion: HelpText.discussion("help.review.reject.discussion"))
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp(L("help.review.reject.office"))) var office: String
        @Option(help: ArgumentHelp(L("help.common.period"))) var period: String
        @Option(help: ArgumentHelp(L("help.review.reject.reason"))) var reason: String

        func validate() throws {
            if reason.trimmingSpaces().isEmpty { throw ValidationError(L("usage.review.empty-reason")) }
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
