import Foundation
import Hummingbird
import Procurement
import Store

/// The JSON API of the joint committee, under `/api/v1`: its seats, the assignments it gives
/// the office, its meetings with attendance, conflicts, votes and decisions, the signing of the
/// minutes; and, for anyone, an office's signed decisions.
struct CommitteeAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var actions: CommitteeActions { CommitteeActions(database: database, configuration: configuration) }
    static let staff: Set<Role> = [.administrator, .procurer]
    static let committee: Set<Role> = [.committeeChair, .committeeMember, .committeeSubstitute]

    struct SeatView: Encodable {
        var mandateID: UUID
        var organisationID: UUID
        var userID: UUID
        var name: String
        var position: String
        var rank: Int?
        var presiding: CommitteeMandate.Presiding?
        init(_ entry: RosterEntry) {
            mandateID = entry.mandate.id
            organisationID = entry.mandate.organisationID
            userID = entry.mandate.userID
            name = entry.name
            switch entry.mandate.position {
            case .member(let chair): position = "member"; presiding = chair
            case .substitute(let value): position = "substitute"; rank = value
            }
        }
    }
    struct CommitteeView: ResponseEncodable {
        var term: TermView?
        var seats: [SeatView]
    }
    struct TermView: ResponseEncodable { var id: UUID; var name: String; var startsOn: CalendarDate; var endsOn: CalendarDate }
    struct AssignmentView: ResponseEncodable {
        var id: UUID
        var caseNumber: String
        var title: String
        var scope: String
        var pooledProcurementID: UUID?
        var estimatedValue: String?
        var status: AssignmentStatus
        var procurerID: UUID?
        var report: String?
        init(_ assignment: Assignment) {
            id = assignment.id
            caseNumber = assignment.caseNumber.description
            title = assignment.title
            scope = assignment.scope
            pooledProcurementID = assignment.pooledProcurementID
            estimatedValue = assignment.estimatedValue?.decimalString
            status = assignment.status
            procurerID = assignment.procurerID
            report = assignment.report
        }
    }
    struct AssignmentList: ResponseEncodable { var assignments: [AssignmentView] }
    struct DecisionView: Encodable {
        var paragraph: Int
        var label: String
        var year: Int
        var outcome: DecisionOutcome
        var yes: Int
        var no: Int
        var abstained: Int
        var decidedByCastingVote: Bool
        init(_ decision: Decision) {
            paragraph = decision.paragraph
            label = decision.paragraphLabel
            year = decision.year
            outcome = decision.result.outcome
            yes = decision.result.yes
            no = decision.result.no
            abstained = decision.result.abstained
            decidedByCastingVote = decision.result.decidedByCastingVote
        }
    }
    struct ItemView: Encodable {
        var id: UUID
        var position: Int
        var title: String
        var proposal: String
        var assignmentID: UUID?
        /// Only for the office and the committee.
        var serving: [UUID]?
        var conflicted: [UUID]?
        var quorate: Bool?
        var votesCast: Int?
        var ownVote: Ballot?
        var decision: DecisionView?
    }
    struct MeetingView: ResponseEncodable {
        var id: UUID
        var kind: Meeting.Kind
        var startsAt: Date
        var place: String
        var adjusterID: UUID?
        var signedByChair: UUID?
        var signedByAdjuster: UUID?
        var minutesSignedAt: Date?
        var announcedOn: CalendarDate?
        var appealEndsOn: CalendarDate?
        var present: [UUID]?
        var items: [ItemView]
    }
    struct MeetingList: ResponseEncodable { var meetings: [MeetingView] }
    struct PublicDecision: Encodable {
        var paragraph: String
        var year: Int
        var meetingDate: CalendarDate
        var title: String
        var outcome: DecisionOutcome
        var outcomeName: String
        var announcedOn: CalendarDate?
        var appealEndsOn: CalendarDate?
    }
    struct PublicDecisions: ResponseEncodable { var office: Office.Listing; var decisions: [PublicDecision] }
    struct Attendance: Decodable { var userID: UUID; var present: Bool }
    struct Conflict: Decodable { var reason: String? }
    struct VoteInput: Decodable { var ballot: Ballot; var question: VoteQuestion? }
    struct Signature: Decodable { var role: String }
    struct Announcement: Decodable { var date: CalendarDate? }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.get("committee") { _, context -> CommitteeView in
            let signedIn = try context.requireSignedIn()
            let today = configuration.today()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                var current = try await transaction.committeeTerm(on: today)
                if current == nil { current = try await transaction.committeeTerms().first }
                guard let term = current else { return CommitteeView(term: nil, seats: []) }
                return CommitteeView(
                    term: TermView(id: term.id, name: term.name, startsOn: term.startsOn, endsOn: term.endsOn),
                    seats: try await transaction.committeeRoster(termID: term.id).map(SeatView.init))
            }
        }
        api.post("committee/terms") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let term = try await actions.createTerm(signedIn, try await request.decode(as: CommitteeActions.NewTerm.self, context: context))
            return try TermView(id: term.id, name: term.name, startsOn: term.startsOn, endsOn: term.endsOn).jsonResponse(status: .created)
        }
        api.post("committee/terms/:id/mandates") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let termID = try context.uuid("id")
            let input = try await request.decode(as: CommitteeActions.NewMandate.self, context: context)
            return try await actions.addMandate(signedIn, termID: termID, input) { transaction, mandate in
                guard let entry = try await transaction.committeeRoster(termID: termID).first(where: { $0.mandate.id == mandate.id }) else {
                    throw AppError.notFound("mandate \(mandate.id)")
                }
                return try SeatView(entry).jsonResponse(status: .created)
            }
        }

        api.get("assignments") { _, context -> AssignmentList in
            let signedIn = try context.requireSignedIn()
            return AssignmentList(assignments: try await database.transaction(as: signedIn.identity, readOnly: true) {
                try await $0.assignments().map(AssignmentView.init)
            })
        }
        api.post("assignments") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let input = try await request.decode(as: CommitteeActions.NewAssignment.self, context: context)
            return try AssignmentView(try await actions.createAssignment(signedIn, input)).jsonResponse(status: .created)
        }
        api.patch("assignments/:id") { request, context -> AssignmentView in
            let signedIn = try context.require(Self.staff)
            let patch = try await request.decode(as: CommitteeActions.AssignmentPatch.self, context: context)
            return AssignmentView(try await actions.moveAssignment(signedIn, id: try context.uuid("id"), patch))
        }

        api.get("meetings") { _, context -> MeetingList in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                var views: [MeetingView] = []
                for meeting in try await transaction.meetings() { views.append(try await view(meeting, signedIn, transaction)) }
                return MeetingList(meetings: views)
            }
        }
        api.get("meetings/:id") { _, context -> MeetingView in
            let signedIn = try context.requireSignedIn()
            return try await meetingView(signedIn, try context.uuid("id"))
        }
        api.post("meetings") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let input = try await request.decode(as: CommitteeActions.NewMeeting.self, context: context)
            return try await actions.scheduleMeeting(signedIn, input) { transaction, meeting in
                try await view(meeting, signedIn, transaction).jsonResponse(status: .created)
            }
        }
        api.put("meetings/:id/attendance") { request, context -> MeetingView in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: Attendance.self, context: context)
            return try await actions.setAttendance(signedIn, meetingID: id, userID: input.userID, present: input.present) {
                try await meetingView(signedIn, id, in: $0)
            }
        }
        api.post("meetings/:id/items/:item/conflict") { request, context -> MeetingView in
            let signedIn = try context.require(Self.committee)
            let id = try context.uuid("id")
            let input = try await request.decode(as: Conflict.self, context: context)
            return try await actions.declareConflict(signedIn, meetingID: id, itemID: try context.uuid("item"), reason: input.reason) {
                try await meetingView(signedIn, id, in: $0)
            }
        }
        api.put("meetings/:id/items/:item/vote") { request, context -> MeetingView in
            let signedIn = try context.require(Self.committee)
            let id = try context.uuid("id")
            let input = try await request.decode(as: VoteInput.self, context: context)
            return try await actions.vote(
                signedIn, meetingID: id, itemID: try context.uuid("item"), ballot: input.ballot, question: input.question ?? .proposal
            ) { try await meetingView(signedIn, id, in: $0) }
        }
        api.post("meetings/:id/items/:item/decision") { _, context -> MeetingView in
            let signedIn = try context.require(Self.staff.union([.committeeChair]))
            let id = try context.uuid("id")
            return try await actions.decide(signedIn, meetingID: id, itemID: try context.uuid("item")) { transaction, _ in
                try await meetingView(signedIn, id, in: transaction)
            }
        }
        api.post("meetings/:id/signature") { request, context -> MeetingView in
            let signedIn = try context.require(Self.committee)
            let id = try context.uuid("id")
            let input = try await request.decode(as: Signature.self, context: context)
            guard let signer: MinutesSigner = ["chair": .chair, "adjuster": .adjuster][input.role] else {
                throw AppError.invalid("`role` must be `chair` or `adjuster`").swedish("Välj att justera som ordförande eller justerare.")
            }
            return try await actions.sign(signedIn, meetingID: id, as: signer) { transaction, meeting in
                try await view(meeting, signedIn, transaction)
            }
        }
        api.post("meetings/:id/announcement") { request, context -> MeetingView in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: Announcement.self, context: context)
            return try await actions.announce(signedIn, meetingID: id, on: input.date) { transaction, meeting in
                try await view(meeting, signedIn, transaction)
            }
        }

        // Public records: an office's signed decisions, for anyone.
        api.get("offices/:slug/decisions") { _, context -> PublicDecisions in
            try await Self.publicDecisions(database, slug: try context.parameters.require("slug"))
        }
    }

    /// An office's signed decisions, newest first, as anyone may read them: the JSON API's
    /// and the public page's one read.
    static func publicDecisions(_ database: Database, slug: String) async throws -> PublicDecisions {
        let offices = try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        guard let office = offices.first(where: { $0.slug == slug }) else { throw AppError.notFound("office \(slug)") }
        return try await database.transaction(as: .publicReader(of: office.id), readOnly: true) { transaction in
            let meetings = Dictionary(uniqueKeysWithValues: try await transaction.meetings().map { ($0.id, $0) })
            var decisions: [PublicDecision] = []
            var titles: [UUID: String] = [:]
            for meeting in meetings.values {
                for item in try await transaction.agendaItems(meetingID: meeting.id) { titles[item.id] = item.title }
            }
            for decision in try await transaction.decisions() {
                guard let meeting = meetings[decision.meetingID] else { continue }
                decisions.append(PublicDecision(
                    paragraph: decision.paragraphLabel, year: decision.year, meetingDate: CalendarDate.on(meeting.startsAt),
                    title: titles[decision.agendaItemID] ?? "", outcome: decision.result.outcome,
                    outcomeName: decision.result.outcome.swedishName, announcedOn: meeting.announcedOn,
                    appealEndsOn: meeting.appealEndsOn))
            }
            // The store gives them by year and paragraph number; newest first.
            return PublicDecisions(office: office, decisions: decisions.reversed())
        }
    }

    private func meetingView(_ signedIn: Authenticated, _ id: UUID) async throws -> MeetingView {
        try await database.transaction(as: signedIn.identity, readOnly: true) { try await meetingView(signedIn, id, in: $0) }
    }

    /// The meeting as the identity sees it, read in `transaction`: a write answers from the
    /// transaction that made it, so an outage after the commit cannot turn it into an error.
    private func meetingView(_ signedIn: Authenticated, _ id: UUID, in transaction: Transaction) async throws -> MeetingView {
        guard let meeting = try await transaction.meeting(id: id) else { throw AppError.notFound("meeting \(id)") }
        return try await view(meeting, signedIn, transaction)
    }

    private func view(_ meeting: Meeting, _ signedIn: Authenticated, _ transaction: Transaction) async throws -> MeetingView {
        let role = signedIn.activeRole?.role
        let insider = role.map { $0.isOfficeStaff || Self.committee.contains($0) } ?? false
        let decisions = Dictionary(uniqueKeysWithValues: try await transaction.decisions(meetingID: meeting.id).map { ($0.agendaItemID, $0) })
        var items: [ItemView] = []
        var seats = 0
        if insider { seats = try await transaction.committeeRoster(termID: meeting.termID).filter { if case .member = $0.mandate.position { true } else { false } }.count }
        for item in try await transaction.agendaItems(meetingID: meeting.id) {
            var view = ItemView(id: item.id, position: item.position, title: item.title, proposal: item.proposal,
                                assignmentID: item.assignmentID, decision: decisions[item.id].map(DecisionView.init))
            if insider {
                let serving = try await transaction.serving(agendaItemID: item.id)
                let votes = try await transaction.votes(agendaItemID: item.id)
                view.serving = serving.sorted { $0.uuidString < $1.uuidString }
                view.conflicted = try await transaction.conflicts(agendaItemID: item.id).sorted { $0.uuidString < $1.uuidString }
                view.quorate = serving.count * 2 > seats
                view.votesCast = votes.count
                view.ownVote = votes[signedIn.userID]
            }
            items.append(view)
        }
        let present = insider ? try await transaction.present(meetingID: meeting.id).sorted { $0.uuidString < $1.uuidString } : nil
        return MeetingView(
            id: meeting.id, kind: meeting.kind, startsAt: meeting.startsAt, place: meeting.place, adjusterID: meeting.adjusterID,
            signedByChair: meeting.signedByChair, signedByAdjuster: meeting.signedByAdjuster, minutesSignedAt: meeting.minutesSignedAt,
            announcedOn: meeting.announcedOn, appealEndsOn: meeting.appealEndsOn,
            present: present, items: items)
    }
}
