import Foundation
import Procurement
import Testing

/// The instant of a Swedish wall-clock time: `stockholm("2026-04-07", 12, 0)`.
func stockholm(_ date: String, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .stockholm
    let day = CalendarDate(iso: date)!
    return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, second: second))!
}

@Suite struct TenderScheduleTests {
    /// A tender whose dates all make sense: planned in January, a dialogue in February, the
    /// notice in March, the deadline and opening on Tuesday 7 April 2026 (the day after annandag
    /// påsk), the award decision sent on Monday 4 May. Ten days later is Thursday 14 May, Kristi
    /// himmelsfärdsdag, so the standstill runs through Friday 15 May; the contract is signed on
    /// Monday 18 May.
    static let sound = TenderSchedule(
        planningFrom: day("2026-01-12"), earlyDialogueOn: day("2026-02-02"), noticePublishedOn: day("2026-03-02"),
        noticeReference: "2026/S 044-123456", tenderDeadline: stockholm("2026-04-07", 12),
        openingAt: stockholm("2026-04-07", 13), awardDecisionOn: day("2026-05-04"), contractSignedOn: day("2026-05-18"))

    func problems(_ edit: (inout TenderSchedule) -> Void) -> [TenderScheduleProblem] {
        var schedule = Self.sound
        edit(&schedule)
        return schedule.problems()
    }

    @Test func aSoundScheduleHasNoProblems() {
        #expect(Self.sound.problems().isEmpty)
        #expect(Self.sound.standstillLastDay == day("2026-05-15"))
        // Only a planning date is a schedule too.
        #expect(TenderSchedule(planningFrom: day("2026-01-12")).problems().isEmpty)
    }

    @Test func theEarlyDialogueComesAfterPlanningAndBeforeTheNotice() {
        #expect(problems { $0.earlyDialogueOn = day("2026-01-11") } == [.dialogueBeforePlanning])
        #expect(problems { $0.earlyDialogueOn = day("2026-03-03") } == [.dialogueAfterNotice])
        // On the day of the notice is still before it.
        #expect(problems { $0.earlyDialogueOn = day("2026-03-02") }.isEmpty)
        #expect(problems { $0.earlyDialogueOn = day("2026-01-12") }.isEmpty)
    }

    @Test func theNoticeComesAfterPlanningWithItsReference() {
        #expect(problems { $0.earlyDialogueOn = nil; $0.noticePublishedOn = day("2026-01-05") } == [.noticeBeforePlanning])
        #expect(problems { $0.noticeReference = nil } == [.noticeWithoutReference])
        #expect(problems { $0.noticeReference = "  " } == [.noticeWithoutReference])
        // A reference alone, with no day of publication, is as incomplete (the database agrees).
        #expect(TenderSchedule(planningFrom: day("2026-01-12"), noticeReference: "TED 2026/S 1-1").problems() == [.referenceWithoutNotice])
    }

