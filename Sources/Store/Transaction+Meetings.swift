import Foundation
import Postgres
import Procurement

extension Transaction {
    public func meetings() async throws -> [Meeting] {
        try await query("SELECT \(fragment: Meeting.columns) FROM meetings ORDER BY starts_at DESC").map(Meeting.init(row:))
    }

    public func meeting(id: UUID) async throws -> Meeting? {
        try await query("SELECT \(fragment: Meeting.columns) FROM meetings WHERE id = \(id)").first.map(Meeting.init(row:))
    }

    public func insertMeeting(_ meeting: Meeting) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO meetings (office_id, id, term_id, kind, starts_at, place, adjuster_id)
            VALUES (\(officeID), \(meeting.id), \(meeting.termID), \(meeting.kind.rawValue)::meeting_kind, \(meeting.startsAt),
                    \(meeting.place), \(meeting.adjusterID))
            """)
    }

    public func insertAgendaItem(_ item: AgendaItem) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO agenda_items (office_id, id, meeting_id, position, assignment_id, title, proposal)
            VALUES (\(officeID), \(item.id), \(item.meetingID), \(item.position), \(item.assignmentID), \(item.title), \(item.proposal))
            """)
    }

    public func agendaItems(meetingID: UUID) async throws -> [AgendaItem] {
        try await query("""
            SELECT id, meeting_id, position, assignment_id, title, proposal FROM agenda_items
            WHERE meeting_id = \(meetingID) ORDER BY position
            """).map { row in
            AgendaItem(id: try row.decode(0), meetingID: try row.decode(1), position: try row.decode(2),
                       assignmentID: try row.decode(3), title: try row.decode(4), proposal: try row.decode(5))
        }
    }

    /// Records who is present (or not) at a meeting.
    public func setAttendance(meetingID: UUID, userID: UUID, present: Bool) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO attendance (office_id, meeting_id, user_id, present) VALUES (\(officeID), \(meetingID), \(userID), \(present))
            ON CONFLICT (office_id, meeting_id, user_id) DO UPDATE SET present = EXCLUDED.present, recorded_at = now()
            """)
    }

    public func present(meetingID: UUID) async throws -> Set<UUID> {
        Set(try await query("SELECT user_id FROM attendance WHERE meeting_id = \(meetingID) AND present").map { try $0.decode(0) })
    }

    public func declareConflict(meetingID: UUID, agendaItemID: UUID, userID: UUID, reason: String) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO conflict_declarations (office_id, meeting_id, agenda_item_id, user_id, reason)
            VALUES (\(officeID), \(meetingID), \(agendaItemID), \(userID), \(reason))
            """)
    }

    public func conflicts(agendaItemID: UUID) async throws -> Set<UUID> {
        Set(try await query("SELECT user_id FROM conflict_declarations WHERE agenda_item_id = \(agendaItemID)").map { try $0.decode(0) })
    }

    /// Who serves in the matter, as the database decides it (the same rule as `MatterParticipation`).
    public func serving(agendaItemID: UUID) async throws -> Set<UUID> {
        Set(try await query("SELECT user_id FROM matter_serving(\(agendaItemID))").map { try $0.decode(0) })
    }

    public func castVote(meetingID: UUID, agendaItemID: UUID, userID: UUID, question: VoteQuestion = .proposal, ballot: Ballot) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO votes (office_id, id, meeting_id, agenda_item_id, user_id, question, ballot)
            VALUES (\(officeID), \(UUID()), \(meetingID), \(agendaItemID), \(userID), \(question.rawValue)::vote_question,
                    \(ballot.rawValue)::ballot)
            """)
    }

    public func votes(agendaItemID: UUID, question: VoteQuestion = .proposal) async throws -> [UUID: Ballot] {
        var votes: [UUID: Ballot] = [:]
        for row in try await query("""
            SELECT user_id, ballot::text FROM votes WHERE agenda_item_id = \(agendaItemID) AND question = \(question.rawValue)::vote_question
            """) {
            votes[try row.decode(0)] = try row.decodeEnum(1)
        }
        return votes
    }

    /// Records the decision of a matter with the next paragraph of the year's series.
    public func recordDecision(meetingID: UUID, agendaItemID: UUID, year: Int, result: VoteCount.Result) async throws -> Decision {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        let paragraph = try await takeNumber("paragraph", year: year)
        let id = UUID()
        try await query("""
            INSERT INTO decisions (office_id, id, meeting_id, agenda_item_id, year, paragraph, outcome, yes, no, abstained,
                                   decided_by_casting_vote)
            VALUES (\(officeID), \(id), \(meetingID), \(agendaItemID), \(year), \(paragraph),
                    \(result.outcome.rawValue)::decision_outcome, \(result.yes), \(result.no), \(result.abstained),
                    \(result.decidedByCastingVote))
            """)
        return Decision(id: id, meetingID: meetingID, agendaItemID: agendaItemID, year: year, paragraph: paragraph, result: result, decidedAt: Date())
    }

    public func decisions(meetingID: UUID? = nil) async throws -> [Decision] {
        try await query("""
            SELECT id, meeting_id, agenda_item_id, year, paragraph, outcome::text, yes, no, abstained, decided_by_casting_vote, decided_at
            FROM decisions WHERE \(meetingID)::uuid IS NULL OR meeting_id = \(meetingID)
            ORDER BY year, paragraph
            """).map { row in
            Decision(
                id: try row.decode(0), meetingID: try row.decode(1), agendaItemID: try row.decode(2), year: try row.decode(3),
                paragraph: try row.decode(4),
                result: VoteCount.Result(outcome: try row.decodeEnum(5), yes: try row.decode(6), no: try row.decode(7),
                                         abstained: try row.decode(8), decidedByCastingVote: try row.decode(9)),
                decidedAt: try row.decode(10))
        }
    }

    /// Signs the minutes as chair or as adjuster, in the signed-in user's own name. False when
    /// the identity cannot see the meeting.
    public func signMinutes(meetingID: UUID, as signer: MinutesSigner, userID: UUID) async throws -> Bool {
        switch signer {
        case .chair:
            try await query("UPDATE meetings SET signed_by_chair = \(userID) WHERE id = \(meetingID)").affectedRows == 1
        case .adjuster:
            try await query("UPDATE meetings SET signed_by_adjuster = \(userID) WHERE id = \(meetingID)").affectedRows == 1
        }
    }

    public func announceMinutes(meetingID: UUID, on day: CalendarDate) async throws -> Bool {
        try await query("UPDATE meetings SET announced_on = \(day) WHERE id = \(meetingID) AND announced_on IS NULL").affectedRows == 1
    }
}

public enum VoteQuestion: String, Sendable, Codable {
    /// The proposal itself.
    case proposal
    /// A motion to send the matter back (*återremiss*), voted first.
    case referBack = "refer_back"
}

public enum MinutesSigner: Sendable {
    case chair
    case adjuster
}

extension Meeting {
    static let columns: PostgresQuery = """
        id, term_id, kind::text, starts_at, place, adjuster_id, signed_by_chair, signed_by_adjuster, minutes_signed_at, announced_on
        """

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), termID: try row.decode(1), kind: try row.decodeEnum(2), startsAt: try row.decode(3),
            place: try row.decode(4), adjusterID: try row.decode(5), signedByChair: try row.decode(6),
            signedByAdjuster: try row.decode(7), minutesSignedAt: try row.decode(8), announcedOn: try row.decode(9))
    }
}
