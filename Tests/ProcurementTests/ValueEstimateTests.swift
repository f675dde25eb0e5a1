import Foundation
import Procurement
import Testing

@Suite struct ContractPeriodTests {
    @Test func twoPlusOnePlusOneYears() throws {
        let p = try ContractPeriod.make(start: day("2026-01-01"), months: 24, optionMonths: [12, 12])
        #expect(p.totalMonths == 48)
        #expect(p.baseEnd == day("2027-12-31"))
        #expect(p.end == day("2029-12-31"))
    }

    @Test func endsTheDayBeforeTheSameDateLikePostgreSQL() {
        #expect(period("2026-03-15", 1).end == day("2026-04-14"))
        #expect(period("2026-01-31", 1).end == day("2026-02-27"))
        #expect(period("2024-02-29", 12).end == day("2025-02-27"))
        #expect(period("2026-07-01", 6, [3]).baseEnd == day("2026-12-31"))
        #expect(period("2026-07-01", 6, [3]).end == day("2027-03-31"))
        #expect(period("9999-01-01", 11).end == day("9999-11-30"))
    }

    @Test(arguments: [
        (0, [Int](), ContractPeriodProblem.baseTooShort(months: 0)),
        (-12, [], .baseTooShort(months: -12)),
        (12, [12, 0], .optionTooShort(months: 0)),
        (12, [-1], .optionTooShort(months: -1)),
        (1200, [1], .tooLong(totalMonths: 1201)),
        (1, [Int.max], .tooLong(totalMonths: Int.max)),
    ])
    func refusesImpossiblePeriods(months: Int, options: [Int], problem: ContractPeriodProblem) {
        #expect(throws: problem) { try ContractPeriod(start: day("2026-01-01"), months: months, optionMonths: options) }
        #expect(!problem.swedishMessage.isEmpty)
    }

