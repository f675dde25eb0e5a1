import Procurement
import Testing

@Suite struct SwedishCalendarTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test(arguments: [
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"),
        (2019, "2019-04-21"), (2038, "2038-04-25"), (2008, "2008-03-23"),
    ])
    func easterFallsWhereTheAlmanacSays(year: Int, easter: String) {
        #expect(SwedishCalendar.easterSunday(year) == date(easter))
    }

    @Test func weekdaysAreRight() {
        #expect(SwedishCalendar.weekday(of: date("1970-01-01")) == .thursday)
        #expect(SwedishCalendar.weekday(of: date("2026-11-23")) == .monday)
        #expect(SwedishCalendar.weekday(of: date("1969-12-31")) == .wednesday)
        #expect(SwedishCalendar.weekday(of: date("2000-02-29")) == .tuesday)
    }

    @Test func theHolidaysOf2026() {
        let holidays = Dictionary(uniqueKeysWithValues: SwedishCalendar.publicHolidays(2026).map { ($0.name, $0.date.iso) })
        #expect(holidays["långfredagen"] == "2026-04-03")
        #expect(holidays["annandag påsk"] == "2026-04-06")
        #expect(holidays["Kristi himmelsfärdsdag"] == "2026-05-14")
        #expect(holidays["pingstdagen"] == "2026-05-24")
        #expect(holidays["midsommardagen"] == "2026-06-20")
        #expect(holidays["alla helgons dag"] == "2026-10-31")
        #expect(holidays.count == 13)
    }

    @Test(arguments: [
        // A weekday stays.
        ("2026-11-24", "2026-11-24"),
        // Saturday and Sunday move to Monday.
        ("2026-11-28", "2026-11-30"), ("2026-11-29", "2026-11-30"),
        // Julafton (Thursday), juldagen, annandag jul, the weekend: to Monday 28 December.
        ("2026-12-24", "2026-12-28"),
        // Nyårsafton (Thursday) and nyårsdagen: to Monday 4 January.
        ("2026-12-31", "2027-01-04"),
        // Långfredagen to annandag påsk: to Tuesday.
        ("2026-04-03", "2026-04-07"),
        // Midsommarafton (Friday 19 June 2026) and the weekend.
        ("2026-06-19", "2026-06-22"),
        // Kristi himmelsfärdsdag (Thursday).
        ("2026-05-14", "2026-05-15"),
        // Nationaldagen on a Saturday in 2026.
        ("2026-06-06", "2026-06-08"),
    ])
    func aPeriodEndingOnAFreeDayEndsOnTheNextWeekday(end: String, moved: String) {
        #expect(SwedishCalendar.deadline(endingOn: date(end)) == date(moved))
    }

    @Test func theHolidaysOf2027MoveWithEaster() {
        let holidays = Dictionary(uniqueKeysWithValues: SwedishCalendar.publicHolidays(2027).map { ($0.name, $0.date.iso) })
        #expect(holidays["nyårsdagen"] == "2027-01-01")
        #expect(holidays["trettondedag jul"] == "2027-01-06")
        #expect(holidays["långfredagen"] == "2027-03-26")
        #expect(holidays["påskdagen"] == "2027-03-28")
        #expect(holidays["annandag påsk"] == "2027-03-29")
        #expect(holidays["Kristi himmelsfärdsdag"] == "2027-05-06")
        #expect(holidays["pingstdagen"] == "2027-05-16")
        // 20 June 2027 is a Sunday: midsommardagen is the Saturday of 20–26 June.
        #expect(holidays["midsommardagen"] == "2027-06-26")
        #expect(holidays["alla helgons dag"] == "2027-11-06")
        #expect(SwedishCalendar.publicHolidays(2027).map(\.date) == SwedishCalendar.publicHolidays(2027).map(\.date).sorted())
    }

    @Test(arguments: [
        // The eves are no public holidays, but no period ends on them.
        ("2027-06-25", false), ("2025-06-20", false), ("2026-12-24", false), ("2026-12-31", false), ("2025-12-31", false),
        // The public holidays of the turn of the year.
        ("2027-01-01", false), ("2027-01-06", false), ("2026-01-06", false),
        // Ordinary weekdays around them: skärtorsdagen, the day before midsommarafton, the
        // day after trettondedag jul, the Monday after midsommar, the days between the holidays.
        ("2026-04-02", true), ("2027-06-24", true), ("2027-01-07", true), ("2027-06-28", true), ("2026-12-30", true),
        ("2027-01-05", true),
        // Påskafton is a Saturday; pingstafton too; neither ends a period.
        ("2026-04-04", false), ("2026-05-23", false),
    ])
    func whichDaysEndAPeriod(date text: String, ends: Bool) {
        #expect(SwedishCalendar.isDeadlineDay(date(text)) == ends)
    }

    /// Midsommarafton is the Friday before midsommardagen in every year, whichever day of
    /// 19–25 June it falls on.
    @Test func midsommaraftonIsNeverADeadlineDay() {
        for year in 2020...2040 {
            let midsummer = SwedishCalendar.publicHolidays(year).first { $0.name == "midsommardagen" }!.date
            let eve = midsummer.adding(days: -1)!
            #expect(SwedishCalendar.weekday(of: eve) == .friday)
            #expect((19...25).contains(eve.day) && eve.month == 6)
            #expect(!SwedishCalendar.isDeadlineDay(eve), "\(eve)")
            #expect(SwedishCalendar.deadline(endingOn: eve) == midsummer.adding(days: 2), "\(eve)")
        }
    }
}
