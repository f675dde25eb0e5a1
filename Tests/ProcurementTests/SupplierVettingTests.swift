import Foundation
import Procurement
import Testing

@Suite struct SupplierVettingTests {
    let supplier = uuid(1)
    let required: [SupplierCheckKind] = [.fTax, .taxesAndDebts, .exclusionGrounds]

    func check(_ kind: SupplierCheckKind, _ checkedOn: String, until: String, _ result: SupplierCheckResult = .passed) -> SupplierCheck {
        SupplierCheck(id: UUID(), supplierID: supplier, kind: kind, checkedOn: day(checkedOn), validUntil: day(until), result: result)
    }

    /// The three required checks, passed on 2026-01-10 and good through the year.
    var cleared: [SupplierCheck] {
        required.map { check($0, "2026-01-10", until: "2026-12-31") }
    }

    @Test func aSupplierWithoutChecksLacksEveryRequiredOneInOrder() {
        #expect(SupplierVetting.missingChecks([], on: day("2026-03-01")) == required)
        #expect(SupplierCheckKind.requiredBeforeContract == required)
    }

    @Test func threePassedCurrentChecksClearTheSupplier() {
        #expect(SupplierVetting.missingChecks(cleared, on: day("2026-03-01")).isEmpty)
        // On the day of the checks and on the last day they are valid.
        #expect(SupplierVetting.missingChecks(cleared, on: day("2026-01-10")).isEmpty)
        #expect(SupplierVetting.missingChecks(cleared, on: day("2026-12-31")).isEmpty)
    }

    @Test func referencesAndFinancialStandingAreNotRequired() {
        let failedExtras = cleared + [
            check(.references, "2026-02-01", until: "2026-12-31", .failed),
            check(.financialStanding, "2026-02-01", until: "2026-12-31", .failed),
        ]
        #expect(SupplierVetting.missingChecks(failedExtras, on: day("2026-03-01")).isEmpty)
        let onlyExtras = [check(.references, "2026-02-01", until: "2026-12-31"), check(.financialStanding, "2026-02-01", until: "2026-12-31")]
        #expect(SupplierVetting.missingChecks(onlyExtras, on: day("2026-03-01")) == required)
    }

    @Test func aLaterFailedCheckOverridesAPassedOne() {
        let checks = cleared + [check(.taxesAndDebts, "2026-03-01", until: "2026-03-01", .failed)]
        // Before the failed check, the passed one stands.
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-02-28")).isEmpty)
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-03-01")) == [.taxesAndDebts])
        // Still within the passed check's validity, the failure decides.
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-06-01")) == [.taxesAndDebts])
        // A new passed check after the failure clears it again.
        let settled = checks + [check(.taxesAndDebts, "2026-04-15", until: "2026-10-15")]
        #expect(SupplierVetting.missingChecks(settled, on: day("2026-06-01")).isEmpty)
    }

    /// Two checks of one kind on one day: the one recorded last decides, as the database's
    /// `supplier_cleared()` orders them by `created_at`; the checks come in the order recorded.
    @Test func ofTwoChecksOnOneDayTheOneRecordedLastDecides() {
        let passedThenFailed = cleared + [check(.fTax, "2026-01-10", until: "2026-01-10", .failed)]
        #expect(SupplierVetting.missingChecks(passedThenFailed, on: day("2026-03-01")) == [.fTax])
        let failedThenPassed = [check(.fTax, "2026-01-10", until: "2026-01-10", .failed)] + cleared
        #expect(SupplierVetting.missingChecks(failedThenPassed, on: day("2026-03-01")).isEmpty)
    }

    @Test func anExpiredCheckCountsAsMissing() {
        let checks = [
            check(.fTax, "2025-01-10", until: "2025-12-31"),
            check(.taxesAndDebts, "2026-01-10", until: "2026-04-30"),
            check(.exclusionGrounds, "2026-01-10", until: "2026-12-31"),
        ]
        #expect(SupplierVetting.missingChecks(checks, on: day("2025-12-31")) == [.taxesAndDebts, .exclusionGrounds])
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-01-01")) == required)
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-01-10")) == [.fTax])
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-04-30")) == [.fTax])
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-05-01")) == [.fTax, .taxesAndDebts])
    }

    @Test func theLatestCheckDecidesEvenWhenAnEarlierOneRunsLonger() {
        // A check valid for a year, then a new one valid for a month: once the month is over
        // the supplier must be checked again, the older check does not come back.
        let checks = cleared + [check(.exclusionGrounds, "2026-06-01", until: "2026-06-30")]
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-06-30")).isEmpty)
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-07-01")) == [.exclusionGrounds])
    }

    @Test func aCheckMadeAfterTheDayDoesNotCountYet() {
        let checks = required.map { check($0, "2026-02-01", until: "2026-12-31") }
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-01-31")) == required)
        #expect(SupplierVetting.missingChecks(checks, on: day("2026-02-01")).isEmpty)
    }

    @Test func onlyAPassedCheckWithinItsDatesIsCurrent() {
        let passed = check(.fTax, "2026-01-10", until: "2026-06-30")
        #expect(!passed.isCurrent(on: day("2026-01-09")))
        #expect(passed.isCurrent(on: day("2026-01-10")) && passed.isCurrent(on: day("2026-06-30")))
        #expect(!passed.isCurrent(on: day("2026-07-01")))
        #expect(!check(.fTax, "2026-01-10", until: "2026-06-30", .failed).isCurrent(on: day("2026-02-01")))
    }

    @Test func aSwedishSupplierHasAnOrganisationNumberAForeignOneNot() {
        let swedish = Supplier(id: uuid(2), name: "Norrlands Städ AB", nationalID: "5599990016")
        #expect(swedish.organisationNumber?.formatted == "559999-0016")
        #expect(Supplier(id: uuid(3), name: "Nordic AS", country: "NO", nationalID: "5599990016").organisationNumber == nil)
        // A wrong check digit is no organisationsnummer.
        #expect(Supplier(id: uuid(4), name: "Fel AB", nationalID: "5599990017").organisationNumber == nil)
    }

    @Test func everyKindAndResultHasASwedishName() {
        #expect(Set(SupplierCheckKind.allCases.map(\.swedishName)).count == SupplierCheckKind.allCases.count)
        #expect(SupplierCheckKind.fTax.swedishName == "F-skatt")
        #expect(SupplierCheckResult.passed.swedishName == "Godkänd" && SupplierCheckResult.failed.swedishName == "Underkänd")
    }
}
