import AnzhiCore
import Spreadsheet

/// The fields of one person during the report scan: dates as day numbers (`ScanRow.empty` when blank), text as
/// bytes borrowed from SQLite. Refilled for every row; nothing here outlives the row.
final class ScanRow {
    static let empty = Int32.min
    @exclusivity(unchecked) var dates: [Int32]
    @exclusivity(unchecked) var texts: [UnsafeBufferPointer<UInt8>?]
    /// The first day off the register (domain §6), or `empty` without a release date.
    @exclusivity(unchecked) var termEnd = ScanRow.empty

    init(dateCount: Int, textCount: Int) {
        dates = [Int32](repeating: ScanRow.empty, count: dateCount)
        texts = [UnsafeBufferPointer<UInt8>?](repeating: nil, count: textCount)
    }

    /// Parses `YYYY-MM-DD` bytes into a day number (days since 1970-01-01) without building a `String`.
    @inline(__always)
    static func dayNumber(_ b: UnsafeBufferPointer<UInt8>?) -> Int32 {
        guard let b, b.count == 10 else { return empty }
        @inline(__always) func d(_ i: Int) -> Int { Int(b[i]) - 48 }
        return Int32(
            CivilDate.dayNumber(
                year: d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), month: d(5) * 10 + d(6),
                day: d(8) * 10 + d(9)))
    }

    @inline(__always)
    static func equals(_ b: UnsafeBufferPointer<UInt8>?, _ literal: [UInt8]) -> Bool {
        guard let b, b.count == literal.count else { return false }
        return literal.withUnsafeBufferPointer { l in memcmp(b.baseAddress!, l.baseAddress!, b.count) == 0 }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
