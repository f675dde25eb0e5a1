import Procurement
import Testing

@Suite struct CalendarDateArithmeticTests {
    @Test(arguments: [
        ("2026-01-15", 1, "2026-02-15"), ("2026-01-31", 1, "2026-02-28"), ("2024-01-31", 1, "2024-02-29"),
        ("2025-03-31", -1, "2025-02-28"), ("2025-12-15", 1, "2026-01-15"), ("2026-01-15", -13, "2024-12-15"),
        ("2024-02-29", 12, "2025-02-28"), ("2026-05-31", 0, "2026-05-31"), ("2026-01-01", 1200, "2126-01-01"),
    ] as [(String, Int, String)])
    func addsMonthsClampingToTheMonthEnd(start: String, months: Int, expected: String) {
        #expect(day(start).adding(months: months) == day(expected))
    }

    @Test(arguments: [
        ("2025-12-31", 1, "2026-01-01"), ("2024-02-28", 1, "2024-02-29"), ("2023-02-28", 1, "2023-03-01"),
        ("2026-03-01", -1, "2026-02-28"), ("2000-02-28", 2, "2000-03-01"), ("1900-02-28", 1, "1900-03-01"),
        ("2026-01-01", 365, "2027-01-01"), ("2029-01-01", -366, "2028-01-01"), ("2028-01-01", -365, "2027-01-01"),
    ] as [(String, Int, String)])
    func addsDays(start: String, days: Int, expected: String) {
        #expect(day(start).adding(days: days) == day(expected))
        #expect(day(start).days(until: day(expected)) == days)
    }

    @Test func countsDaysFromTheUnixEpoch() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1969-12-31").dayNumber == -1)
        #expect(day("2000-03-01").dayNumber == 11_017)
        #expect(CalendarDate(dayNumber: 20_454) == day("2026-01-01"))
    }

    @Test func staysInsideTheYearsItCanHold() {
        #expect(CalendarDate.latest.adding(days: 1) == nil)
        #expect(CalendarDate.earliest.adding(days: -1) == nil)
        #expect(CalendarDate.earliest.adding(months: -1) == nil)
        #expect(day("9999-12-01").adding(months: 1) == nil)
        #expect(day("2026-01-01").adding(months: .max) == nil)
        #expect(day("2026-01-01").adding(days: .min) == nil)
    }
}
