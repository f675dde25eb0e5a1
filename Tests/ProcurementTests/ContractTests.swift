import Foundation
import Procurement
import Testing

@Suite struct ContractTests {
    /// A framework agreement from 2026-01-01, two years and two one-year options: "2 + 1 + 1 år".
    func contract(
        start: String = "2026-01-01", end: String = "2027-12-31", options: [ContractOption]? = nil,
        activated: Bool = true, terminated: String? = nil, successor: UUID? = nil
    ) -> Contract {
        Contract(
            id: uuid(1), reference: "UK 2025/0042-1", title: "Kontorsmateriel", cpv: cpv("30192000-1"), framework: true,
            start: day(start), end: day(end),
            options: options ?? [ContractOption(ordinal: 1, months: 12), ContractOption(ordinal: 2, months: 12)],
            estimatedValue: kr("4000000"), maximumValue: kr("6000000"), callOffMethod: .ranking,
            activatedAt: activated ? Date(timeIntervalSince1970: 1_767_225_600) : nil, terminatedOn: terminated.map(day),
            successorAssignmentID: successor, supplierIDs: [uuid(2)], partyIDs: [uuid(3), uuid(4)])
    }

    func option(_ ordinal: Int, _ months: Int = 12, _ decision: OptionDecision = .open, on decided: String? = nil) -> ContractOption {
        ContractOption(ordinal: ordinal, months: months, decision: decision, decidedOn: decided.map(day))
    }

    @Test func thePeriodReadsAsSwedesWriteIt() {
        #expect(contract().periodDescription == "2 + 1 + 1 år")
        // The options in any order: they are read by their ordinal.
        #expect(contract(options: [option(2), option(1, 24)]).periodDescription == "2 + 2 + 1 år")
        #expect(contract(options: []).periodDescription == "2 år")
        // A period that does not start on the first of a month is still two years.
        #expect(contract(start: "2026-03-15", end: "2028-03-14").periodDescription == "2 + 1 + 1 år")
        // Not whole years: months.
        #expect(contract(end: "2026-06-30", options: [option(1, 6)]).periodDescription == "6 + 6 mån")
        #expect(contract(options: [option(1, 6)]).periodDescription == "24 + 6 mån")
    }

    @Test func optionsAreUsedInOrder() {
        let untouched = contract()
        #expect(untouched.nextOpenOption?.ordinal == 1)
        #expect(untouched.currentEnd == day("2027-12-31"))
        #expect(untouched.latestPossibleEnd == day("2029-12-31"))

        let first = contract(options: [option(1, 12, .exercised, on: "2027-06-01"), option(2)])
        #expect(first.nextOpenOption?.ordinal == 2)
        #expect(first.currentEnd == day("2028-12-31"))
        #expect(first.latestPossibleEnd == day("2029-12-31"))

        let both = contract(options: [option(2, 12, .exercised, on: "2028-06-01"), option(1, 12, .exercised, on: "2027-06-01")])
        #expect(both.nextOpenOption == nil)
        #expect(both.currentEnd == day("2029-12-31"))
        #expect(both.latestPossibleEnd == day("2029-12-31"))
    }

    /// Declining an option ends the extensions: the next may not be used after it (the
    /// database's `contract_options_guard` refuses any decision on it), so it is neither the
    /// next open option nor part of the latest possible end.
    @Test func aDeclinedOptionEndsTheExtensions() {
        let declined = contract(options: [option(1, 12, .declined, on: "2027-06-01"), option(2)])
        #expect(declined.nextOpenOption == nil)
        #expect(declined.currentEnd == day("2027-12-31"))
        #expect(declined.latestPossibleEnd == day("2027-12-31"))

        let secondDeclined = contract(options: [option(1, 12, .exercised, on: "2027-06-01"), option(2, 12, .declined, on: "2028-06-01"), option(3)])
        #expect(secondDeclined.nextOpenOption == nil)
        #expect(secondDeclined.currentEnd == day("2028-12-31"))
        #expect(secondDeclined.latestPossibleEnd == day("2028-12-31"))
    }

