import Foundation
import Synchronization

/// Progress of long work on a terminal: `已读取 120,000 行，每秒 61,000 行，剩余约 3 秒`, rewritten in place at most
/// five times a second on standard error, and cleared when the work ends. Nothing is shown when standard error is
/// not a terminal or the output is JSON, so pipes, files and scripts never see it.
final class ProgressLine: Sendable {
    private struct State {
        var lastShown: Double = -1
        var shown = false
    }
    private let key: String
    private let total: Int?
    private let start: Double
    private let state = Mutex(State())

    /// A progress line for `key` (`progress.import`: its text has `{count}` and `{rate}`), nil when nothing should
    /// be shown; `total`, when known, adds the time left. `total` is asked only when the line is shown (counting a
    /// register of a million people is work a pipe need not pay for).
    init?(_ key: String, json: Bool = false, total: () -> Int? = { nil }) {
        guard !json, isatty(STDERR_FILENO) == 1 else { return nil }
        self.key = key
        self.total = total()
        start = ProgressLine.now()
    }

    /// `count` done so far.
    func update(_ count: Int) {
        let now = ProgressLine.now()
        let show = state.withLock { s -> Bool in
            guard s.lastShown < 0 || now - s.lastShown >= 0.2 else { return false }
            s.lastShown = now
            s.shown = true
            return true
        }
        guard show else { return }
        let elapsed = max(now - start, 0.001)
        let rate = Double(count) / elapsed
        var text = L(key, "count", ProgressLine.grouped(count), "rate", ProgressLine.grouped(Int(rate)))
        if let total, total > count, rate > 0 {
            text += L("progress.left", "time", ProgressLine.duration(Double(total - count) / rate))
        }
        Console.progress("\r\u{1B}[K  " + text)
    }

    /// Clears the line (the summary that follows starts on a clean line).
    func finish() {
        if state.withLock({ $0.shown }) { Console.progress("\r\u{1B}[K") }
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// 1234567 → 1,234,567.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
    }

    /// Seconds as people say them: `8 秒`, `2 分 5 秒` (through the catalogue).
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s < 60 ? L("progress.seconds", "s", s) : L("progress.minutes", "m", s / 60, "s", s % 60)
    }
}
