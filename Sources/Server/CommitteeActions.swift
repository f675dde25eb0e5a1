import Foundation
import Procurement
import Store

/// What the office and the committee do with assignments and meetings. The rules are the pure
/// module's (who serves, quorum, the count); the database refuses again what must never happen.
struct CommitteeActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    struct NewTerm: Decodable, Sendable { var name: String; var startsOn: CalendarDate; var endsOn: CalendarDate }

    func createTerm(_ signedIn: Authenticated, _ input: NewTerm) async throws -> CommitteeTerm {
        let name = try Input.text(input.name, field: "name", label: "mandatperiodens namn", maxLength: 100)
        guard input.startsOn <= input.endsOn else {
            throw AppError.invalid("`endsOn` is before `startsOn`").swedish("Mandatperioden kan inte sluta innan den börjar.")
        }
        let term = CommitteeTerm(id: UUID(), name: name, startsOn: input.startsOn, endsOn: input.endsOn)
        try await database.transaction(as: signedIn.identity) { try await $0.insertCommitteeTerm(term) }
        return term
    }

    struct NewMandate: Decodable, Sendable {
        var organisationID: UUID
        var userID: UUID
        var position: String
        var rank: Int?
        var presiding: CommitteeMandate.Presiding?
    }

    func addMandate(_ signedIn: Authenticated, termID: UUID, _ input: NewMandate) async throws -> CommitteeMandate {
        try await addMandate(signedIn, termID: termID, input) { $1 }
    }

    func addMandate<T>(
        _ signedIn: Authenticated, termID: UUID, _ input: NewMandate, respond: (Transaction, CommitteeMandate) async throws -> T
    ) async throws -> T {
        let position: CommitteeMandate.Position
        switch input.position {
        case "member": position = .member(presiding: input.presiding)
        case "substitute":
            guard let rank = input.rank, (1...20).contains(rank), input.presiding == nil else {
                throw AppError.invalid("a substitute needs a `rank` from 1 to 20 and presides over nothing")
                    .swedish("Ange ersättarens ordning (1–20).")
            }
            position = .substitute(rank: rank)
        default:
            throw AppError.invalid("`position` must be `member` or `substitute`").swedish("Välj ledamot eller ersättare.")
        }
        let mandate = CommitteeMandate(id: UUID(), termID: termID, organisationID: input.organisationID, userID: input.userID, position: position)
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard try await transaction.committeeTerms().contains(where: { $0.id == termID }) else { throw AppError.notFound("term \(termID)") }
            guard try await transaction.organisation(id: input.organisationID) != nil else { throw AppError.notFound("organisation \(input.organisationID)") }
            guard try await transaction.user(id: input.userID) != nil else { throw AppError.notFound("user \(input.userID)") }
            try await transaction.insertCommitteeMandate(mandate)
            return try await respond(transaction, mandate)
        }
    }

    struct NewAssignment: Decodable, Sendable {
        var title: String?
        var scope: String?
        var pooledProcurementID: UUID?
    }

    /// Drafts an assignment, with the next case number of the year, as proposed to the
    /// committee; from a pooled procurement its title, scope and estimated value by default.
    func createAssignment(_ signedIn: Authenticated, _ input: NewAssignment) async throws -> Assignment {
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity) { transaction in
            var title = input.title
            var scope = input.scope ?? ""
            var value: Money?
            if let id = input.pooledProcurementID {
                guard let procurement = try await transaction.pooledProcurement(id: id) else { throw AppError.notFound("pooled procurement \(id)") }
                let totals = try await transaction.pooledTotals()[id] ?? .none
                let assessment = PooledAssessment(of: procurement, totals: totals, thresholds: try await transaction.thresholdTable())
                let members = try await transaction.participants(of: id).filter(\.counts)
                let organisations = Dictionary(uniqueKeysWithValues: try await transaction.organisations().map { ($0.id, $0.name) })
                title = title ?? "Samordnad upphandling: \(procurement.title)"
                if scope.isEmpty {
                    scope = "Genomföra upphandlingen \(procurement.title) för " + members.compactMap { organisations[$0.organisationID] }.sorted().joined(separator: ", ") + "."
                }
                value = assessment.estimatedValue
            }
            let checkedTitle = try Input.text(title, field: "title", label: "en rubrik", maxLength: 200)
            let checkedScope = try Input.text(scope, field: "scope", label: "uppdragets omfattning", maxLength: 8000, required: false)
            return try await transaction.createAssignment(
                id: UUID(), year: today.year, title: checkedTitle, scope: checkedScope, pooledProcurementID: input.pooledProcurementID,
                estimatedValue: value, createdBy: signedIn.userID)
        }
    }

    struct AssignmentPatch: Decodable, Sendable {
        var status: AssignmentStatus
        var procurerID: UUID?
        var report: String?
    }

    func moveAssignment(_ signedIn: Authenticated, id: UUID, _ patch: AssignmentPatch) async throws -> Assignment {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard var assignment = try await transaction.assignment(id: id) else { throw AppError.notFound("assignment \(id)") }
            guard assignment.status.canMove(to: patch.status) else {
                throw AppError.conflict("an assignment that is \(assignment.status.rawValue) cannot become \(patch.status.rawValue)")
                    .swedish("Uppdraget har status \(assignment.status.swedishName.lowercased()) och kan inte få status \(patch.status.swedishName.lowercased()).")
            }
            if patch.status == .inProgress {
                guard let procurer = patch.procurerID ?? assignment.procurerID, try await transaction.user(id: procurer) != nil else {
                    throw AppError.invalid("give the `procurerID` who carries it out").swedish("Välj den upphandlare som ska genomföra uppdraget.")
                }
                assignment.procurerID = procurer
            }
            if patch.status == .reported {
                assignment.report = try Input.text(patch.report, field: "report", label: "återrapporten", maxLength: 8000)
            }
            guard try await transaction.setAssignmentStatus(id: id, to: patch.status, procurerID: assignment.procurerID, report: assignment.report) else {
                throw AppError.forbidden
            }
            assignment.status = patch.status
            return assignment
        }
    }

    struct NewMeeting: Decodable, Sendable {
        struct Item: Decodable, Sendable { var assignmentID: UUID?; var title: String?; var proposal: String? }
        var startsAt: Date
        var place: String?
        var adjusterID: UUID?
        var perCapsulam: Bool?
        var items: [Item]
    }

    func scheduleMeeting(_ signedIn: Authenticated, _ input: NewMeeting) async throws -> Meeting {
        try await scheduleMeeting(signedIn, input) { $1 }
    }

    func scheduleMeeting<T>(_ signedIn: Authenticated, _ input: NewMeeting, respond: (Transaction, Meeting) async throws -> T) async throws -> T {
        guard !input.items.isEmpty, input.items.count <= 100 else {
            throw AppError.invalid("a meeting needs 1 to 100 `items`").swedish("Lägg minst ett ärende på dagordningen.")
        }
        let place = try Input.text(input.place, field: "place", label: "platsen", maxLength: 200, required: false)
        return try await database.transaction(as: signedIn.identity) { transaction in
            let day = CalendarDate.on(input.startsAt)
            guard let term = try await transaction.committeeTerm(on: day) else {
                throw AppError.invalid("no committee term covers \(day)").swedish("Ingen mandatperiod omfattar \(day). Lägg in mandatperioden först.")
            }
            if let adjuster = input.adjusterID, !(try await transaction.committeeRoster(termID: term.id).contains { $0.mandate.userID == adjuster }) {
                throw AppError.invalid("the adjuster must sit on the committee").swedish("Justeraren ska vara ledamot eller ersättare i nämnden.")
            }
            let meeting = Meeting(id: UUID(), termID: term.id, kind: input.perCapsulam == true ? .perCapsulam : .meeting,
                                  startsAt: input.startsAt, place: place, adjusterID: input.adjusterID)
            try await transaction.insertMeeting(meeting)
            for (index, item) in input.items.enumerated() {
                var title = item.title
                var proposal = item.proposal
                if let id = item.assignmentID {
                    guard let assignment = try await transaction.assignment(id: id) else { throw AppError.notFound("assignment \(id)") }
                    switch assignment.status {
                    case .proposed:
                        title = title ?? "\(assignment.caseNumber) \(assignment.title)"
                        proposal = proposal ?? "Nämnden ger upphandlingskontoret i uppdrag att genomföra uppdraget enligt förslaget."
                    case .reported:
                        // The office reports back; the committee takes note (its decision leaves the status).
                        title = title ?? "Återrapport: \(assignment.caseNumber) \(assignment.title)"
                        proposal = proposal ?? "Nämnden lägger återrapporten till handlingarna."
                    default:
                        throw AppError.conflict("assignment \(assignment.caseNumber) is neither proposed nor reported")
                            .swedish("Uppdraget \(assignment.caseNumber) är varken föreslaget eller återrapporterat och kan inte tas upp.")
                    }
                }
                try await transaction.insertAgendaItem(AgendaItem(
                    id: UUID(), meetingID: meeting.id, position: index + 1, assignmentID: item.assignmentID,
                    title: try Input.text(title, field: "items[\(index)].title", label: "ärendets rubrik", maxLength: 200),
                    proposal: try Input.text(proposal, field: "items[\(index)].proposal", label: "förslaget", maxLength: 8000, required: false)))
            }
            return try await respond(transaction, meeting)
        }
    }

    func setAttendance<Answer>(
        _ signedIn: Authenticated, meetingID: UUID, userID: UUID, present: Bool, answer: (Transaction) async throws -> Answer
    ) async throws -> Answer {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard let meeting = try await transaction.meeting(id: meetingID) else { throw AppError.notFound("meeting \(meetingID)") }
            guard !meeting.isSigned else {
                throw AppError.conflict("the minutes are signed").swedish("Protokollet är justerat och kan inte ändras.")
            }
            guard try await transaction.committeeRoster(termID: meeting.termID).contains(where: { $0.mandate.userID == userID }) else {
                throw AppError.invalid("the person does not sit on the committee").swedish("Personen är inte ledamot eller ersättare i nämnden.")
            }
            try await transaction.setAttendance(meetingID: meetingID, userID: userID, present: present)
            return try await answer(transaction)
        }
    }

    /// The signed-in committee member declares a conflict of interest (*jäv*) in a matter.
    func declareConflict<Answer>(
        _ signedIn: Authenticated, meetingID: UUID, itemID: UUID, reason: String?, answer: (Transaction) async throws -> Answer
    ) async throws -> Answer {
        let reason = try Input.text(reason, field: "reason", label: "skälet", maxLength: 1000, required: false)
        return try await database.transaction(as: signedIn.identity) { transaction in
            _ = try await item(meetingID, itemID, in: transaction)
            try await transaction.declareConflict(meetingID: meetingID, agendaItemID: itemID, userID: signedIn.userID, reason: reason)
            return try await answer(transaction)
        }
    }

    /// The signed-in committee member votes in their own name.
    func vote<Answer>(
        _ signedIn: Authenticated, meetingID: UUID, itemID: UUID, ballot: Ballot, question: VoteQuestion,
        answer: (Transaction) async throws -> Answer
    ) async throws -> Answer {
        try await database.transaction(as: signedIn.identity) { transaction in
            _ = try await item(meetingID, itemID, in: transaction)
            guard try await transaction.serving(agendaItemID: itemID).contains(signedIn.userID) else {
                throw AppError.conflict("you do not serve in this matter (absent, conflicted, or a substitute while the member serves)")
                    .swedish("Du tjänstgör inte i ärendet (frånvarande, jävig eller ersättare när ledamoten är på plats).")
            }
            if try await transaction.votes(agendaItemID: itemID, question: question)[signedIn.userID] != nil {
                throw AppError.conflict("you have voted in this matter already").swedish("Du har redan röstat i ärendet.")
            }
            try await transaction.castVote(meetingID: meetingID, agendaItemID: itemID, userID: signedIn.userID, question: question, ballot: ballot)
            return try await answer(transaction)
        }
    }

    /// Counts the votes and records the decision with its paragraph; a decided assignment
    /// takes the outcome as its status in the same transaction.
    func decide<Answer>(
        _ signedIn: Authenticated, meetingID: UUID, itemID: UUID, answer: (Transaction, Decision) async throws -> Answer
    ) async throws -> Answer {
        try await database.transaction(as: signedIn.identity) { transaction in
            let (meeting, item) = try await item(meetingID, itemID, in: transaction)
            let roster = try await transaction.committeeRoster(termID: meeting.termID)
            let participation = MatterParticipation(
                seats: CommitteeMandate.seats(roster.map(\.mandate)), present: try await transaction.present(meetingID: meetingID),
                conflicted: try await transaction.conflicts(agendaItemID: itemID))
            let chair = roster.first { if case .member(.chair) = $0.mandate.position { true } else { false } }?.mandate.userID
            let viceChair = roster.first { if case .member(.viceChair) = $0.mandate.position { true } else { false } }?.mandate.userID
            // The vice chair presides when the chair does not take part.
            let presiding = chair.flatMap { participation.serves($0) ? $0 : nil } ?? viceChair
            let referral = try await transaction.votes(agendaItemID: itemID, question: .referBack)
            let votes = try await transaction.votes(agendaItemID: itemID)
            let result: VoteCount.Result
            do {
                result = try VoteCount.decide(participation: participation, chair: presiding, votes: votes,
                                              referBackVotes: referral.isEmpty ? nil : referral)
            } catch let problem as VotingProblem {
                throw AppError.conflict("the matter cannot be decided: \(problem)").swedish(problem.swedishMessage)
            }
            // The database gives a decided assignment its status (decisions_decide_assignment).
            let decision = try await transaction.recordDecision(
                meetingID: meetingID, agendaItemID: item.id, year: CalendarDate.on(meeting.startsAt).year, result: result)
            return try await answer(transaction, decision)
        }
    }

    func sign<Answer>(
        _ signedIn: Authenticated, meetingID: UUID, as signer: MinutesSigner, answer: (Transaction, Meeting) async throws -> Answer
    ) async throws -> Answer {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard let meeting = try await transaction.meeting(id: meetingID) else { throw AppError.notFound("meeting \(meetingID)") }
            guard !meeting.isSigned else { throw AppError.conflict("the minutes are signed already").swedish("Protokollet är redan justerat.") }
            let items = try await transaction.agendaItems(meetingID: meetingID)
            let decided = Set(try await transaction.decisions(meetingID: meetingID).map(\.agendaItemID))
            guard items.allSatisfy({ decided.contains($0.id) }) else {
                throw AppError.conflict("every matter must be decided before the minutes are signed")
                    .swedish("Alla ärenden ska vara beslutade innan protokollet justeras.")
            }
            guard try await transaction.signMinutes(meetingID: meetingID, as: signer, userID: signedIn.userID) else { throw AppError.forbidden }
            return try await answer(transaction, try await transaction.meeting(id: meetingID) ?? meeting)
        }
    }

    func announce<Answer>(
        _ signedIn: Authenticated, meetingID: UUID, on day: CalendarDate?, answer: (Transaction, Meeting) async throws -> Answer
    ) async throws -> Answer {
        let day = day ?? configuration.today()
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard let meeting = try await transaction.meeting(id: meetingID) else { throw AppError.notFound("meeting \(meetingID)") }
            guard meeting.isSigned else {
                throw AppError.conflict("the minutes are not signed yet").swedish("Protokollet är inte justerat än.")
            }
            guard try await transaction.announceMinutes(meetingID: meetingID, on: day) else {
                throw AppError.conflict("the minutes are announced already").swedish("Protokollet är redan anslaget.")
            }
            return try await answer(transaction, try await transaction.meeting(id: meetingID) ?? meeting)
        }
    }

    private func item(_ meetingID: UUID, _ itemID: UUID, in transaction: Transaction) async throws -> (Meeting, AgendaItem) {
        guard let meeting = try await transaction.meeting(id: meetingID),
              let item = try await transaction.agendaItems(meetingID: meetingID).first(where: { $0.id == itemID }) else {
            throw AppError.notFound("matter \(itemID) of meeting \(meetingID)")
        }
        guard !meeting.isSigned else {
            throw AppError.conflict("the minutes are signed").swedish("Protokollet är justerat och kan inte ändras.")
        }
        return (meeting, item)
    }
}