    /// An option extends the contract by whole months from the day after its current end,
    /// as `ContractPeriod` counts a period: the last day of a month stays the last day.
    @Test func anOptionRunsWholeMonthsFromTheDayAfterTheEnd() {
        // Six months from 2025-11-01 end on 30 April; six more end on 31 October, not the 30th.
        let sixAndSix = contract(start: "2025-11-01", end: "2026-04-30", options: [option(1, 6, .exercised, on: "2026-02-01")])
        #expect(sixAndSix.currentEnd == day("2026-10-31"))
        #expect(sixAndSix.currentEnd == period("2025-11-01", 6, [6]).end)
        // A year from 2022-03-01 ends on 28 February 2023; the option year ends on 29 February 2024.
        let leap = contract(start: "2022-03-01", end: "2023-02-28", options: [option(1, 12, .exercised, on: "2022-12-01")])
        #expect(leap.currentEnd == day("2024-02-29"))
        #expect(leap.currentEnd == period("2022-03-01", 12, [12]).end)
        #expect(contract(start: "2022-03-01", end: "2023-02-28", options: [option(1, 12)]).latestPossibleEnd == day("2024-02-29"))
        // A period from the middle of a month ends the day before that date.
        let midMonth = contract(start: "2026-03-15", end: "2028-03-14", options: [option(1, 12, .exercised, on: "2027-09-01"), option(2)])
        #expect(midMonth.currentEnd == day("2029-03-14"))
        #expect(midMonth.latestPossibleEnd == day("2030-03-14"))
    }

    @Test func anEarlyTerminationEndsIt() {
        let terminated = contract(options: [option(1, 12, .exercised, on: "2027-06-01"), option(2)], terminated: "2028-03-31")
        #expect(terminated.currentEnd == day("2028-03-31"))
        #expect(terminated.latestPossibleEnd == day("2028-03-31"))
        #expect(terminated.nextOpenOption == nil)
        // A termination day after the end changes nothing.
        #expect(contract(options: [], terminated: "2028-06-30").currentEnd == day("2027-12-31"))
    }

    @Test func theStatusFollowsActivationAndTheCalendar() {
        #expect(contract(activated: false).status(on: day("2026-06-01")) == .draft)
        let active = contract()
        #expect(active.status(on: day("2025-12-31")) == .signed)
        #expect(active.status(on: day("2026-01-01")) == .active)
        #expect(active.status(on: day("2027-12-31")) == .active)
        #expect(active.status(on: day("2028-01-01")) == .expired)
        // An exercised option keeps it active.
        let extended = contract(options: [option(1, 12, .exercised, on: "2027-06-01"), option(2)])
        #expect(extended.status(on: day("2028-06-01")) == .active)
        #expect(extended.status(on: day("2029-01-01")) == .expired)
        // Terminated: active through the day of termination, terminated after it.
        let terminated = contract(terminated: "2026-09-30")
        #expect(terminated.status(on: day("2026-09-30")) == .active)
        #expect(terminated.status(on: day("2026-10-01")) == .terminated)
        #expect(Set(ContractStatus.allCases.map(\.swedishName)).count == ContractStatus.allCases.count)
    }

    @Test func aContractEndingSoonWithoutSuccessorNeedsOne() {
        let ending = contract(options: [option(1, 12, .declined, on: "2027-06-01"), option(2)])
        #expect(!ending.needsSuccessor(on: day("2027-06-30"), withinMonths: 6))
        #expect(ending.needsSuccessor(on: day("2027-07-01"), withinMonths: 6))
        #expect(ending.needsSuccessor(on: day("2027-12-31"), withinMonths: 6))
        // Once an assignment procures the successor, or when it has ended or is only a draft, not.
        #expect(!contract(options: [], successor: uuid(9)).needsSuccessor(on: day("2027-09-01"), withinMonths: 6))
        #expect(!contract(options: []).needsSuccessor(on: day("2028-01-01"), withinMonths: 6))
        #expect(!contract(options: [], activated: false).needsSuccessor(on: day("2027-09-01"), withinMonths: 6))
        // Signed but not begun counts too.
        #expect(contract(start: "2026-01-01", end: "2026-03-31", options: []).needsSuccessor(on: day("2025-12-01"), withinMonths: 6))
        // An exercised option moves the horizon.
        #expect(!contract(options: [option(1, 12, .exercised, on: "2027-06-01")]).needsSuccessor(on: day("2027-09-01"), withinMonths: 6))
    }

