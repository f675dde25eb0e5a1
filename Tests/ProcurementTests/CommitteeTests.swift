import Foundation
import Procurement
import Testing

@Suite struct CommitteeTests {
    // Five seats: A–E, each with a member and one or two substitutes.
    let people = (0..<15).map { _ in UUID() }
    var seats: [CommitteeSeat] {
        (0..<5).map { index in
            CommitteeSeat(organisationID: UUID(uuidString: "00000000-0000-0000-0000-00000000000\(index)")!,
                          member: people[index * 3], substitutes: [people[index * 3 + 1], people[index * 3 + 2]])
        }
    }
    var members: [UUID] { seats.map(\.member) }

    @Test func moreThanHalfOfTheSeatsMakeAQuorum() {
        let three = MatterParticipation(seats: seats, present: Set(members.prefix(3)), conflicted: [])
        #expect(three.isQuorate && three.quorum == 3)
        let two = MatterParticipation(seats: seats, present: Set(members.prefix(2)), conflicted: [])
        #expect(!two.isQuorate)
        // Six seats: three is half, not more than half.
        let six = seats + [CommitteeSeat(organisationID: UUID(), member: UUID())]
        #expect(!MatterParticipation(seats: six, present: Set(members.prefix(3)), conflicted: []).isQuorate)
        #expect(MatterParticipation(seats: six, present: Set(members.prefix(4)), conflicted: []).quorum == 4)
    }

    @Test func aSubstituteServesForAnAbsentOrConflictedMember() {
        // Seat 0's member is absent: the first substitute serves.
        var present = Set(members.dropFirst()).union([people[1]])
        var participation = MatterParticipation(seats: seats, present: present, conflicted: [])
        #expect(participation.serves(people[1]) && !participation.serves(people[0]))
        #expect(participation.serving.first { $0.person == people[1] }?.isSubstitute == true)
        // Seat 1's member declares a conflict: takes no part, and the present substitute serves.
        present.insert(people[5])
        participation = MatterParticipation(seats: seats, present: present, conflicted: [people[3]])
        #expect(!participation.serves(people[3]) && participation.serves(people[5]))
        // A conflicted substitute does not serve either; the next one does, if present.
        participation = MatterParticipation(seats: seats, present: present.union([people[4]]), conflicted: [people[3], people[4]])
        #expect(participation.serves(people[5]) && !participation.serves(people[4]))
        // A substitute of another organisation never serves for this seat.
        participation = MatterParticipation(seats: seats, present: Set(members.dropFirst()).union([people[4]]), conflicted: [])
        #expect(participation.serving.count == 4)
    }

    @Test func theMajorityDecidesAndAbstentionsCountForNeither() throws {
        let participation = MatterParticipation(seats: seats, present: Set(members), conflicted: [])
        let result = try VoteCount.decide(participation: participation, chair: members[0], votes: [
            members[0]: .no, members[1]: .yes, members[2]: .yes, members[3]: .abstain, members[4]: .abstain,
        ])
        #expect(result.outcome == .approved && result.yes == 2 && result.no == 1 && result.abstained == 2 && !result.decidedByCastingVote)
    }

    @Test func aTieIsDecidedByTheChair() throws {
        let participation = MatterParticipation(seats: seats, present: Set(members), conflicted: [])
        let votes: [UUID: Ballot] = [members[0]: .no, members[1]: .yes, members[2]: .yes, members[3]: .no, members[4]: .abstain]
        let result = try VoteCount.decide(participation: participation, chair: members[0], votes: votes)
        #expect(result.outcome == .rejected && result.decidedByCastingVote)
        #expect(try VoteCount.decide(participation: participation, chair: members[1], votes: votes).outcome == .approved)
        #expect(throws: VotingProblem.tieWithoutCastingVote) {
            try VoteCount.decide(participation: participation, chair: members[4], votes: votes)
        }
    }

    @Test func aReferralBackIsVotedFirst() throws {
        let participation = MatterParticipation(seats: seats, present: Set(members), conflicted: [])
        let all = Dictionary(uniqueKeysWithValues: members.map { ($0, Ballot.yes) })
        let referral: [UUID: Ballot] = [members[0]: .yes, members[1]: .yes, members[2]: .yes, members[3]: .no, members[4]: .no]
        #expect(try VoteCount.decide(participation: participation, chair: members[0], votes: all, referBackVotes: referral).outcome == .referredBack)
        let notReferred: [UUID: Ballot] = [members[0]: .no, members[1]: .no, members[2]: .no, members[3]: .yes, members[4]: .yes]
        #expect(try VoteCount.decide(participation: participation, chair: members[0], votes: all, referBackVotes: notReferred).outcome == .approved)
    }

    @Test func votesWithoutQuorumOrFromOutsideAreRefused() {
        let few = MatterParticipation(seats: seats, present: Set(members.prefix(2)), conflicted: [])
        #expect(throws: VotingProblem.noQuorum(serving: 2, needed: 3)) {
            try VoteCount.decide(participation: few, chair: members[0], votes: [members[0]: .yes, members[1]: .yes])
        }
        let participation = MatterParticipation(seats: seats, present: Set(members), conflicted: [members[2]])
        // The conflicted member's vote is refused, even though they are present.
        #expect(throws: VotingProblem.notServing(members[2])) {
            try VoteCount.decide(participation: participation, chair: members[0], votes: [
                members[0]: .yes, members[1]: .yes, members[2]: .yes, members[3]: .yes, members[4]: .yes,
            ])
        }
        #expect(throws: VotingProblem.missingVotes(1)) {
            try VoteCount.decide(participation: participation, chair: members[0], votes: [members[0]: .yes, members[1]: .yes, members[3]: .no])
        }
    }

    @Test(arguments: [
        // Announced Monday 2026-11-23: three weeks later is Monday 2026-12-14.
        ("2026-11-23", "2026-12-14"),
        // Announced Thursday 2026-12-03: 2026-12-24 is julafton, then juldagen and the weekend.
        ("2026-12-03", "2026-12-28"),
        // Announced 2026-05-29: 2026-06-19 is midsommarafton.
        ("2026-05-29", "2026-06-22"),
    ])
    func theAppealPeriodEndsThreeWeeksAfterTheAnnouncementOnAWeekday(announced: String, last: String) {
        #expect(AppealPeriod.lastDay(announcedOn: CalendarDate(iso: announced)!) == CalendarDate(iso: last)!)
    }
}
