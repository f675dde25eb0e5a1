import Foundation
import Procurement
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("0", 0), ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("-0.05", -5), ("+3.10", 310),
        ("1234.5000", 123_450), ("92233720368547758.07", Int64.max),
    ] as [(String, Int64)])
    func parsesExactDecimals(text: String, ore: Int64) {
        #expect(Money(decimal: text)?.ore == ore)
    }

    @Test(arguments: ["", "-", "1.", ".5", "1.005", "1,5", "abc", "1e3", "92233720368547758.08", "1.2.3"])
    func refusesWhatIsNotAnExactAmount(text: String) {
        #expect(Money(decimal: text) == nil)
    }

    @Test func printsForPostgresAndForPeople() {
        #expect(Money(ore: 123_456_789).decimalString == "1234567.89")
        #expect(Money(ore: -5).decimalString == "-0.05")
        #expect(Money(ore: 123_456_789).description == "1\u{202F}234\u{202F}567,89\u{00A0}kr")
        #expect(Money(kronor: 700_000) + Money(ore: 1) > Money(kronor: 700_000))
    }
}

@Suite struct CalendarDateTests {
    @Test func refusesDaysThatDoNotExist() {
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "2026-1-01") == nil)
    }

    @Test func ordersAndPrints() {
        let earlier = CalendarDate(year: 2025, month: 12, day: 31)!
        let later = CalendarDate(iso: "2026-01-01")!
        #expect(earlier < later)
        #expect(later.iso == "2026-01-01")
    }

    @Test func membershipIncludesItsLastDay() throws {
        let organisation = Organisation(
            id: .init(), officeID: .init(), kind: .association, name: "Förbundet",
            organisationNumber: try OrganisationNumber(DemoNumbers.valid),
            memberFrom: CalendarDate(iso: "2020-01-01")!, memberTo: CalendarDate(iso: "2025-12-31")!)
        #expect(organisation.isMember(on: CalendarDate(iso: "2025-12-31")!))
        #expect(!organisation.isMember(on: CalendarDate(iso: "2026-01-01")!))
        #expect(!organisation.isMember(on: CalendarDate(iso: "2019-12-31")!))
    }
}
