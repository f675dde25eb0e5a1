import Foundation

/// One member organisation's seat in the joint committee (*gemensam nämnd*): its ordinary
/// member (*ledamot*) and its substitutes (*ersättare*) in the order they are called in.
public struct CommitteeSeat: Hashable, Sendable {
    public var organisationID: UUID
    public var member: UUID
    public var substitutes: [UUID]

    public init(organisationID: UUID, member: UUID, substitutes: [UUID] = []) {
        self.organisationID = organisationID
        self.member = member
        self.substitutes = substitutes
    }
}

/// Who takes part in one matter (*ärende*): for each seat, the ordinary member when present
/// and without a conflict of interest (*jäv*), otherwise the first present substitute of the
/// same organisation who is free of conflict and not serving already (KL 6 kap. 28–32 §§:
/// a member with a conflict takes no part; a substitute may serve in the member's place).
public struct MatterParticipation: Hashable, Sendable {
    public struct Serving: Hashable, Sendable {
        public var seat: UUID
        public var person: UUID
        public var isSubstitute: Bool
    }

    /// Those who take part, seat by seat; seats with nobody to serve are left out.
    public var serving: [Serving]
    /// How many seats the committee has: the base of the quorum.
    public var seats: Int

    public init(seats: [CommitteeSeat], present: Set<UUID>, conflicted: Set<UUID>) {
        self.seats = seats.count
        var taken = Set<UUID>()
        var serving: [Serving] = []
        for seat in seats {
            let candidates = [(seat.member, false)] + seat.substitutes.map { ($0, true) }
            if let (person, isSubstitute) = candidates.first(where: { person, _ in
                present.contains(person) && !conflicted.contains(person) && !taken.contains(person)
            }) {
                taken.insert(person)
                serving.append(Serving(seat: seat.organisationID, person: person, isSubstitute: isSubstitute))
            }
        }
        self.serving = serving
    }

    /// KL 6 kap. 21 §: the committee may decide only when more than half of its members take part.
    public var isQuorate: Bool { serving.count * 2 > seats }

    /// How many must take part for a quorum.
    public var quorum: Int { seats / 2 + 1 }

    public func serves(_ person: UUID) -> Bool { serving.contains { $0.person == person } }
}
