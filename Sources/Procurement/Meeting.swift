import Foundation

/// A term of office (*mandatperiod*) of the joint committee.
public struct CommitteeTerm: Hashable, Sendable {
    public var id: UUID
    public var name: String
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate

    public init(id: UUID, name: String, startsOn: CalendarDate, endsOn: CalendarDate) {
        self.id = id
        self.name = name
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// A person's place in the committee for a term.
public struct CommitteeMandate: Hashable, Sendable {
    public enum Position: Hashable, Sendable {
        /// *ledamot*; `presiding` for the chair (*ordförande*) or vice chair (*vice ordförande*).
        case member(presiding: Presiding?)
        /// *ersättare*, called in by rank.
        case substitute(rank: Int)
    }

    public enum Presiding: String, Sendable, Codable {
        case chair
        case viceChair = "vice_chair"
    }

    public var id: UUID
    public var termID: UUID
    public var organisationID: UUID
    public var userID: UUID
    public var position: Position

    public init(id: UUID, termID: UUID, organisationID: UUID, userID: UUID, position: Position) {
        self.id = id
        self.termID = termID
        self.organisationID = organisationID
        self.userID = userID
        self.position = position
    }

    /// The term's seats for the rules: each organisation's member and substitutes in rank order.
    public static func seats(_ mandates: [CommitteeMandate]) -> [CommitteeSeat] {
        Dictionary(grouping: mandates, by: \.organisationID).compactMap { organisationID, mandates in
            var member: UUID?
            var substitutes: [(Int, UUID)] = []
            for mandate in mandates {
                switch mandate.position {
                case .member: member = mandate.userID
                case .substitute(let rank): substitutes.append((rank, mandate.userID))
                }
            }
            return member.map {
                CommitteeSeat(organisationID: organisationID, member: $0, substitutes: substitutes.sorted { $0.0 < $1.0 }.map(\.1))
            }
        }.sorted { $0.organisationID.uuidString < $1.organisationID.uuidString }
    }
}

/// A meeting (*sammanträde*) of the committee, or a decision between meetings by written
/// procedure (*per capsulam*).
public struct Meeting: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case meeting
        case perCapsulam = "per_capsulam"
    }

    public var id: UUID
    public var termID: UUID
    public var kind: Kind
    public var startsAt: Date
    public var place: String
    /// The member who checks the minutes with the chair (*justerare*).
    public var adjusterID: UUID?
    public var signedByChair: UUID?
    public var signedByAdjuster: UUID?
    /// When both had signed (*justerat*): from then on the record does not change.
    public var minutesSignedAt: Date?
    /// The day the signing was announced on the notice board (*anslag*): the appeal period runs from it.
    public var announcedOn: CalendarDate?

    public init(
        id: UUID, termID: UUID, kind: Kind = .meeting, startsAt: Date, place: String, adjusterID: UUID? = nil,
        signedByChair: UUID? = nil, signedByAdjuster: UUID? = nil, minutesSignedAt: Date? = nil, announcedOn: CalendarDate? = nil
    ) {
        self.id = id
        self.termID = termID
        self.kind = kind
        self.startsAt = startsAt
        self.place = place
        self.adjusterID = adjusterID
        self.signedByChair = signedByChair
        self.signedByAdjuster = signedByAdjuster
        self.minutesSignedAt = minutesSignedAt
        self.announcedOn = announcedOn
    }

    public var isSigned: Bool { minutesSignedAt != nil }

    /// The last day to appeal its decisions, once the signing is announced.
    public var appealEndsOn: CalendarDate? { announcedOn.map { AppealPeriod.lastDay(announcedOn: $0) } }
}

/// A matter (*ärende*) on a meeting's agenda.
public struct AgendaItem: Hashable, Sendable {
    public var id: UUID
    public var meetingID: UUID
    public var position: Int
    public var assignmentID: UUID?
    public var title: String
    public var proposal: String

    public init(id: UUID, meetingID: UUID, position: Int, assignmentID: UUID?, title: String, proposal: String) {
        self.id = id
        self.meetingID = meetingID
        self.position = position
        self.assignmentID = assignmentID
        self.title = title
        self.proposal = proposal
    }
}

/// A decision (*beslut*) with its paragraph (*§*) in the committee's series of the year.
public struct Decision: Hashable, Sendable {
    public var id: UUID
    public var meetingID: UUID
    public var agendaItemID: UUID
    public var year: Int
    public var paragraph: Int
    public var result: VoteCount.Result
    public var decidedAt: Date

    public init(id: UUID, meetingID: UUID, agendaItemID: UUID, year: Int, paragraph: Int, result: VoteCount.Result, decidedAt: Date) {
        self.id = id
        self.meetingID = meetingID
        self.agendaItemID = agendaItemID
        self.year = year
        self.paragraph = paragraph
        self.result = result
        self.decidedAt = decidedAt
    }

    /// `§ 12`.
    public var paragraphLabel: String { "§ \(paragraph)" }
}
