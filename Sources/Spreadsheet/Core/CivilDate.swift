/// A calendar date without a time zone: what a spreadsheet cell or a register field means by "a date".
///
/// Arithmetic uses the proleptic Gregorian calendar through day numbers
/// (days since 1970-01-01), so no `Calendar` or time zone is ever involved.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date after checking that it exists (e.g. rejects 2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CivilDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the date that lies `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int { CivilDate.dayNumber(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a year, month and day, without checking them (Howard Hinnant's days_from_civil);
    /// for hot paths that parse dates from bytes.
    @inlinable
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same month and day `years` later; 29 February becomes 1 March in a common year. The year is clamped
    /// to 1…9999 (the range a civil date holds), so no count of years taken from data can trap.
    public func adding(years: Int) -> CivilDate {
        let (sum, overflow) = year.addingReportingOverflow(years)
        let y = overflow ? (years > 0 ? 9999 : 1) : min(max(sum, 1), 9999)
        if month == 2, day == 29, !CivilDate.isLeap(y) {
            return CivilDate(year: y, month: 3, day: 1)!
        }
        return CivilDate(year: y, month: month, day: day)!
    }

    /// ISO 8601 form, `YYYY-MM-DD`.
    public var description: String {
        zeroPad(year, 4) + "-" + zeroPad(month, 2) + "-" + zeroPad(day, 2)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A date with a time of day, to the millisecond, without a time zone.
public struct CivilDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: CivilDate
    public let time: TimeOfDay

    public init(date: CivilDate, time: TimeOfDay) {
        self.date = date
        self.time = time
    }

    /// `YYYY-MM-DD HH:MM:SS`, rounded to the second (a rounding that reaches midnight moves to the next day).
    public var description: String {
        let seconds = (time.millisecondOfDay + 500) / 1000
        if seconds >= 86_400 {
            return date.adding(days: 1).description + " 00:00:00"
        }
        return date.description + " " + TimeOfDay.format(seconds: seconds)
    }

    public static func < (a: CivilDateTime, b: CivilDateTime) -> Bool {
        (a.date, a.time.millisecondOfDay) < (b.date, b.time.millisecondOfDay)
    }
}

/// A time of day, counted in milliseconds since midnight.
public struct TimeOfDay: Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since midnight, 0 ..< 86,400,000.
    public let millisecondOfDay: Int

    public init(millisecondOfDay: Int) {
        self.millisecondOfDay = millisecondOfDay
    }

    public init?(hour: Int, minute: Int, second: Int, millisecond: Int = 0) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second),
            (0..<1000).contains(millisecond)
        else { return nil }
        millisecondOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
    }

    /// `HH:MM:SS`, rounded to the second.
    public var description: String {
        TimeOfDay.format(seconds: min((millisecondOfDay + 500) / 1000, 86_399))
    }

    static func format(seconds: Int) -> String {
        zeroPad(seconds / 3600, 2) + ":" + zeroPad(seconds / 60 % 60, 2) + ":" + zeroPad(seconds % 60, 2)
    }
}

/// Zero-pads a non-negative number to `width` digits (wider numbers are kept whole).
@inline(__always)
func zeroPad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
