import Foundation
import Procurement

/// The demo committees: Jämtland's of eight seats for the term 2023–2026, with the
/// assignment to pool office supplies on the agenda of the coming meeting and the fuel
/// assignment decided at a signed meeting of 2025; and Mittnorr's small one with one signed
/// decision, so that every committee table has another office's rows beside Jämtland's.
extension DemoData {
    struct CommitteeSeed {
        var term: CommitteeTerm
        var mandates: [CommitteeMandate]
        var assignments: [(Assignment, year: Int)]
        var meetings: [MeetingSeed]
        var rowCount: Int { 1 + mandates.count + assignments.count + meetings.reduce(0) { $0 + $1.rowCount } }
    }

    struct MeetingSeed {
        var meeting: Meeting
        var items: [AgendaItem]
        var present: [UUID]
        var absent: [UUID]
        var conflicts: [(item: UUID, user: UUID)]
        var votes: [(item: UUID, user: UUID, ballot: Ballot)]
        var decisions: [(item: UUID, year: Int, result: VoteCount.Result)]
        /// Signed by the chair and the adjuster, and announced on this day.
        var signedAndAnnouncedOn: CalendarDate?
        var chair: UUID
        var rowCount: Int { 1 + items.count + present.count + absent.count + conflicts.count + votes.count + decisions.count }
    }

    /// The ordinary members of Jämtland's committee beside the chair (Östersund) and Krokom's
    /// member, who have accounts already.
    static let jamtlandCommitteeMembers: [(String, String, String)] = [
        ("ledamot.are@jamtland.example", "Göran Fjäll (demo)", "2321"),
        ("ledamot.stromsund@jamtland.example", "Maj Lindh (demo)", "2313"),
        ("ledamot.harjedalen@jamtland.example", "Tomas Funäs (demo)", "2361"),
        ("ledamot.berg@jamtland.example", "Elin Svenstavik (demo)", "2326"),
        ("ledamot.bracke@jamtland.example", "Rune Gällö (demo)", "2305"),
        ("ledamot.ragunda@jamtland.example", "Britt Hammarstrand (demo)", "2303"),
    ]

    static func jamtlandCommittee(today: CalendarDate) -> CommitteeSeed {
        let org = { (code: String) in id("org/jamtland/\(code)") }
        let user = { (email: String) in id("user/\(email)") }
        let term = CommitteeTerm(id: id("term/jamtland/2023"), name: "2023–2026",
                                 startsOn: CalendarDate(year: 2023, month: 1, day: 1)!, endsOn: CalendarDate(year: 2026, month: 12, day: 31)!)
        var members: [(String, UUID)] = [("2380", user("ordforande@jamtland.example")), ("2309", user("krokom@jamtland.example"))]
        members += jamtlandCommitteeMembers.map { ($0.2, user($0.0)) }
        var mandates = members.map { code, person in
            CommitteeMandate(id: id("mandate/jamtland/\(code)"), termID: term.id, organisationID: org(code), userID: person,
                             position: .member(presiding: code == "2380" ? .chair : code == "2321" ? .viceChair : nil))
        }
        mandates.append(CommitteeMandate(id: id("mandate/jamtland/2309/1"), termID: term.id, organisationID: org("2309"),
                                         userID: user("ersattare.krokom@jamtland.example"), position: .substitute(rank: 1)))
        let officeSupplies = Assignment(
            id: id("assignment/jamtland/kontorsmateriel"), caseNumber: CaseNumber(prefix: "UK", year: today.year, serial: 1),
            title: "Samordnad upphandling av kontorsmateriel och papper",
            scope: "Genomföra en samordnad upphandling av ramavtal för kontorsmateriel och papper för Östersunds, Krokoms och Strömsunds kommuner.",
            pooledProcurementID: id("pooled/jamtland/kontorsmateriel"), estimatedValue: Money(kronor: 5_320_000), status: .proposed)
        let fuel = Assignment(
            id: id("assignment/jamtland/drivmedel-2025"), caseNumber: CaseNumber(prefix: "UK", year: 2024, serial: 1),
            title: "Samordnad upphandling av drivmedel 2025",
            scope: "Genomföra en samordnad upphandling av drivmedel för Östersund, Krokom, Åre och Härjedalen.",
            pooledProcurementID: id("pooled/jamtland/drivmedel-2025"), estimatedValue: Money(kronor: 17_200_000), status: .approved)
        let coming = Meeting(id: id("meeting/jamtland/coming"), termID: term.id,
                             startsAt: Date(timeIntervalSince1970: Double(today.adding(days: 21)!.dayNumber) * 86_400 + 9 * 3600),
                             place: "Rådhuset, Östersund", adjusterID: user("ledamot.stromsund@jamtland.example"))
        let past = Meeting(id: id("meeting/jamtland/2024-11"), termID: term.id, startsAt: Date(timeIntervalSince1970: 1_731_931_200),
                           place: "Rådhuset, Östersund", adjusterID: user("krokom@jamtland.example"))
        let pastItem = AgendaItem(id: id("item/jamtland/2024-11/1"), meetingID: past.id, position: 1, assignmentID: fuel.id,
                                  title: fuel.title, proposal: "Nämnden ger upphandlingskontoret i uppdrag att genomföra upphandlingen.")
        let present = members.filter { $0.0 != "2326" }.map(\.1)
        return CommitteeSeed(
            term: term, mandates: mandates, assignments: [(officeSupplies, today.year), (fuel, 2024)],
            meetings: [
                MeetingSeed(
                    meeting: coming,
                    items: [AgendaItem(id: id("item/jamtland/coming/1"), meetingID: coming.id, position: 1, assignmentID: officeSupplies.id,
                                       title: officeSupplies.title, proposal: "Nämnden ger upphandlingskontoret i uppdrag att genomföra upphandlingen enligt förslaget.")],
                    present: [], absent: [], conflicts: [], votes: [], decisions: [], signedAndAnnouncedOn: nil,
                    chair: user("ordforande@jamtland.example")),
                MeetingSeed(
                    meeting: past, items: [pastItem], present: present, absent: [user("ledamot.berg@jamtland.example")],
                    conflicts: [],
                    votes: present.map { (pastItem.id, $0, Ballot.yes) },
                    decisions: [(pastItem.id, 2024, VoteCount.Result(outcome: .approved, yes: present.count, no: 0, abstained: 0, decidedByCastingVote: false))],
                    signedAndAnnouncedOn: CalendarDate(year: 2024, month: 11, day: 22)!, chair: user("ordforande@jamtland.example")),
            ])
    }

