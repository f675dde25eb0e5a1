import Foundation
import Procurement
import Testing

@Suite struct PoolingSuggestionTests {
    let krokom = uuid(1), berg = uuid(2), are = uuid(3)

    func need(_ id: Int, _ organisation: UUID, _ code: String, _ p: ContractPeriod, _ yearly: String = "100000") -> NeedSummary {
        NeedSummary(id: uuid(100 + id), organisationID: organisation, cpv: cpv(code), period: p, yearlyValue: kr(yearly))
    }

    @Test func joinsOverlappingNeedsOfOneGroup() throws {
        let a = need(1, krokom, "30192000-1", period("2026-01-01", 12), "200000")
        let b = need(2, berg, "30197000-6", period("2026-06-01", 24), "50000.50")
        let suggestions = PoolingSuggester.suggest([b, a])
        let suggestion = try #require(suggestions.first)
        #expect(suggestions.count == 1)
        #expect(suggestion.cpvGroup == "301")
        #expect(suggestion.needs == [a, b])
        #expect(suggestion.organisationIDs == [krokom, berg])
        #expect(suggestion.earliestStart == day("2026-01-01"))
        #expect(suggestion.latestEnd == day("2028-05-31"))
        #expect(suggestion.yearlyValue == kr("250000.50"))
    }

    @Test func joinsThroughAChainOfOverlaps() {
        // a and c never overlap, but both overlap b.
        let a = need(1, krokom, "30192000-1", period("2026-01-01", 12))
        let b = need(2, berg, "30192000-1", period("2026-12-01", 12))
        let c = need(3, are, "30192000-1", period("2027-11-01", 12))
        #expect(!a.period.overlaps(c.period))
        let suggestions = PoolingSuggester.suggest([c, a, b])
        #expect(suggestions.map { $0.needs.map(\.id) } == [[a.id, b.id, c.id]])
        #expect(suggestions.first?.latestEnd == day("2028-10-31"))
    }

    @Test func oneSharedDayIsEnoughAndTheNextDayIsNot() {
        let a = need(1, krokom, "30192000-1", period("2026-01-01", 12))  // to 2026-12-31
        let sameDay = need(2, berg, "30192000-1", period("2026-12-31", 12))
        let nextDay = need(3, berg, "30192000-1", period("2027-01-01", 12))
        #expect(PoolingSuggester.suggest([a, sameDay]).map(\.needs.count) == [2])
        #expect(PoolingSuggester.suggest([a, nextDay]).isEmpty)
    }

    @Test func aLongNeedKeepsTheClusterOpen() {
        // b ends before c starts, but a, which started first, still runs when c starts.
        let a = need(1, krokom, "30192000-1", period("2026-01-01", 48))
        let b = need(2, berg, "30192000-1", period("2026-02-01", 1))
        let c = need(3, are, "30192000-1", period("2029-06-01", 12))
        #expect(PoolingSuggester.suggest([a, b, c]).map(\.needs.count) == [3])
    }

    @Test func keepsGroupsAndTimesApart() {
        let offices = need(1, krokom, "30192000-1", period("2026-01-01", 12))
        let computers = need(2, berg, "30213100-6", period("2026-01-01", 12))
        let later = need(3, berg, "30197000-6", period("2027-01-01", 12))  // the day after `offices` ends
        #expect(PoolingSuggester.suggest([offices, computers, later]).isEmpty)
        let single = PoolingSuggester.suggest([offices, computers, later], minimumOrganisations: 1)
        #expect(single.count == 3)
        #expect(single.allSatisfy { $0.needs.count == 1 })
    }

    @Test func oneOrganisationAloneIsNoPooling() {
        let a = need(1, krokom, "15811000-6", period("2026-01-01", 12))
        let b = need(2, krokom, "15800000-6", period("2026-03-01", 12))
        #expect(PoolingSuggester.suggest([a, b]).isEmpty)
        #expect(PoolingSuggester.suggest([a, b], minimumOrganisations: 1).first?.organisationIDs == [krokom])
        let c = need(3, berg, "15811000-6", period("2026-06-01", 12))
        #expect(PoolingSuggester.suggest([a, b, c]).first?.organisationIDs == [krokom, berg])
        #expect(PoolingSuggester.suggest([a, b, c], minimumOrganisations: 3).isEmpty)
    }

