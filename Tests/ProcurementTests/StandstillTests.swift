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

    @Test func theContractMaySignTheDayAfter() {
        #expect(Standstill.firstContractDay(decisionSentOn: day("2026-12-14"), electronically: true) == day("2026-12-29"))
    }
}
