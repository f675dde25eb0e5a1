import Procurement
import Testing

@Suite struct StandstillTests {
    func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test(arguments: [
        // Sent electronically on Monday 2026-11-23: ten days later is Thursday 2026-12-03.
        ("2026-11-23", true, "2026-12-03"),
        // By post: fifteen days, Tuesday 2026-12-08.
        ("2026-11-23", false, "2026-12-08"),
        // Ten days from 2026-12-14 is julafton: the period ends on Monday 28 December.
        ("2026-12-14", true, "2026-12-28"),
        // Ten days from 2026-03-28 is Tuesday 7 April, the day after annandag påsk: it stays.
        ("2026-03-28", true, "2026-04-07"),
        // Ten days from 2026-03-24 is Friday 3 April, långfredagen: to Tuesday 7 April.
        ("2026-03-24", true, "2026-04-07"),
        // Ten days from 2026-06-09 is midsommarafton (19 June): to Monday 22 June.
        ("2026-06-09", true, "2026-06-22"),
    ])
    func theStandstillEndsOnAWeekday(sent: String, electronically: Bool, last: String) {
        #expect(Standstill.lastDay(decisionSentOn: day(sent), electronically: electronically) == day(last))
    }

    @Test(arguments: [
        // 2027: långfredagen 26 March, påskdagen 28 March, annandag påsk 29 March.
        // Sent Tuesday 16 March, the tenth day is långfredagen: through Tuesday 30 March.
        ("2027-03-16", true, "2027-03-30"),
        // Sent Friday 19 March, the tenth day is annandag påsk: through Tuesday 30 March.
        ("2027-03-19", true, "2027-03-30"),
        // 2026 by post: fifteen days from Thursday 19 March is långfredagen 3 April.
        ("2026-03-19", false, "2026-04-07"),
        // Fifteen days from Sunday 22 March is annandag påsk 6 April.
        ("2026-03-22", false, "2026-04-07"),
        // Skärtorsdagen (2 April 2026) is an ordinary weekday: the period ends on it.
        ("2026-03-23", true, "2026-04-02"),
    ])
    func aroundEaster(sent: String, electronically: Bool, last: String) {
        #expect(Standstill.lastDay(decisionSentOn: day(sent), electronically: electronically) == day(last))
    }

    @Test(arguments: [
        // Midsommarafton is no public holiday, but a period does not end on it (lag 1930:173).
        // 2027: midsommarafton Friday 25 June, midsommardagen Saturday 26 June.
        ("2027-06-15", true, "2027-06-28"),
        // 2025 by post: fifteen days from Thursday 5 June is midsommarafton, Friday 20 June.
        ("2025-06-05", false, "2025-06-23"),
        // The Thursday before midsommarafton is an ordinary weekday.
        ("2026-06-08", true, "2026-06-18"),
        // Sveriges nationaldag on a Friday (2025): to Monday 9 June.
        ("2025-05-27", true, "2025-06-09"),
    ])
    func aroundMidsummer(sent: String, electronically: Bool, last: String) {
        #expect(Standstill.lastDay(decisionSentOn: day(sent), electronically: electronically) == day(last))
    }

    @Test(arguments: [
        // Ten days from Monday 21 December 2026 is nyårsafton (Thursday), then nyårsdagen and
        // the weekend: through Monday 4 January 2027.
        ("2026-12-21", true, "2027-01-04"),
        // Ten days from Tuesday 22 December is nyårsdagen (Friday 1 January 2027).
        ("2026-12-22", true, "2027-01-04"),
        // Fifteen days from Thursday 17 December is nyårsdagen too.
        ("2026-12-17", false, "2027-01-04"),
        // Ten days from Sunday 27 December is trettondedag jul, Wednesday 6 January 2027.
        ("2026-12-27", true, "2027-01-07"),
        // Fifteen days from Monday 22 December 2025 is trettondedag jul, Tuesday 6 January 2026.
        ("2025-12-22", false, "2026-01-07"),
        // Nyårsafton 2027 is a Friday and nyårsdagen a Saturday: to Monday 3 January 2028.
        ("2027-12-21", true, "2028-01-03"),
        // Julafton 2027 is a Friday; juldagen and annandag jul fall on the weekend.
        ("2027-12-09", false, "2027-12-27"),
        // Julafton 2025 is a Wednesday: julafton, juldagen, annandag jul and the weekend.
        ("2025-12-14", true, "2025-12-29"),
    ])
    func aroundNewYear(sent: String, electronically: Bool, last: String) {
        #expect(Standstill.lastDay(decisionSentOn: day(sent), electronically: electronically) == day(last))
    }

    /// Over three years of decisions sent on every day: the last day is one a period may end
    /// on, never before the tenth (fifteenth) day, and only free days lie in between. This is
    /// the rule the database's `tenders_standstill` constraint checks the stored day against.
    @Test func everyLastDayIsTheFirstWorkingDayFromTheTenthOrFifteenth() {
        var sent = day("2025-01-01")
        while sent <= day("2027-12-31") {
            for electronically in [true, false] {
                let nominal = sent.adding(days: electronically ? 10 : 15)!
                let last = Standstill.lastDay(decisionSentOn: sent, electronically: electronically)
                #expect(SwedishCalendar.isDeadlineDay(last), "\(sent)")
                #expect(last >= nominal, "\(sent)")
                var between = nominal
                while between < last {
                    #expect(!SwedishCalendar.isDeadlineDay(between), "\(sent): \(between)")
                    between = between.adding(days: 1)!
                }
                // The longest run of free days moves it five: julafton on a Wednesday (2025)
                // through the Sunday after.
                #expect(nominal.days(until: last) <= 5, "\(sent)")
                #expect(Standstill.firstContractDay(decisionSentOn: sent, electronically: electronically) == last.adding(days: 1))
            }
            sent = sent.adding(days: 1)!
        }
    }

    @Test func theContractMaySignTheDayAfter() {
        #expect(Standstill.firstContractDay(decisionSentOn: day("2026-12-14"), electronically: true) == day("2026-12-29"))
    }
}
