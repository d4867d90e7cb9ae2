/// Conversions between Excel's serial day numbers and civil dates.
///
/// Excel counts days from 1899-12-31 = 1 in the 1900 system and keeps the Lotus bug
/// that treats 1900 as a leap year: serial 60 is the fictitious 1900-02-29. We map
/// serials ≥ 61 from the epoch 1899-12-30, serials 1–59 from 1899-12-31, and 60 to
/// 1900-02-28 (as openpyxl and calamine do). The 1904 system counts from 1904-01-01 = 0.
public enum DateSystem: Sendable, Hashable {
    case excel1900
    case excel1904

    private static let epoch1899_12_30 = CivilDate(year: 1899, month: 12, day: 30)!.dayNumber
    private static let epoch1899_12_31 = CivilDate(year: 1899, month: 12, day: 31)!.dayNumber
    private static let epoch1904 = CivilDate(year: 1904, month: 1, day: 1)!.dayNumber

    /// The civil date of a whole serial, or nil when the serial lies outside 1900–9999.
    public func date(serialDay serial: Int) -> CivilDate? {
        let day: Int
        switch self {
        case .excel1904:
            guard serial >= 0 else { return nil }
            day = DateSystem.epoch1904 + serial
        case .excel1900:
            guard serial >= 1 else { return nil }
            if serial >= 61 {
                day = DateSystem.epoch1899_12_30 + serial
            } else if serial == 60 {
                day = DateSystem.epoch1899_12_31 + 59
            } else {
                day = DateSystem.epoch1899_12_31 + serial
            }
        }
        let date = CivilDate(dayNumber: day)
        return date.year <= 9999 ? date : nil
    }

    /// The serial that Excel stores for `date`.
    public func serial(of date: CivilDate) -> Int {
        let day = date.dayNumber
        switch self {
        case .excel1904:
            return day - DateSystem.epoch1904
        case .excel1900:
            let s = day - DateSystem.epoch1899_12_30
            return s >= 61 ? s : day - DateSystem.epoch1899_12_31
        }
    }

    /// Splits a serial into whole days and milliseconds of the day, rounding to the millisecond
    /// so that 0.999999999 does not print as 23:59:59 of the wrong day.
    public static func split(_ serial: Double) -> (days: Int, millisecond: Int)? {
        guard serial.isFinite, abs(serial) < 3_000_000 else { return nil }
        let totalMs = Int((serial * 86_400_000).rounded())
        let days = totalMs >= 0 ? totalMs / 86_400_000 : -((-totalMs + 86_399_999) / 86_400_000)
        return (days, totalMs - days * 86_400_000)
    }
}
