import Foundation

/// A vote on a proposal (*förslag*): yes, no, or abstaining (*avstår*).
public enum Ballot: String, Sendable, Codable, CaseIterable {
    case yes, no, abstain

    public var swedishName: String {
        switch self {
        case .yes: "Ja"
        case .no: "Nej"
        case .abstain: "Avstår"
        }
    }
}

/// What a committee decides on a matter.
public enum DecisionOutcome: String, Sendable, Codable, CaseIterable {
    /// *bifall*: the proposal is approved.
    case approved
    /// *avslag*: the proposal is rejected.
    case rejected
    /// *återremiss*: sent back to the office for more work.
    case referredBack = "referred_back"

    public var swedishName: String {
        switch self {
        case .approved: "Bifall"
        case .rejected: "Avslag"
        case .referredBack: "Återremiss"
        }
    }
}

/// Why votes cannot be counted into a decision.
public enum VotingProblem: Error, Hashable, Sendable {
    /// Fewer than half of the seats take part (KL 6 kap. 21 §).
    case noQuorum(serving: Int, needed: Int)
    /// Someone voted who does not take part in the matter (absent, conflicted, or not a member).
    case notServing(UUID)
    /// Not everyone who takes part has voted yet.
    case missingVotes(Int)
    /// The votes are equal and the chair, who decides them, has not voted yes or no.
    case tieWithoutCastingVote

    public var swedishMessage: String {
        switch self {
        case let .noQuorum(serving, needed):
            "Nämnden är inte beslutför: \(serving) deltar, minst \(needed) behövs (KL 6 kap. 21 §)."
        case .notServing:
            "En röst kommer från någon som inte deltar i ärendet (frånvarande, jävig eller inte ledamot)."
        case let .missingVotes(count):
            "\(count) av de tjänstgörande har inte röstat än."
        case .tieWithoutCastingVote:
            "Rösterna är lika och ordföranden har inte röstat ja eller nej. Ordföranden har utslagsröst."
        }
    }
}

extension VotingProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .noQuorum(serving, needed): "the committee is not quorate: \(serving) take part, \(needed) are needed"
        case .notServing: "a vote comes from someone who does not serve in the matter"
        case let .missingVotes(count): "\(count) of those serving have not voted"
        case .tieWithoutCastingVote: "the votes are equal and the chair has voted neither yes nor no"
        }
    }
}

/// Counting the votes of one matter: the majority of yes against no decides; abstentions count
/// for neither. When the votes are equal the chair's vote decides (*utslagsröst*). A motion
/// to refer back is voted first, the same way; if it carries, the matter goes back.
public enum VoteCount {
    public struct Result: Hashable, Sendable {
        public var outcome: DecisionOutcome
        public var yes: Int
        public var no: Int
        public var abstained: Int
        /// The chair's vote decided a tie.
        public var decidedByCastingVote: Bool

        public init(outcome: DecisionOutcome, yes: Int, no: Int, abstained: Int, decidedByCastingVote: Bool) {
            self.outcome = outcome
            self.yes = yes
            self.no = no
            self.abstained = abstained
            self.decidedByCastingVote = decidedByCastingVote
        }
    }

    public static func decide(
        participation: MatterParticipation, chair: UUID?, votes: [UUID: Ballot], referBackVotes: [UUID: Ballot]? = nil
    ) throws(VotingProblem) -> Result {
        guard participation.isQuorate else {
            throw .noQuorum(serving: participation.serving.count, needed: participation.quorum)
        }
        if let referBackVotes {
            let referral = try tally(participation: participation, chair: chair, votes: referBackVotes)
            if referral.carried {
                return Result(outcome: .referredBack, yes: referral.yes, no: referral.no, abstained: referral.abstained,
                              decidedByCastingVote: referral.castingVote)
            }
        }
        let main = try tally(participation: participation, chair: chair, votes: votes)
        return Result(outcome: main.carried ? .approved : .rejected, yes: main.yes, no: main.no, abstained: main.abstained,
                      decidedByCastingVote: main.castingVote)
    }

    private static func tally(
        participation: MatterParticipation, chair: UUID?, votes: [UUID: Ballot]
    ) throws(VotingProblem) -> (carried: Bool, yes: Int, no: Int, abstained: Int, castingVote: Bool) {
        for voter in votes.keys.sorted(by: { $0.uuidString < $1.uuidString }) where !participation.serves(voter) {
            throw .notServing(voter)
        }
        let missing = participation.serving.filter { votes[$0.person] == nil }.count
        guard missing == 0 else { throw .missingVotes(missing) }
        let yes = votes.values.filter { $0 == .yes }.count
        let no = votes.values.filter { $0 == .no }.count
        let abstained = votes.count - yes - no
        if yes != no { return (yes > no, yes, no, abstained, false) }
        guard let chair, let casting = votes[chair], casting != .abstain else { throw .tieWithoutCastingVote }
        return (casting == .yes, yes, no, abstained, true)
    }
}

/// When a decision can no longer be appealed (*laglighetsprövning*, KL 13 kap. 5 §): three
/// weeks from the day the signed minutes were announced on the notice board, moved to the next
/// weekday when that day is free (lag 1930:173).
public enum AppealPeriod {
    public static func lastDay(announcedOn announcement: CalendarDate) -> CalendarDate {
        SwedishCalendar.deadline(endingOn: announcement.adding(days: 21) ?? .latest)
    }
}