    static func mittnorrCommittee(today: CalendarDate) -> CommitteeSeed {
        let user = { (email: String) in id("user/\(email)") }
        let term = CommitteeTerm(id: id("term/mittnorr/2023"), name: "2023–2026",
                                 startsOn: CalendarDate(year: 2023, month: 1, day: 1)!, endsOn: CalendarDate(year: 2026, month: 12, day: 31)!)
        let chair = user("ordforande@mittnorr.example")
        let member = user("ledamot.harnosand@mittnorr.example")
        let assignment = Assignment(
            id: id("assignment/mittnorr/moebler"), caseNumber: CaseNumber(prefix: "IM", year: 2026, serial: 1),
            title: "Samordnad upphandling av skol- och kontorsmöbler", scope: "Möbler för Sundsvall.",
            pooledProcurementID: id("pooled/mittnorr/moebler"), estimatedValue: nil, status: .approved)
        let meeting = Meeting(id: id("meeting/mittnorr/2026-10"), termID: term.id, startsAt: Date(timeIntervalSince1970: 1_792_400_000),
                              place: "Stadshuset, Sundsvall", adjusterID: member)
        let decided = AgendaItem(id: id("item/mittnorr/1"), meetingID: meeting.id, position: 1, assignmentID: assignment.id,
                                 title: assignment.title, proposal: "Bifall.")
        let other = AgendaItem(id: id("item/mittnorr/2"), meetingID: meeting.id, position: 2, assignmentID: nil,
                               title: "Information om avtalsuppföljning", proposal: "Informationen noteras.")
        return CommitteeSeed(
            term: term,
            mandates: [
                CommitteeMandate(id: id("mandate/mittnorr/2281"), termID: term.id, organisationID: id("org/mittnorr/2281"), userID: chair, position: .member(presiding: .chair)),
                CommitteeMandate(id: id("mandate/mittnorr/2280"), termID: term.id, organisationID: id("org/mittnorr/2280"), userID: member, position: .member(presiding: nil)),
            ],
            assignments: [(assignment, 2026)],
            meetings: [MeetingSeed(
                meeting: meeting, items: [decided, other], present: [chair, member], absent: [],
                conflicts: [(other.id, member)], votes: [(decided.id, chair, .yes), (decided.id, member, .yes)],
                decisions: [(decided.id, 2026, VoteCount.Result(outcome: .approved, yes: 2, no: 0, abstained: 0, decidedByCastingVote: false))],
                signedAndAnnouncedOn: CalendarDate(year: 2026, month: 10, day: 20)!, chair: chair)])
    }

    /// Adds an office's committee demo unless its term is there already.
    static func loadCommittee(_ seed: CommitteeSeed, in transaction: Transaction) async throws -> Int {
        guard try await transaction.committeeTerms().isEmpty else { return 0 }
        try await transaction.insertCommitteeTerm(seed.term)
        for mandate in seed.mandates { try await transaction.insertCommitteeMandate(mandate) }
        for (assignment, year) in seed.assignments {
            let created = try await transaction.createAssignment(
                id: assignment.id, year: year, title: assignment.title, scope: assignment.scope,
                pooledProcurementID: assignment.pooledProcurementID, estimatedValue: assignment.estimatedValue, createdBy: nil)
            if assignment.status != created.status { try await transaction.setAssignmentStatus(id: assignment.id, to: assignment.status) }
        }
        for seed in seed.meetings {
            let meeting = seed.meeting
            try await transaction.insertMeeting(meeting)
            for item in seed.items { try await transaction.insertAgendaItem(item) }
            for person in seed.present { try await transaction.setAttendance(meetingID: meeting.id, userID: person, present: true) }
            for person in seed.absent { try await transaction.setAttendance(meetingID: meeting.id, userID: person, present: false) }
            for (item, person) in seed.conflicts {
                try await transaction.declareConflict(meetingID: meeting.id, agendaItemID: item, userID: person, reason: "Jäv (demo)")
            }
            for (item, person, ballot) in seed.votes {
                try await transaction.castVote(meetingID: meeting.id, agendaItemID: item, userID: person, ballot: ballot)
            }
            for (item, year, result) in seed.decisions {
                _ = try await transaction.recordDecision(meetingID: meeting.id, agendaItemID: item, year: year, result: result)
            }
            if let announced = seed.signedAndAnnouncedOn, let adjuster = meeting.adjusterID {
                _ = try await transaction.signMinutes(meetingID: meeting.id, as: .chair, userID: seed.chair)
                _ = try await transaction.signMinutes(meetingID: meeting.id, as: .adjuster, userID: adjuster)
                _ = try await transaction.announceMinutes(meetingID: meeting.id, on: announced)
            }
        }
        return seed.rowCount
    }

    /// How many committee rows the demo adds to both offices.
    public static func committeeRowCount(today: CalendarDate) -> Int {
        jamtlandCommittee(today: today).rowCount + mittnorrCommittee(today: today).rowCount
    }
}