    @Test func refusesAPeriodPastTheCalendar() {
        #expect(throws: ContractPeriodProblem.endsOutsideCalendar) { try ContractPeriod(start: day("9990-01-01"), months: 1200) }
        #expect(ContractPeriodProblem.tooLong(totalMonths: 1300).swedishMessage
            == "Avtalsperioden med förlängningar blir 1300 månader. Ange högst 1200 månader.")
    }

    @Test func overlapsWhenTheyShareADay() {
        let a = period("2026-01-01", 12)  // to 2026-12-31
        #expect(a.overlaps(period("2026-12-31", 1)))
        #expect(period("2026-12-31", 1).overlaps(a))
        #expect(!a.overlaps(period("2027-01-01", 12)))
        #expect(!period("2027-01-01", 12).overlaps(a))
        #expect(a.overlaps(period("2025-01-01", 12, [1])))
        #expect(!a.overlaps(period("2025-01-01", 12)))
        #expect(a.overlaps(period("2026-05-01", 1)))
    }

    @Test func decodesOnlyValidPeriods() throws {
        let p = period("2026-01-01", 24, [12, 12])
        let data = try JSONEncoder().encode(p)
        #expect(try JSONDecoder().decode(ContractPeriod.self, from: data) == p)
        let bad = Data(#"{"start":"2026-01-01","months":0,"optionMonths":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ContractPeriod.self, from: bad) }
        let noOptions = Data(#"{"start":"2026-01-01","months":6}"#.utf8)
        #expect(try JSONDecoder().decode(ContractPeriod.self, from: noOptions) == period("2026-01-01", 6))
    }
}

@Suite struct ValueEstimatorTests {
    @Test func addsUpParticipantsOverEveryOption() {
        let fourYears = period("2026-01-01", 24, [12, 12])
        let yearly = [kr("1000000"), kr("250000.50"), kr("333333.33")]
        #expect(ValueEstimator.estimate(yearlyValues: yearly, period: fourYears) == kr("6333335.32"))
        #expect(ValueEstimator.estimate(yearlyValue: kr("250000.50"), period: fourYears) == kr("1000002"))
        // Without the options the value would be half, under a threshold it belongs above.
        #expect(ValueEstimator.estimate(yearlyValues: yearly, period: period("2026-01-01", 24)) == kr("3166667.66"))
    }

    @Test(arguments: [
        (Int64(100), 1, Int64(9)),  // 8.33 öre rounds up
        (1200, 1, 100), (1, 12, 1), (1, 1, 1), (11, 1, 1), (13, 1, 2), (0, 60, 0), (-100, 1, -8),
        (100_000_000, 18, 150_000_000), (100_000_001, 18, 150_000_002),
    ])
    func roundsUpToTheOre(yearlyOre: Int64, months: Int, expectedOre: Int64) {
        #expect(ValueEstimator.estimate(yearlyValue: Money(ore: yearlyOre), period: period("2026-01-01", months)) == Money(ore: expectedOre))
    }

    @Test func roundsTheTotalNotTheParts() {
        let oneMonth = period("2026-01-01", 1)
        let parts = Array(repeating: Money(ore: 100), count: 3)
        #expect(ValueEstimator.estimate(yearlyValues: parts, period: oneMonth) == Money(ore: 25))
        #expect(parts.map { ValueEstimator.estimate(yearlyValue: $0, period: oneMonth) }.reduce(.zero, +) == Money(ore: 27))
    }

    @Test func saturatesInsteadOfOverflowing() {
        let huge = Money(ore: .max)
        #expect(ValueEstimator.estimate(yearlyValues: [huge, huge], period: period("2026-01-01", 48)) == huge)
        #expect(ValueEstimator.estimate(yearlyValues: [Money(ore: .min), Money(ore: .min)], period: period("2026-01-01", 48)) == Money(ore: .min))
        #expect(ValueEstimator.estimate(yearlyValues: [huge, Money(ore: -1)], period: period("2026-01-01", 12)) == Money(ore: .max - 1))
        #expect(ValueEstimator.estimate(yearlyValues: [], period: period("2026-01-01", 12)) == .zero)
    }

    @Test func aPooledValueCrossesTheThresholdThatNoPartDoes() throws {
        let fourYears = period("2024-01-01", 24, [12, 12])
        let yearly = [kr("150000"), kr("200000"), kr("250000")]
        func classify(_ value: Money) throws -> Procedure {
            try Classifier.classify(value: value, law: .lou, contractType: .services, buyer: .subCentral,
                                    on: day("2024-01-01"), thresholds: ReferenceData.thresholds).procedure
        }
        #expect(try yearly.allSatisfy { try classify(ValueEstimator.estimate(yearlyValue: $0, period: fourYears)) != .eu })
        #expect(try classify(ValueEstimator.estimate(yearlyValues: yearly, period: fourYears)) == .eu)
    }
}

@Suite struct FrameworkWarningTests {
    let terms = FrameworkTerms(estimatedValue: kr("4000000"), maximumValue: kr("6000000"))

    @Test func fourYearsWithOptionsIsAllowed() {
        #expect(ValueEstimator.frameworkWarnings(period: period("2026-01-01", 24, [12, 12]), terms: terms).isEmpty)
        #expect(ValueEstimator.frameworkWarnings(period: period("2026-01-01", 48), terms: terms).isEmpty)
    }

    @Test func warnsBeyondFourYearsCountingOptions() {
        let warnings = ValueEstimator.frameworkWarnings(period: period("2026-01-01", 24, [12, 12, 1]), terms: terms)
        #expect(warnings == [.frameworkLongerThanFourYears(totalMonths: 49)])
        #expect(warnings[0].swedishMessage.hasPrefix("Ramavtalet löper 49 månader med alla förlängningar."))
        #expect(warnings[0].swedishMessage.contains("LOU 7 kap. 2 §"))
    }

    @Test func warnsWithoutAMaximumOrWithAMaximumBelowTheEstimate() {
        let p = period("2026-01-01", 60)
        let missing = FrameworkTerms(estimatedValue: kr("4000000"), maximumValue: nil)
        #expect(ValueEstimator.frameworkWarnings(period: p, terms: missing) == [.frameworkLongerThanFourYears(totalMonths: 60), .frameworkWithoutMaximum])
        let low = FrameworkTerms(estimatedValue: kr("4000000"), maximumValue: kr("3999999.99"))
        let warnings = ValueEstimator.frameworkWarnings(period: period("2026-01-01", 12), terms: low)
        #expect(warnings == [.maximumBelowEstimate(estimated: kr("4000000"), maximum: kr("3999999.99"))])
        #expect(warnings[0].swedishMessage.contains("3\u{202F}999\u{202F}999,99\u{00A0}kr"))
        let equal = FrameworkTerms(estimatedValue: kr("4000000"), maximumValue: kr("4000000"))
        #expect(ValueEstimator.frameworkWarnings(period: period("2026-01-01", 12), terms: equal).isEmpty)
        #expect(PoolingWarning.frameworkWithoutMaximum.swedishMessage.contains("C-23/20"))
    }
}