    @Test func theDeadlineNeedsANoticeAndFallsOnALaterDay() {
        #expect(problems { $0.noticePublishedOn = nil; $0.noticeReference = nil } == [.deadlineWithoutNotice])
        // Late on the day of the notice is not after it.
        #expect(problems {
            $0.tenderDeadline = stockholm("2026-03-02", 23, 59)
            $0.openingAt = stockholm("2026-03-03", 9)
        } == [.deadlineNotAfterNotice])
        // 23:30 UTC on 2 March is already 3 March in Sweden: the Swedish day counts.
        #expect(problems {
            $0.tenderDeadline = stockholm("2026-03-03", 0, 30)
            $0.openingAt = stockholm("2026-03-03", 9)
        }.isEmpty)
    }

    @Test func theOpeningNeedsADeadlineAndComesAtOrAfterIt() {
        #expect(problems { $0.tenderDeadline = nil } == [.openingWithoutDeadline])
        #expect(problems { $0.openingAt = stockholm("2026-04-07", 11, 59, 59) } == [.openingBeforeDeadline])
        // Opening the moment the deadline passes is allowed.
        #expect(problems { $0.openingAt = $0.tenderDeadline }.isEmpty)
    }

    @Test func theAwardDecisionNeedsAnOpeningAndComesOnOrAfterItsDay() {
        #expect(problems { $0.openingAt = nil } == [.awardWithoutOpening])
        #expect(problems { $0.awardDecisionOn = day("2026-04-06") } == [.awardBeforeOpening])
        #expect(problems { $0.awardDecisionOn = day("2026-04-07"); $0.contractSignedOn = nil }.isEmpty)
    }

    @Test func theContractWaitsForTheAwardAndTheStandstill() {
        #expect(problems { $0.awardDecisionOn = nil } == [.contractWithoutAward])
        // On the standstill's last day, or on the day before it (Kristi himmelsfärdsdag): too early.
        #expect(problems { $0.contractSignedOn = day("2026-05-15") } == [.contractDuringStandstill(lastDay: day("2026-05-15"))])
        #expect(problems { $0.contractSignedOn = day("2026-05-14") } == [.contractDuringStandstill(lastDay: day("2026-05-15"))])
        #expect(problems { $0.contractSignedOn = day("2026-05-16") }.isEmpty)
        // Sent by post, fifteen days: through Tuesday 19 May.
        #expect(problems { $0.awardSentElectronically = false } == [.contractDuringStandstill(lastDay: day("2026-05-19"))])
        #expect(problems { $0.awardSentElectronically = false; $0.contractSignedOn = day("2026-05-20") }.isEmpty)
    }

    @Test func aCancellationHasADateAndAReasonAndNoContract() {
        func cancelled(_ edit: (inout TenderSchedule) -> Void) -> [TenderScheduleProblem] {
            problems { schedule in
                schedule.contractSignedOn = nil
                schedule.cancelledOn = day("2026-04-20")
                schedule.cancellationReason = "Inga anbud uppfyllde kraven."
                edit(&schedule)
            }
        }
        #expect(cancelled { _ in }.isEmpty)
        #expect(cancelled { $0.cancellationReason = nil } == [.cancellationWithoutReason])
        #expect(cancelled { $0.cancellationReason = " \n" } == [.cancellationWithoutReason])
        #expect(cancelled { $0.cancelledOn = day("2026-01-11") } == [.cancelledBeforePlanning])
        #expect(cancelled { $0.contractSignedOn = day("2026-05-18") } == [.cancelledAfterContract])
        #expect(problems { $0.cancellationReason = "Budgeten drogs in." } == [.reasonWithoutCancellation])
    }

    @Test func problemsComeInTheOrderOfTheStages() {
        var schedule = TenderSchedule(planningFrom: day("2026-01-12"), earlyDialogueOn: day("2026-01-01"))
        schedule.openingAt = stockholm("2026-04-07", 13)
        schedule.cancellationReason = "Utan datum"
        #expect(schedule.problems() == [.dialogueBeforePlanning, .openingWithoutDeadline, .reasonWithoutCancellation])
    }

    @Test func everyProblemSaysWhatIsWrongInEnglishAndSwedish() {
        let all: [TenderScheduleProblem] = [
            .dialogueBeforePlanning, .noticeBeforePlanning, .dialogueAfterNotice, .noticeWithoutReference, .referenceWithoutNotice, .deadlineWithoutNotice,
            .deadlineNotAfterNotice, .openingWithoutDeadline, .openingBeforeDeadline, .awardWithoutOpening, .awardBeforeOpening,
            .contractWithoutAward, .contractDuringStandstill(lastDay: day("2026-05-15")), .cancellationWithoutReason,
            .cancelledBeforePlanning, .cancelledAfterContract, .reasonWithoutCancellation,
        ]
        #expect(Set(all.map(\.message)).count == all.count)
        #expect(Set(all.map(\.swedishMessage)).count == all.count)
        #expect(TenderScheduleProblem.contractDuringStandstill(lastDay: day("2026-05-15")).message.contains("2026-05-15"))
        #expect(TenderScheduleProblem.contractDuringStandstill(lastDay: day("2026-05-15")).swedishMessage.contains("2026-05-15"))
    }

    @Test func theStageFollowsTheClockAroundEachDate() {
        let schedule = Self.sound
        func stage(_ date: String, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> TenderStage {
            schedule.stage(at: stockholm(date, hour, minute, second))
        }
        #expect(stage("2026-01-05", 12) == .planning)
        #expect(stage("2026-02-01", 23, 59, 59) == .planning)
        #expect(stage("2026-02-02", 0) == .earlyDialogue)
        #expect(stage("2026-03-01", 23, 59, 59) == .earlyDialogue)
        #expect(stage("2026-03-02", 0) == .tendering)
        // A bid received at the deadline itself is on time (the database's `bids_guard` refuses
        // only one received after it): the tender period ends after that instant.
        #expect(stage("2026-04-07", 11, 59, 59) == .tendering)
        #expect(schedule.stage(at: schedule.tenderDeadline!) == .tendering)
        #expect(stage("2026-04-07", 12, 0, 1) == .awaitingOpening)
        // The bids may be read from the opening instant on.
        #expect(stage("2026-04-07", 12, 59, 59) == .awaitingOpening)
        #expect(schedule.stage(at: schedule.openingAt!) == .evaluation)
        #expect(stage("2026-05-03", 23, 59) == .evaluation)
        // The standstill from the day of the award decision through its last day.
        #expect(stage("2026-05-04", 0) == .standstill)
        #expect(stage("2026-05-15", 23, 59, 59) == .standstill)
        #expect(stage("2026-05-16", 0) == .awaitingContract)
        #expect(stage("2026-05-18", 8) == .contracted)
    }

    @Test func theStageIsReckonedInSwedishTime() {
        // 23:30 UTC on 1 February is 00:30 on 2 February in Stockholm: the dialogue has begun.
        let utc = ISO8601DateFormatter().date(from: "2026-02-01T23:30:00Z")!
        #expect(Self.sound.stage(at: utc) == .earlyDialogue)
        #expect(Self.sound.stage(at: utc, timeZone: TimeZone(identifier: "UTC")!) == .planning)
    }

    @Test func aCancelledTenderIsCancelledFromItsDay() {
        var schedule = Self.sound
        schedule.contractSignedOn = nil
        schedule.cancelledOn = day("2026-04-20")
        schedule.cancellationReason = "Inga anbud uppfyllde kraven."
        #expect(schedule.stage(at: stockholm("2026-04-19", 23, 59)) == .evaluation)
        #expect(schedule.stage(at: stockholm("2026-04-20", 0)) == .cancelled)
        #expect(schedule.stage(at: stockholm("2026-06-01", 12)) == .cancelled)
    }

    @Test func aTenderWithoutDialogueGoesFromPlanningToTendering() {
        var schedule = Self.sound
        schedule.earlyDialogueOn = nil
        #expect(schedule.stage(at: stockholm("2026-02-15", 12)) == .planning)
        #expect(schedule.stage(at: stockholm("2026-03-02", 12)) == .tendering)
    }

    @Test func everyStageHasASwedishName() {
        #expect(Set(TenderStage.allCases.map(\.swedishName)).count == TenderStage.allCases.count)
    }
}
