import Foundation

/// Times as people read them: the store keeps UTC (`2026-12-01T05:07:00Z`); people see their own civil time,
/// to the minute (`2026-12-01 13:07` in China).
enum LocalTime {
    /// `stored` (ISO 8601 UTC as the store writes it) in local civil time; text that is not such a time is
    /// returned as it is (a date alone stays a date).
    static func display(_ stored: String) -> String {
        let b = Array(stored.utf8)
        guard b.count >= 19, b[10] == UInt8(ascii: "T"),
            let y = Int32(stored.prefix(4)), let mo = Int32(sub(b, 5, 2)), let d = Int32(sub(b, 8, 2)),
            let h = Int32(sub(b, 11, 2)), let mi = Int32(sub(b, 14, 2)), let s = Int32(sub(b, 17, 2))
        else { return stored }
        var parts = tm()
        parts.tm_year = y - 1900
        parts.tm_mon = mo - 1
        parts.tm_mday = d
        parts.tm_hour = h
        parts.tm_min = mi
        parts.tm_sec = s
        var t = timegm(&parts)
        var local = tm()
        localtime_r(&t, &local)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(local.tm_year + 1900)-\(two(local.tm_mon + 1))-\(two(local.tm_mday)) \(two(local.tm_hour)):\(two(local.tm_min))"
    }

    private static func sub(_ b: [UInt8], _ start: Int, _ count: Int) -> String {
        String(decoding: b[start..<start + count], as: UTF8.self)
    }
}
