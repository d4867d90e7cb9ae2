import Spreadsheet
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [
        (1, "1900-01-01"), (59, "1900-02-28"), (60, "1900-02-28"), (61, "1900-03-01"),
        (25569, "1970-01-01"), (45658, "2025-01-01"), (2_958_465, "9999-12-31"),
    ])
    func serials1900(serial: Int, expected: String) {
        #expect(DateSystem.excel1900.date(serialDay: serial)?.description == expected)
    }

    @Test func serialsOutsideTheCalendarAreNotDates() {
        #expect(DateSystem.excel1900.date(serialDay: 0) == nil)
        #expect(DateSystem.excel1900.date(serialDay: -1) == nil)
        #expect(DateSystem.excel1900.date(serialDay: 2_958_466) == nil)
    }

    @Test func serials1904() {
        #expect(DateSystem.excel1904.date(serialDay: 0)?.description == "1904-01-01")
        #expect(DateSystem.excel1904.date(serialDay: 44196)?.description == "2025-01-01")
        #expect(DateSystem.excel1904.serial(of: CivilDate(year: 2025, month: 1, day: 1)!) == 44196)
    }

    @Test func serialRoundTrip() {
        for serial in [1, 59, 61, 1000, 45658, 60000] {
            let date = DateSystem.excel1900.date(serialDay: serial)!
            #expect(DateSystem.excel1900.serial(of: date) == serial)
        }
    }

    @Test func splitRoundsToTheMillisecond() {
        let (days, ms) = DateSystem.split(45658.999_999_999_9)!
        #expect(days == 45659 && ms == 0)
        let (d2, ms2) = DateSystem.split(45658.5)!
        #expect(d2 == 45658 && ms2 == 43_200_000)
    }

    @Test func impossibleDatesAreRefused() {
        #expect(CivilDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CivilDate(year: 1900, month: 2, day: 29) == nil)
    }

    @Test func addingYearsMovesLeapDayToFirstOfMarch() {
        let leap = CivilDate(year: 2024, month: 2, day: 29)!
        #expect(leap.adding(years: 5).description == "2029-03-01")
        #expect(leap.adding(years: 4).description == "2028-02-29")
        #expect(CivilDate(year: 2021, month: 6, day: 30)!.adding(years: 5).description == "2026-06-30")
        // Absurd counts from data clamp instead of trapping.
        #expect(leap.adding(years: Int.max).description == "9999-03-01")
        #expect(leap.adding(years: -100_000).description == "0001-03-01")
    }

    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, to: 3_000_000, by: 9_973) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test func dateTimeRoundsToTheSecondAcrossMidnight() {
        let d = CivilDate(year: 2026, month: 12, day: 31)!
        #expect(
            CivilDateTime(date: d, time: TimeOfDay(millisecondOfDay: 86_399_600)).description == "2027-01-01 00:00:00")
        #expect(
            CivilDateTime(date: d, time: TimeOfDay(millisecondOfDay: 45_296_400)).description == "2026-12-31 12:34:56")
    }
}

@Suite struct CellReferenceTests {
    @Test(arguments: [
        (1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"), (16384, "XFD"),
    ])
    func columnNames(column: Int, name: String) {
        #expect(CellReference.columnName(column) == name)
        #expect(CellReference(name + "1")?.column == column)
    }

    @Test func parsing() {
        #expect(CellReference("$B$7") == CellReference(row: 7, column: 2))
        #expect(CellReference("b7") == CellReference(row: 7, column: 2))
        #expect(CellReference("7B") == nil)
        #expect(CellReference("B") == nil)
        #expect(CellReference("XFE1")?.isInsideGrid == false)
        #expect(CellReference("A1048577")?.isInsideGrid == false)
        #expect(CellRange("C3:B2")?.description == "B2:C3")
        #expect(CellRange("B2")?.description == "B2")
        #expect(CellRange("B2:C3")!.overlaps(CellRange("C3:D4")!))
        #expect(!CellRange("B2:C3")!.overlaps(CellRange("D2:D9")!))
    }
}

@Suite struct NumberTextTests {
    @Test(arguments: [
        (75.0, "75"), (-3.0, "-3"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"), (2.5, "2.5"),
        (1e15, "1000000000000000"), (1.2345678901234568e17, "123456789012345680"), (1.2e20, "120000000000000000000"),
        (-1e19, "-10000000000000000000"), (1e-5, "1e-05"),
    ])
    func shortestRoundTripWithoutExponentForWholeNumbers(value: Double, text: String) {
        #expect(CellText.number(value) == text)
        #expect(Double(text) == value)
    }
}