    @Test func largestYearlyValueFirstThenGroupThenStart() {
        let needs = [
            need(1, krokom, "90911200-8", period("2026-01-01", 12), "100"),
            need(2, berg, "90911200-8", period("2026-01-01", 12), "100"),
            need(3, krokom, "30192000-1", period("2026-01-01", 12), "100"),
            need(4, berg, "30192000-1", period("2026-01-01", 12), "100"),
            need(5, krokom, "30192000-1", period("2025-01-01", 6), "100"),
            need(6, berg, "30192000-1", period("2025-01-01", 6), "100"),
            need(7, krokom, "33141000-0", period("2026-01-01", 12), "1000"),
            need(8, are, "33141000-0", period("2026-01-01", 12), "1"),
        ]
        let expected = [("331", "2026-01-01"), ("301", "2025-01-01"), ("301", "2026-01-01"), ("909", "2026-01-01")]
        for order in [needs, needs.reversed(), needs.shuffled()] {
            let suggestions = PoolingSuggester.suggest(order)
            #expect(suggestions.map { "\($0.cpvGroup) \($0.earliestStart)" } == expected.map { "\($0.0) \($0.1)" })
        }
    }
}

@Suite struct DirectPurchaseRuleTests {
    let krokom = uuid(1), berg = uuid(2)
    let table = ReferenceData.thresholds

    func limit(_ date: CalendarDate) -> Money? { table.directAwardLimit(law: .lou, buyer: .subCentral, on: date) }

    func purchase(_ id: Int, _ organisation: UUID, _ code: String, _ date: String, _ value: String) -> DirectPurchase {
        DirectPurchase(id: uuid(200 + id), organisationID: organisation, cpv: cpv(code), date: day(date), value: kr(value))
    }