    @Test func aDirectAwardHasNoTender() {
        #expect(contract().isDirectAward)
        var awarded = contract()
        awarded.tenderID = uuid(7)
        awarded.lotID = uuid(8)
        #expect(!awarded.isDirectAward)
    }
}

@Suite struct DirectAwardDocumentationTests {
    let limit = kr("100000")

    func documentation(method: String = "Tre leverantörer tillfrågades via e-post.", asked: Int = 3, answers: Int = 2,
                       reason: String = "Lägsta pris.", on documented: String = "2026-03-10") -> DirectAwardDocumentation {
        DirectAwardDocumentation(competitionMethod: method, suppliersAsked: asked, answersReceived: answers, winnerReason: reason,
                                 documentedOn: day(documented))
    }

    @Test func anUndocumentedDirectAwardFromTheLimitUpIsRefused() {
        let contractDay = day("2026-03-01")
        #expect(DirectAwardDocumentation.problems(nil, value: kr("99999.99"), limit: limit, contractDay: contractDay).isEmpty)
        #expect(DirectAwardDocumentation.problems(nil, value: kr("100000"), limit: limit, contractDay: contractDay) == [.required(limit: limit)])
        #expect(DirectAwardDocumentation.problems(nil, value: kr("450000"), limit: limit, contractDay: contractDay) == [.required(limit: limit)])
        // No limit known for the day: nothing to hold it against.
        #expect(DirectAwardDocumentation.problems(nil, value: kr("450000"), limit: nil, contractDay: contractDay).isEmpty)
    }

    @Test func completeDocumentationInTimeHasNoProblems() {
        #expect(DirectAwardDocumentation.problems(documentation(), value: kr("450000"), limit: limit, contractDay: day("2026-03-01")).isEmpty)
        // Documenting a small purchase is never wrong.
        #expect(DirectAwardDocumentation.problems(documentation(), value: kr("5000"), limit: limit, contractDay: day("2026-03-01")).isEmpty)
        // Nobody answered but the one chosen after asking: zero of zero is allowed too.
        #expect(DirectAwardDocumentation.problems(documentation(asked: 0, answers: 0), value: kr("450000"), limit: limit,
                                                  contractDay: day("2026-03-01")).isEmpty)
    }

    @Test func eachGapIsNamed() {
        let contractDay = day("2026-03-01")
        func problems(_ documentation: DirectAwardDocumentation) -> [DirectAwardDocumentation.Problem] {
            DirectAwardDocumentation.problems(documentation, value: kr("450000"), limit: limit, contractDay: contractDay)
        }
        #expect(problems(documentation(method: " \n")) == [.noCompetitionMethod])
        #expect(problems(documentation(reason: "")) == [.noWinnerReason])
        #expect(problems(documentation(asked: 2, answers: 3)) == [.answersExceedAsked])
        #expect(problems(documentation(method: "", asked: 1, answers: 2, reason: " ")) == [.noCompetitionMethod, .noWinnerReason, .answersExceedAsked])
    }

    @Test func documentationIsDueWithinThirtyDaysOfTheContract() {
        func problems(_ documented: String) -> [DirectAwardDocumentation.Problem] {
            DirectAwardDocumentation.problems(documentation(on: documented), value: kr("450000"), limit: limit, contractDay: day("2026-03-01"))
        }
        #expect(problems("2026-03-31").isEmpty)
        #expect(problems("2026-04-01") == [.late(dueBy: day("2026-03-31"))])
        #expect(DirectAwardDocumentation.daysAllowed == 30)
    }

    @Test func theMessagesNameTheLimitAndTheDay() {
        let required = DirectAwardDocumentation.Problem.required(limit: limit)
        #expect(required.message.contains("100000.00 SEK"))
        #expect(required.swedishMessage.contains(limit.description))
        let late = DirectAwardDocumentation.Problem.late(dueBy: day("2026-03-31"))
        #expect(late.message.contains("2026-03-31") && late.swedishMessage.contains("2026-03-31"))
        let all: [DirectAwardDocumentation.Problem] = [required, .noCompetitionMethod, .noWinnerReason, .answersExceedAsked, late]
        #expect(Set(all.map(\.swedishMessage)).count == all.count)
    }
}
