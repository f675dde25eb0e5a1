import Foundation
import Hummingbird
import Procurement
import Store

/// `/sammantraden` and `/sammantraden/<id>`: the committee's meetings (*sammanträden*). The
/// office records attendance and has matters decided; committee members see the agenda,
/// vote in the matters they serve in and declare conflicts of interest (*jäv*); the chair and
/// the adjuster sign the minutes (*justera*); the office announces them. Every change goes
/// through `CommitteeActions`, the same rules as the JSON API.
struct CommitteePages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: CommitteeActions { CommitteeActions(database: database, configuration: configuration) }

    struct AttendanceForm: PageForm { var userID: String?; var present: String? }
    struct VoteForm: PageForm { var ballot: String?; var question: String? }
    struct ConflictForm: PageForm { var reason: String? }
    struct SignForm: PageForm { var role: String? }
    struct AnnounceForm: PageForm { var date: String? }
    struct ScheduleForm: PageForm {
        var startsAt: String?; var place: String?; var adjusterID: String?; var assignmentIDs: [String]?
        var matterTitle: String?; var matterProposal: String?
        /// "on": a decision between meetings by written procedure (per capsulam).
        var perCapsulam: String?
    }
    static let scheduleForm = "nytt-sammantrade"
    /// The proposal an assignment's matter carries unless the office writes another.

    static let notices = Notices(messages: [
        "narvaro": "Närvaron är sparad.",
        "rost": "Din röst är registrerad.",
        "jav": "Ditt jäv är anmält. Du deltar inte i ärendet.",
        "beslut": "Beslutet är fattat och har fått sin paragraf.",
        "justerat": "Din justering är sparad.",
        "anslaget": "Protokollet är anslaget.",
        "kallat": "Sammanträdet är inlagt med sin dagordning.",
    ])

    func register(on router: Router<AppRequestContext>) {
        // Public records: the office's signed decisions, for anyone, without logging in.
        router.get("/kontor/:slug/beslut") { _, context -> Response in
            let slug = try context.parameters.require("slug")
            let published = try await CommitteeAPI.publicDecisions(database, slug: slug)
            return try pages.render("decisions", [
                "officeName": published.office.name, "slug": published.office.slug,
                "hasDecisions": !published.decisions.isEmpty,
                "decisions": published.decisions.map { decision in
                    [
                        "paragraph": decision.paragraph, "year": decision.year, "meetingDate": decision.meetingDate.iso,
                        "title": decision.title, "outcome": decision.outcomeName,
                        "announcedOn": decision.announcedOn?.iso ?? "–", "appealEndsOn": decision.appealEndsOn?.iso ?? "–",
                    ] as [String: Any]
                },
            ])
        }
        router.get("/sammantraden") { request, context -> Response in
            try await listPage(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/sammantraden") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.staff)
            let form = try await URLEncodedFormDecoder().decode(ScheduleForm.self, from: request, context: context)
            do {
                guard let startsAt = Self.localTime(form.startsAt) else {
                    throw AppError.invalid("`startsAt` must be a local date and time").swedish("Ange dag och tid för sammanträdet.")
                }
                var items: [CommitteeActions.NewMeeting.Item] = []
                for text in form.assignmentIDs ?? [] {
                    guard let id = UUID(uuidString: text) else { throw AppError.invalid("`assignmentIDs` holds a non-id").swedish("Välj uppdrag i listan.") }
                    // The action words a report back's title and proposal itself.
                    items.append(.init(assignmentID: id, title: nil, proposal: nil))
                }
                if !(form.matterTitle ?? "").trimmingCharacters(in: .whitespaces).isEmpty || !(form.matterProposal ?? "").isEmpty {
                    items.append(.init(assignmentID: nil, title: form.matterTitle, proposal: form.matterProposal))
                }
                let adjuster = (form.adjusterID ?? "").isEmpty ? nil : form.adjusterID.flatMap(UUID.init(uuidString:))
                let meeting = try await actions.scheduleMeeting(signedIn, .init(
                    startsAt: startsAt, place: form.place, adjusterID: adjuster, perCapsulam: form.perCapsulam == "on", items: items))
                return .redirect(to: "/sammantraden/\(PageText.id(meeting.id))?sparat=kallat")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                var draft = form.fields
                draft["assignmentIDs"] = (form.assignmentIDs ?? []).joined(separator: ",")
                return try await listPage(context, .refused(refusal, fallback: "Sammanträdet kunde inte läggas in.", formID: Self.scheduleForm, draft: draft))
            }
        }
        router.get("/sammantraden/:id") { request, context -> Response in
            try await meetingPage(context, id: try context.uuid("id"), .notice(Self.notices.message(for: request)))
        }
        router.post("/sammantraden/:id/narvaro") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(AttendanceForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "narvaro", fallback: "Närvaron kunde inte sparas.") {
                guard let text = form.userID, let userID = UUID(uuidString: text), let present = ["true": true, "false": false][form.present ?? ""] else {
                    throw AppError.invalid("`userID` and `present` are required").swedish("Välj närvarande eller frånvarande för en ledamot eller ersättare.")
                }
                try await actions.setAttendance(signedIn, meetingID: id, userID: userID, present: present) { _ in }
            }
        }
        router.post("/sammantraden/:id/arenden/:item/rost") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.committee)
            let id = try context.uuid("id")
            let item = try context.uuid("item")
            let form = try await URLEncodedFormDecoder().decode(VoteForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "rost", fallback: "Rösten kunde inte registreras.", formID: Self.voteForm(item)) {
                let ballot = try Input.choice(form.ballot, as: Ballot.self, field: "ballot", refusal: "Välj Ja, Nej eller Avstår.")
                let question = form.question == VoteQuestion.referBack.rawValue ? VoteQuestion.referBack : .proposal
                try await actions.vote(signedIn, meetingID: id, itemID: item, ballot: ballot, question: question) { _ in }
            }
        }
        router.post("/sammantraden/:id/arenden/:item/jav") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.committee)
            let id = try context.uuid("id")
            let item = try context.uuid("item")
            let form = try await URLEncodedFormDecoder().decode(ConflictForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "jav", fallback: "Jävet kunde inte anmälas.") {
                try await actions.declareConflict(signedIn, meetingID: id, itemID: item, reason: form.reason) { _ in }
            }
        }
        router.post("/sammantraden/:id/arenden/:item/beslut") { _, context -> Response in
            let signedIn = try context.require(CommitteeAPI.staff.union([.committeeChair]))
            let id = try context.uuid("id")
            let item = try context.uuid("item")
            return try await submit(context, id: id, saved: "beslut", fallback: "Beslutet kunde inte fattas.", formID: Self.decideForm(item)) {
                try await actions.decide(signedIn, meetingID: id, itemID: item) { _, _ in }
            }
        }
        router.post("/sammantraden/:id/justera") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.committee)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(SignForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "justerat", fallback: "Protokollet kunde inte justeras.") {
                guard let signer: MinutesSigner = ["chair": .chair, "adjuster": .adjuster][form.role ?? ""] else {
                    throw AppError.invalid("`role` must be `chair` or `adjuster`").swedish("Välj att justera som ordförande eller justerare.")
                }
                try await actions.sign(signedIn, meetingID: id, as: signer) { _, _ in }
            }
        }
        router.post("/sammantraden/:id/anslag") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(AnnounceForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "anslaget", fallback: "Protokollet kunde inte anslås.", draft: form.fields) {
                try await actions.announce(signedIn, meetingID: id, on: try Input.optionalDate(form.date, field: "date", label: "anslagsdagen")) { _, _ in }
            }
        }
    }

    /// A `<input type="datetime-local">` value (`2026-12-10T09:00`), Swedish local time.
    static func localTime(_ text: String?) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: (text ?? "").trimmingCharacters(in: .whitespaces))
    }

    static func voteForm(_ item: UUID) -> String { "rost-\(PageText.id(item))" }
    static func decideForm(_ item: UUID) -> String { "beslut-\(PageText.id(item))" }

    /// Runs a form's action; after it, back to the meeting with a notice; a refusal shows the
    /// meeting again with the Swedish reason and its status (409 or 422).
    private func submit(
        _ context: AppRequestContext, id: UUID, saved: String, fallback: String, formID: String? = nil, draft: [String: String] = [:],
        _ action: () async throws -> Void
    ) async throws -> Response {
        try await submitForm(
            then: "/sammantraden/\(PageText.id(id))?sparat=\(saved)", fallback: fallback, formID: formID, draft: draft,
            orShow: { try await meetingPage(context, id: id, $0) }, action)
    }

    // MARK: - Pages

    /// Office staff and the committee read every meeting; anyone else only the signed ones.
    private static func isInsider(_ chrome: PageChrome) -> Bool {
        guard let role = chrome.activeRole else { return false }
        return role.isOfficeStaff || role.isCommittee
    }

    private func listPage(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let now = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let insider = Self.isInsider(chrome)
            let meetings = try await transaction.meetings().filter { insider || $0.isSigned }
            let upcoming = meetings.filter { CalendarDate.on($0.startsAt) >= now && !$0.isSigned }.sorted { $0.startsAt < $1.startsAt }
            let past = meetings.filter { !(CalendarDate.on($0.startsAt) >= now && !$0.isSigned) }
            var rows: [[String: Any]] = []
            for meeting in upcoming + past { rows.append(try await summary(meeting, in: transaction)) }
            var values = state.values
            values["upcoming"] = Array(rows.prefix(upcoming.count))
            values["past"] = Array(rows.dropFirst(upcoming.count))
            values["hasUpcoming"] = !upcoming.isEmpty
            values["hasPast"] = !past.isEmpty
            values["insider"] = insider
            if chrome.activeRole.map(CommitteeAPI.staff.contains) ?? false {
                let typed = { (name: String) in state.typed(name, in: Self.scheduleForm) }
                let chosen = Set((typed("assignmentIDs") ?? "").split(separator: ",").map(String.init))
                let proposed = try await transaction.assignments().filter { $0.status == .proposed || $0.status == .reported }
                var adjusters: [RosterEntry] = []
                var term = try await transaction.committeeTerm(on: now)
                if term == nil { term = try await transaction.committeeTerms().first }
                if let term {
                    adjusters = try await transaction.committeeRoster(termID: term.id).sorted { $0.name < $1.name }
                }
                values["scheduleForm"] = [
                    "startsAt": typed("startsAt") ?? "", "place": typed("place") ?? "",
                    "adjusters": adjusters.map { entry in
                        ["value": PageText.id(entry.mandate.userID), "label": entry.name,
                         "selected": PageText.id(entry.mandate.userID) == typed("adjusterID")] as [String: Any]
                    },
                    "assignments": proposed.map { assignment in
                        ["value": PageText.id(assignment.id),
                         "label": (assignment.status == .reported ? "Återrapport: " : "") + "\(assignment.caseNumber) \(assignment.title)",
                         "checked": chosen.contains(PageText.id(assignment.id))] as [String: Any]
                    },
                    "matterTitle": typed("matterTitle") ?? "", "matterProposal": typed("matterProposal") ?? "",
                ] as [String: Any]
            }
            return try pages.render("meetings", values, chrome: chrome, status: state.status)
        }
    }

    private func summary(_ meeting: Meeting, in transaction: Transaction) async throws -> [String: Any] {
        let items = try await transaction.agendaItems(meetingID: meeting.id)
        return [
            "id": PageText.id(meeting.id), "startsAt": SwedishTime.format(meeting.startsAt), "place": meeting.place,
            "matters": items.count, "signed": meeting.isSigned, "appealEndsOn": meeting.appealEndsOn?.iso ?? "–",
        ]
    }

    private func meetingPage(_ context: AppRequestContext, id: UUID, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let insider = Self.isInsider(chrome)
            guard let meeting = try await transaction.meeting(id: id), insider || meeting.isSigned else {
                throw AppError.notFound("meeting \(id)")
            }
            let role = chrome.activeRole
            let isStaff = role.map(CommitteeAPI.staff.contains) ?? false
            let isCommittee = role?.isCommittee ?? false
            let roster = insider ? try await transaction.committeeRoster(termID: meeting.termID) : []
            let names = Dictionary(roster.map { ($0.mandate.userID, $0.name) }) { first, _ in first }
            let seats = roster.filter { if case .member = $0.mandate.position { true } else { false } }.count
            let present = insider ? try await transaction.present(meetingID: id) : []
            let decisions = Dictionary(uniqueKeysWithValues: try await transaction.decisions(meetingID: id).map { ($0.agendaItemID, $0) })
            let ownMandate = roster.first { $0.mandate.userID == signedIn.userID }?.mandate

            var items: [[String: Any]] = []
            for item in try await transaction.agendaItems(meetingID: id) {
                var values: [String: Any] = [
                    "id": PageText.id(item.id), "position": item.position, "title": item.title, "proposal": item.proposal,
                    "hasProposal": !item.proposal.isEmpty,
                ]
                if let decision = decisions[item.id] {
                    values["decision"] = [
                        "paragraph": decision.paragraphLabel, "outcome": decision.result.outcome.swedishName,
                        "yes": decision.result.yes, "no": decision.result.no, "abstained": decision.result.abstained,
                        "castingVote": decision.result.decidedByCastingVote,
                    ] as [String: Any]
                } else if insider && !meeting.isSigned {
                    let serving = try await transaction.serving(agendaItemID: item.id)
                    let conflicted = try await transaction.conflicts(agendaItemID: item.id)
                    let votes = try await transaction.votes(agendaItemID: item.id)
                    values["undecided"] = true
                    values["quorum"] = serving.count * 2 > seats
                        ? "Beslutför: \(serving.count) av \(seats) tjänstgör."
                        : "Inte beslutför: \(serving.count) av \(seats) tjänstgör, minst \(seats / 2 + 1) behövs."
                    values["quorate"] = serving.count * 2 > seats
                    values["votesCast"] = "\(votes.count) av \(serving.count) tjänstgörande har röstat."
                    values["conflictedNames"] = conflicted.compactMap { names[$0] }.sorted().joined(separator: ", ")
                    values["hasConflicted"] = !conflicted.isEmpty
                    if isCommittee, let ownMandate {
                        let formID = Self.voteForm(item.id)
                        // A motion to refer the matter back (återremiss) is voted before the proposal.
                        let referral = try await transaction.votes(agendaItemID: item.id, question: .referBack)
                        if let own = referral[signedIn.userID] {
                            values["ownReferral"] = own.swedishName
                        } else if serving.contains(signedIn.userID) && votes[signedIn.userID] == nil {
                            values["referralForm"] = ["choices": Ballot.allCases.map { ["value": $0.rawValue, "label": $0.swedishName] }]
                        }
                        if let own = votes[signedIn.userID] {
                            values["ownVote"] = own.swedishName
                        } else if serving.contains(signedIn.userID) {
                            let chosen = state.typed("ballot", in: formID)
                            values["voteForm"] = ["choices": Ballot.allCases.map { ballot in
                                ["value": ballot.rawValue, "label": ballot.swedishName, "checked": ballot.rawValue == chosen] as [String: Any]
                            }]
                        }
                        if !serving.contains(signedIn.userID) {
                            let reason: String = if !present.contains(signedIn.userID) {
                                "Du tjänstgör inte i ärendet: du är inte antecknad som närvarande."
                            } else if conflicted.contains(signedIn.userID) {
                                "Du tjänstgör inte i ärendet: du har anmält jäv."
                            } else if case .substitute = ownMandate.position {
                                "Du tjänstgör inte i ärendet: du är ersättare och ledamoten från din organisation är på plats."
                            } else {
                                "Du tjänstgör inte i ärendet."
                            }
                            values["notServing"] = reason
                        }
                        values["canDeclareConflict"] = !conflicted.contains(signedIn.userID) && votes[signedIn.userID] == nil
                    }
                    values["canDecide"] = isStaff || role == .committeeChair
                    if state.formID == Self.decideForm(item.id) || state.formID == Self.voteForm(item.id) { values["itemError"] = state.error ?? "" }
                }
                items.append(values)
            }

            var values = state.values
            values["meetingID"] = PageText.id(id)
            values["startsAt"] = SwedishTime.format(meeting.startsAt)
            values["perCapsulam"] = meeting.kind == .perCapsulam
            values["place"] = meeting.place
            values["hasPlace"] = !meeting.place.isEmpty
            values["items"] = items
            values["signed"] = meeting.isSigned
            // Only what there is: an empty text would still open a Mustache section.
            if let announced = meeting.announcedOn { values["announcedOn"] = announced.iso }
            if let appealEnds = meeting.appealEndsOn { values["appealEndsOn"] = appealEnds.iso }
            if let adjuster = meeting.adjusterID.flatMap({ names[$0] }) { values["adjuster"] = adjuster }
            values["chairSigned"] = meeting.signedByChair != nil
            values["adjusterSigned"] = meeting.signedByAdjuster != nil
            if isStaff && !meeting.isSigned {
                values["attendance"] = roster.sorted { ($0.name) < ($1.name) }.map { entry -> [String: Any] in
                    [
                        "userID": PageText.id(entry.mandate.userID), "name": entry.name,
                        "organisation": chrome.organisations[entry.mandate.organisationID]?.name ?? "",
                        "position": Self.positionName(entry.mandate.position),
                        "status": present.contains(entry.mandate.userID) ? "Närvarande" : "Inte antecknad som närvarande",
                        "present": present.contains(entry.mandate.userID),
                    ]
                }
            }
            values["hasAttendance"] = isStaff && !meeting.isSigned && !roster.isEmpty
            // Signing comes when every matter is decided (`CommitteeActions.sign` refuses before).
            if isCommittee && !meeting.isSigned && decisions.count == items.count, let ownMandate {
                var signAs: [[String: String]] = []
                if case .member(.chair) = ownMandate.position, meeting.signedByChair == nil {
                    signAs.append(["role": "chair", "label": "Justera protokollet som ordförande"])
                }
                if meeting.adjusterID == signedIn.userID, meeting.signedByAdjuster == nil {
                    signAs.append(["role": "adjuster", "label": "Justera protokollet som justerare"])
                }
                values["signAs"] = signAs
                values["hasSignAs"] = !signAs.isEmpty
            }
            if isStaff && meeting.isSigned && meeting.announcedOn == nil {
                values["announceForm"] = ["date": state.draft["date"] ?? configuration.today().iso]
            }
            return try pages.render("meeting", values, chrome: chrome, status: state.status)
        }
    }

    static func positionName(_ position: CommitteeMandate.Position) -> String {
        switch position {
        case .member(.chair): "Ordförande"
        case .member(.viceChair): "Vice ordförande"
        case .member(nil): "Ledamot"
        case .substitute(let rank): "Ersättare \(rank)"
        }
    }
}