    @Test func theLimitItselfIsStillAllowed() {
        let purchases = [
            purchase(1, krokom, "30192000-1", "2025-01-10", "300000"),
            purchase(2, krokom, "30197000-6", "2025-06-01", "300000"),
            purchase(3, krokom, "30192000-1", "2025-12-01", "100000"),
        ]
        #expect(DirectPurchaseRule.warnings(purchases, limit: limit).isEmpty)
        let more = purchases + [purchase(4, krokom, "30192000-1", "2025-12-01", "0.01")]
        #expect(DirectPurchaseRule.warnings(more, limit: limit) == [.directPurchasesPassLimit(
            organisationID: krokom, cpvGroup: "301", total: kr("700000.01"), limit: kr("700000"),
            from: day("2024-12-02"), to: day("2025-12-01"))])
    }

    @Test func theWindowIsTwelveMonthsIncludingBothEnds() {
        let outside = [purchase(1, krokom, "30192000-1", "2024-01-01", "400000"), purchase(2, krokom, "30192000-1", "2025-01-01", "400000")]
        #expect(DirectPurchaseRule.warnings(outside, limit: limit).isEmpty)
        let inside = [purchase(1, krokom, "30192000-1", "2024-01-02", "400000"), purchase(2, krokom, "30192000-1", "2025-01-01", "400000")]
        #expect(DirectPurchaseRule.warnings(inside, limit: limit) == [.directPurchasesPassLimit(
            organisationID: krokom, cpvGroup: "301", total: kr("800000"), limit: kr("700000"),
            from: day("2024-01-02"), to: day("2025-01-01"))])
        // A shorter window no longer holds both.
        #expect(DirectPurchaseRule.warnings(inside, limit: limit, windowMonths: 6).isEmpty)
    }

    @Test func namesTheWindowWithTheLargestTotal() {
        let purchases = [
            purchase(1, krokom, "30192000-1", "2023-01-15", "800000"),
            purchase(2, krokom, "30192000-1", "2023-03-01", "100000"),
            purchase(3, krokom, "30192000-1", "2024-02-01", "50000"),
            purchase(4, krokom, "30192000-1", "2024-02-01", "20000"),
        ]
        // Windows: 800 000; 900 000; to 2024-02-01 from 2023-02-02: 170 000 (under the limit).
        let warnings = DirectPurchaseRule.warnings(purchases.shuffled(), limit: limit)
        #expect(warnings == [.directPurchasesPassLimit(
            organisationID: krokom, cpvGroup: "301", total: kr("900000"), limit: kr("700000"),
            from: day("2022-03-02"), to: day("2023-03-01"))])
    }

    @Test func onATieNamesTheEarliestWindow() {
        let purchases = [
            purchase(1, krokom, "30192000-1", "2025-01-15", "800000"),
            purchase(2, krokom, "30192000-1", "2023-01-15", "800000"),
        ]
        #expect(DirectPurchaseRule.warnings(purchases, limit: limit) == [.directPurchasesPassLimit(
            organisationID: krokom, cpvGroup: "301", total: kr("800000"), limit: kr("700000"),
            from: day("2022-01-16"), to: day("2023-01-15"))])
    }

    @Test func usesTheLimitOfTheWindowsLastDay() {
        // 650 000 passes the 2020–2021 limit of 615 312 but not the 700 000 from 2022-02-01.
        let january = [purchase(1, krokom, "30192000-1", "2022-01-20", "650000")]
        #expect(DirectPurchaseRule.warnings(january, limit: limit).first == .directPurchasesPassLimit(
            organisationID: krokom, cpvGroup: "301", total: kr("650000"), limit: kr("615312"),
            from: day("2021-01-21"), to: day("2022-01-20")))
        let february = [purchase(1, krokom, "30192000-1", "2022-02-01", "650000")]
        #expect(DirectPurchaseRule.warnings(february, limit: limit).isEmpty)
        // No limit known, no guess.
        #expect(DirectPurchaseRule.warnings(january, limit: { _ in nil }).isEmpty)
    }

    @Test func countsEachOrganisationAndGroupApart() {
        let purchases = [
            purchase(1, berg, "30192000-1", "2025-03-01", "400000"),
            purchase(2, krokom, "30192000-1", "2025-03-01", "400000"),
            purchase(3, krokom, "30213100-6", "2025-03-01", "400000"),
            purchase(4, berg, "30213300-8", "2025-04-01", "400000"),
            purchase(5, berg, "30213100-6", "2025-05-01", "400000"),
            purchase(6, krokom, "90911200-8", "2025-05-01", "800000"),
            purchase(7, krokom, "30192000-1", "2025-05-01", "300000"),
        ]
        let warnings = DirectPurchaseRule.warnings(purchases, limit: limit)
        let keys = warnings.map { warning -> String in
            guard case let .directPurchasesPassLimit(organisation, group, total, _, _, _) = warning else { return "?" }
            return "\(organisation == krokom ? "krokom" : "berg") \(group) \(total.decimalString)"
        }
        // Krokom's 301 reaches exactly 700 000, Berg's two 302 codes add up to 800 000.
        #expect(keys == ["krokom 909 800000.00", "berg 302 800000.00"])
        #expect(warnings.first?.swedishMessage.contains("CPV-grupp 909") == true)
    }
}

@Suite struct ContractOverlapRuleTests {
    let krokom = uuid(1), berg = uuid(2)

    @Test func warnsWhenTheOrganisationAlreadyHasAContract() {
        let need = NeedSummary(id: uuid(10), organisationID: krokom, cpv: cpv("30192000-1"), period: period("2026-06-01", 12), yearlyValue: kr("1"))
        let contract = ContractSummary(id: uuid(20), organisationIDs: [berg, krokom], cpv: cpv("30197000-6"), period: period("2025-01-01", 12, [6]))
        let warnings = ContractOverlapRule.warnings(needs: [need], contracts: [contract])
        #expect(warnings == [.overlapsContract(needID: uuid(10), contractID: uuid(20), cpvGroup: "301")])
        #expect(warnings[0].swedishMessage.contains("CPV-grupp (301)"))

        var otherParty = contract
        otherParty.organisationIDs = [berg]
        var otherGroup = contract
        otherGroup.cpv = cpv("30213100-6")
        var ended = contract
        ended.period = period("2025-01-01", 12, [5])  // ends 2026-05-31
        #expect(ContractOverlapRule.warnings(needs: [need], contracts: [otherParty, otherGroup, ended]).isEmpty)
    }
}
