import Foundation
import Hummingbird
import Procurement
import Store

/// `/upphandlingar` and `/upphandlingar/<id>`: the office's tenders (*upphandlingar*) with
/// their stages. Everyone signed in to the office reads a tender's stages, lots and documents;
/// the bids appear only when `ContractReader` gives them, which is when the database lets the
/// identity read them (OSL 19 kap. 3 §): before that the page says they are sealed and never
/// how many there are. The procurement staff (administrator, procurer) run the tender through
/// `TenderActions`; those who keep the register turn an awarded lot into a contract.
struct TenderPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var tenders: TenderActions { TenderActions(database: database, configuration: configuration) }
    var contracts: ContractActions { ContractActions(database: database, configuration: configuration) }

    struct NewForm: PageForm {
        var assignmentID: String?; var title: String?; var description: String?; var cpv: String?; var contractType: String?
        var procedure: String?; var framework: String?; var estimatedValue: String?; var planningFrom: String?; var lots: String?
    }
    struct StagesForm: PageForm {
        var earlyDialogueOn: String?; var noticePublishedOn: String?; var noticeReference: String?
        var tenderDeadline: String?; var openingAt: String?
    }
    struct DocumentForm: PageForm { var kind: String?; var title: String?; var reference: String?; var dated: String? }
    struct BidForm: PageForm { var lotID: String?; var supplierID: String?; var price: String?; var receivedAt: String? }
    struct AwardForm: PageForm { var winningBidIDs: [String]?; var decisionOn: String?; var sentElectronically: String? }
    struct ContractForm: PageForm {
        var lotID: String?; var reference: String?; var title: String?; var start: String?; var end: String?
        var optionMonths: String?; var estimatedValue: String?; var maximumValue: String?; var callOffMethod: String?
        var managerID: String?; var partyIDs: [String]?
    }
    struct CancelForm: PageForm { var reason: String?; var cancelledOn: String? }

    static let notices = Notices(messages: [
        "ny": "Upphandlingen är upprättad.",
        "skeden": "Upphandlingens skeden är sparade.",
        "dokument": "Dokumentet är registrerat.",
        "anbud": "Anbudet är registrerat. Det kan läsas först efter anbudsöppningen.",
        "tilldelning": "Tilldelningsbeslutet är registrerat. Avtalsspärren löper från i dag.",
        "avbruten": "Upphandlingen är avbruten.",
    ])
    static let newForm = "ny-upphandling"
    static let stagesForm = "skeden"
    static let documentForm = "dokument"
    static let bidForm = "anbud"
    static let awardForm = "tilldelning"
    static let contractForm = "avtal"
    static let cancelForm = "avbryt"

    func register(on router: Router<AppRequestContext>) {
        router.get("/upphandlingar") { request, context -> Response in
            try await listPage(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/upphandlingar") { request, context -> Response in
            let signedIn = try context.require(TenderAPI.staff)
            let form = try await URLEncodedFormDecoder().decode(NewForm.self, from: request, context: context)
            do {
                let tender = try await tenders.create(signedIn, try Self.newTender(form))
                return .redirect(to: "/upphandlingar/\(PageText.id(tender.id))?sparat=ny")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await listPage(context, .refused(refusal, fallback: "Upphandlingen kunde inte upprättas.", formID: Self.newForm, draft: form.fields))
            }
        }
        router.get("/upphandlingar/:id") { request, context -> Response in
            try await page(context, id: try context.uuid("id"), .notice(Self.notices.message(for: request)))
        }
        router.post("/upphandlingar/:id/skeden") { request, context -> Response in
            let signedIn = try context.require(TenderAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(StagesForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "skeden", fallback: "Skedena kunde inte sparas.", formID: Self.stagesForm, draft: form.fields) {
                let current = try await database.transaction(as: signedIn.identity, readOnly: true) { try await $0.tender(id: id) }
                guard let current else { throw AppError.notFound("tender \(id)") }
                _ = try await tenders.setStages(signedIn, tenderID: id, try Self.stages(form, current: current.schedule))
            }
        }
        router.post("/upphandlingar/:id/dokument") { request, context -> Response in
            let signedIn = try context.require(TenderAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(DocumentForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "dokument", fallback: "Dokumentet kunde inte registreras.", formID: Self.documentForm, draft: form.fields) {
                _ = try await tenders.addDocument(signedIn, tenderID: id, .init(
                    kind: try Input.choice(form.kind, as: TenderDocumentKind.self, field: "kind", refusal: "Välj vilket slags dokument det är."),
                    title: form.title ?? "", reference: form.reference ?? "",
                    dated: try Input.optionalDate(form.dated, field: "dated", label: "dokumentets datum")))
            }
        }
        router.post("/upphandlingar/:id/anbud") { request, context -> Response in
            let signedIn = try context.require(TenderAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(BidForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "anbud", fallback: "Anbudet kunde inte registreras.", formID: Self.bidForm, draft: form.fields) {
                guard let lotID = form.lotID.flatMap(UUID.init(uuidString:)) else {
                    throw AppError.invalid("`lotID` is required").swedish("Välj delområde.")
                }
                guard let supplierID = form.supplierID.flatMap(UUID.init(uuidString:)) else {
                    throw AppError.invalid("`supplierID` is required").swedish("Välj leverantör.")
                }
                _ = try await tenders.registerBid(signedIn, tenderID: id, .init(
                    lotID: lotID, supplierID: supplierID, price: form.price ?? "",
                    receivedAt: try Self.optionalLocalTime(form.receivedAt, field: "receivedAt", label: "när anbudet kom in")))
            }
        }
        router.post("/upphandlingar/:id/tilldelning") { request, context -> Response in
            let signedIn = try context.require(TenderAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(AwardForm.self, from: request, context: context)
            var draft = form.fields
            draft["winningBidIDs"] = (form.winningBidIDs ?? []).joined(separator: ",")
            return try await submit(context, id: id, saved: "tilldelning", fallback: "Tilldelningsbeslutet kunde inte registreras.", formID: Self.awardForm, draft: draft) {
                let winners = try (form.winningBidIDs ?? []).map { text in
                    guard let bid = UUID(uuidString: text) else { throw AppError.invalid("`winningBidIDs` holds a non-id").swedish("Välj anbud i listan.") }
                    return bid
                }
                _ = try await tenders.award(signedIn, tenderID: id, .init(
                    decisionOn: try Input.optionalDate(form.decisionOn, field: "decisionOn", label: "dagen då beslutet skickades"),
                    sentElectronically: form.sentElectronically == "true", winningBidIDs: winners))
            }
        }
        router.post("/upphandlingar/:id/avtal") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(ContractForm.self, from: request, context: context)
            var draft = form.fields
            draft["partyIDs"] = (form.partyIDs ?? []).joined(separator: ",")
            do {
                let contract = try await contracts.createFromAward(signedIn, tenderID: id, try Self.fromAward(form))
                return .redirect(to: "/avtal/\(PageText.id(contract.id))?sparat=skapat")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(refusal, fallback: "Avtalet kunde inte registreras.", formID: Self.contractForm, draft: draft))
            }
        }
        router.post("/upphandlingar/:id/avbryt") { request, context -> Response in
            let signedIn = try context.require(TenderAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(CancelForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "avbruten", fallback: "Upphandlingen kunde inte avbrytas.", formID: Self.cancelForm, draft: form.fields) {
                _ = try await tenders.cancel(signedIn, tenderID: id, .init(
                    cancelledOn: try Input.optionalDate(form.cancelledOn, field: "cancelledOn", label: "dagen för avbrytandet"),
                    reason: form.reason ?? ""))
            }
        }
    }

    /// Runs a form's action; after it, back to the tender with a notice; a refusal shows the
    /// tender again with the Swedish reason and its status (409 or 422).
    private func submit(
        _ context: AppRequestContext, id: UUID, saved: String, fallback: String, formID: String, draft: [String: String],
        _ action: () async throws -> Void
    ) async throws -> Response {
        try await submitForm(
            then: "/upphandlingar/\(PageText.id(id))?sparat=\(saved)", fallback: fallback, formID: formID, draft: draft,
            orShow: { try await page(context, id: id, $0) }, action)
    }

    // MARK: - Reading the forms

    static func newTender(_ form: NewForm) throws -> TenderActions.NewTender {
        func given(_ text: String?) -> String? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        var assignmentID: UUID?
        if let text = given(form.assignmentID) {
            guard let id = UUID(uuidString: text) else { throw AppError.invalid("`assignmentID` is not an id").swedish("Välj ett uppdrag i listan.") }
            assignmentID = id
        }
        let contractType = try given(form.contractType).map {
            try Input.choice($0, as: ContractType.self, field: "contractType", refusal: "Välj kontraktstyp i listan.")
        }
        // One lot a line; blank lines are nothing.
        let lots = (form.lots ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { TenderActions.NewLot(title: $0, estimatedValue: nil) }
        return TenderActions.NewTender(
            assignmentID: assignmentID, title: given(form.title), description: given(form.description), cpv: given(form.cpv),
            contractType: contractType,
            procedure: try Input.choice(form.procedure, as: TenderProcedure.self, field: "procedure", refusal: "Välj förfarande."),
            framework: form.framework == "true", estimatedValue: given(form.estimatedValue),
            planningFrom: try Input.optionalDate(form.planningFrom, field: "planningFrom", label: "planeringsstarten"),
            lots: lots.isEmpty ? nil : lots)
    }

    /// The stages as the form gives them. The form sends every field back as it shows it, to
    /// the minute: a field equal to what is stored is left out, so that an opening that has
    /// passed is not "moved" by its seconds, and what did not change is not touched.
    static func stages(_ form: StagesForm, current: TenderSchedule) throws -> TenderActions.Stages {
        func changedDay(_ text: String?, _ field: String, _ label: String, _ stored: CalendarDate?) throws -> CalendarDate? {
            guard let day = try Input.optionalDate(text, field: field, label: label) else { return nil }
            return day == stored ? nil : day
        }
        func changedTime(_ text: String?, _ field: String, _ label: String, _ stored: Date?) throws -> Date? {
            guard let time = try optionalLocalTime(text, field: field, label: label) else { return nil }
            return stored.map(localTime) == localTime(time) ? nil : time
        }
        let reference = (form.noticeReference ?? "").trimmingCharacters(in: .whitespaces)
        return TenderActions.Stages(
            earlyDialogueOn: try changedDay(form.earlyDialogueOn, "earlyDialogueOn", "dagen för tidig dialog", current.earlyDialogueOn),
            noticePublishedOn: try changedDay(form.noticePublishedOn, "noticePublishedOn", "annonseringsdagen", current.noticePublishedOn),
            noticeReference: reference.isEmpty || reference == current.noticeReference ? nil : reference,
            tenderDeadline: try changedTime(form.tenderDeadline, "tenderDeadline", "sista anbudsdag", current.tenderDeadline),
            openingAt: try changedTime(form.openingAt, "openingAt", "anbudsöppningen", current.openingAt))
    }

    static func fromAward(_ form: ContractForm) throws -> ContractActions.FromAward {
        func given(_ text: String?) -> String? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        guard let lotID = form.lotID.flatMap(UUID.init(uuidString:)) else {
            throw AppError.invalid("`lotID` is required").swedish("Välj delområde.")
        }
        let parties = try (form.partyIDs ?? []).map { text in
            guard let id = UUID(uuidString: text) else { throw AppError.invalid("`partyIDs` holds a non-id").swedish("Välj avtalsparter i listan.") }
            return id
        }
        return ContractActions.FromAward(
            lotID: lotID,
            terms: ContractActions.Terms(
                reference: given(form.reference), title: given(form.title), description: nil,
                start: try Input.date(form.start, field: "start", label: "avtalets start"),
                end: try Input.date(form.end, field: "end", label: "avtalets slut utan förlängning"),
                optionMonths: try Input.optionMonths(form.optionMonths), estimatedValue: form.estimatedValue ?? "",
                maximumValue: given(form.maximumValue),
                callOffMethod: try given(form.callOffMethod).map {
                    try Input.choice($0, as: CallOffMethod.self, field: "callOffMethod", refusal: "Välj avropsmetod i listan.")
                },
                managerID: given(form.managerID).flatMap(UUID.init(uuidString:))),
            // None ticked: the members that confirmed their participation, as the action decides.
            partyIDs: parties.isEmpty ? nil : parties)
    }

    /// A `datetime-local` field, Swedish time; nil when empty.
    static func optionalLocalTime(_ text: String?, field: String, label: String) throws -> Date? {
        guard !(text ?? "").trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let time = CommitteePages.localTime(text) else {
            throw AppError.invalid("`\(field)` must be a local date and time like 2027-01-31T12:00")
                .swedish("Ange \(label) som datum och klockslag.")
        }
        return time
    }

    /// An instant as a `datetime-local` field shows it, in Swedish time: `2027-01-31T12:00`.
    static func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .stockholm
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }

    // MARK: - Pages

    private func listPage(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            guard chrome.activeRole != nil else { throw AppError.forbidden }
            let reader = ContractReader(transaction: transaction, today: today)
            let views = try await reader.tenders().sorted { ($1.schedule.planningFrom, $0.title) < ($0.schedule.planningFrom, $1.title) }
            var values = state.values
            values["tenders"] = views.map { tender in
                [
                    "id": PageText.id(tender.id), "title": tender.title, "caseNumber": tender.caseNumber ?? "–",
                    "stage": tender.stage.swedishName, "procedure": tender.procedure.swedishName,
                    "cpv": tender.cpv, "cpvLabel": tender.cpvLabel,
                    "noticePublishedOn": tender.schedule.noticePublishedOn?.iso ?? "–",
                    "tenderDeadline": tender.schedule.tenderDeadline.map(SwedishTime.format) ?? "–",
                    "awardDecisionOn": tender.schedule.awardDecisionOn?.iso ?? "–",
                    "lots": tender.lots.count,
                ] as [String: Any]
            }
            values["hasTenders"] = !views.isEmpty
            if let role = chrome.activeRole, TenderAPI.staff.contains(role) {
                let typed = { (name: String) in state.typed(name, in: Self.newForm) }
                let assignments = try await transaction.assignments().filter { [.approved, .inProgress].contains($0.status) }
                    .sorted { $0.caseNumber.description > $1.caseNumber.description }
                values["newForm"] = [
                    "assignments": assignments.map {
                        ["value": PageText.id($0.id), "label": "\($0.caseNumber) \($0.title)", "selected": PageText.id($0.id) == typed("assignmentID")]
                            as [String: Any]
                    },
                    "title": typed("title") ?? "", "description": typed("description") ?? "", "cpv": typed("cpv") ?? "",
                    "contractTypes": PageText.choices(ContractType.self, chosen: typed("contractType")) { $0.swedishName },
                    "procedures": PageText.choices(TenderProcedure.self, chosen: typed("procedure") ?? TenderProcedure.open.rawValue) { $0.swedishName },
                    // A new form starts as a framework, as most pooled procurements are.
                    "framework": state.formID == Self.newForm ? typed("framework") == "true" : true,
                    "estimatedValue": typed("estimatedValue") ?? "", "planningFrom": typed("planningFrom") ?? today.iso,
                    "lots": typed("lots") ?? "",
                ] as [String: Any]
            }
            return try pages.render("tenders", values, chrome: chrome, status: state.status)
        }
    }

    private func page(_ context: AppRequestContext, id: UUID, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        let now = Date()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            guard chrome.activeRole != nil else { throw AppError.forbidden }
            let reader = ContractReader(transaction: transaction, today: today)
            guard let tender = try await reader.tender(id: id) else { throw AppError.notFound("tender \(id)") }
            var values = state.values.merging(detailValues(tender, now: now)) { $1 }
            let role = chrome.activeRole
            if let role, TenderAPI.staff.contains(role) {
                var staff = try await staffValues(tender, reader: reader, state: state, today: today, now: now)
                // The award's checkboxes sit in the rows of the bids' table, which the form wraps.
                if var award = staff["awardForm"] as? [String: Any], let chosen = award.removeValue(forKey: "chosen") as? Set<String>,
                   let rows = values["bids"] as? [[String: Any]] {
                    values["bids"] = rows.map { row in
                        row.merging(["selectable": true, "checked": chosen.contains(row["id"] as? String ?? "")]) { $1 }
                    }
                    staff["awardForm"] = award
                }
                values["staff"] = staff
            }
            if let role, ContractActions.keepers.contains(role), let form = try await contractFormValues(tender, state: state, in: transaction) {
                values["contractForm"] = form
            }
            return try pages.render("tender", values, chrome: chrome, status: state.status)
        }
    }

    /// The stages in their order, each with its date, whether it has happened, and which is now.
    private func timeline(_ tender: ContractViews.TenderView, now: Date) -> [[String: Any]] {
        let schedule = tender.schedule
        let today = CalendarDate.on(now, timeZone: .stockholm)
        func day(_ date: CalendarDate?) -> (String, Bool) { (date?.iso ?? "Inte satt", date.map { $0 <= today } ?? false) }
        func time(_ date: Date?) -> (String, Bool) { (date.map(SwedishTime.format) ?? "Inte satt", date.map { $0 <= now } ?? false) }
        let stage = tender.stage
        var rows: [(String, (String, Bool), String, Bool)] = [
            ("Planering", day(schedule.planningFrom), "", stage == .planning),
            ("Tidig dialog", schedule.earlyDialogueOn == nil ? ("Ingen", false) : day(schedule.earlyDialogueOn), "", stage == .earlyDialogue),
            ("Annonserad", day(schedule.noticePublishedOn), schedule.noticeReference.map { "Referens: \($0)" } ?? "", stage == .tendering),
            ("Sista anbudsdag", time(schedule.tenderDeadline), "", stage == .awaitingOpening),
            ("Anbudsöppning", time(schedule.openingAt), "", false),
            ("Utvärdering", schedule.openingAt.map { $0 <= now } == true ? ("Efter anbudsöppningen", true) : ("Efter anbudsöppningen", false),
             "", stage == .evaluation),
            ("Tilldelningsbeslut", day(schedule.awardDecisionOn),
             schedule.awardDecisionOn == nil ? "" : (schedule.awardSentElectronically ? "Skickat elektroniskt" : "Skickat på annat sätt än elektroniskt"),
             false),
            ("Avtalsspärr t.o.m.", day(schedule.standstillLastDay), "", stage == .standstill),
            ("Avtal", day(schedule.contractSignedOn), "", stage == .awaitingContract || stage == .contracted),
        ]
        if let cancelled = schedule.cancelledOn {
            rows.append(("Avbruten", day(cancelled), schedule.cancellationReason.map { "Skäl: \($0)" } ?? "", stage == .cancelled))
        }
        return rows.map { name, when, detail, current in
            var row: [String: Any] = ["name": name, "when": when.0, "done": when.1, "current": current]
            if !detail.isEmpty { row["detail"] = detail }
            return row
        }
    }

    private func detailValues(_ tender: ContractViews.TenderView, now: Date) -> [String: Any] {
        let lots = Dictionary(uniqueKeysWithValues: tender.lots.map { ($0.id, $0) })
        var values: [String: Any] = [
            "id": PageText.id(tender.id), "title": tender.title, "description": tender.description,
            "hasDescription": !tender.description.isEmpty, "cpv": tender.cpv, "cpvLabel": tender.cpvLabel,
            "contractType": tender.contractType.swedishName, "procedure": tender.procedure.swedishName,
            "framework": PageText.yesNo(tender.framework), "caseNumber": tender.caseNumber ?? "–",
            "estimatedValue": PageText.money(tender.estimatedValue), "stage": tender.stage.swedishName,
            "timeline": timeline(tender, now: now),
            "lots": tender.lots.map { lot in
                var row: [String: Any] = ["number": lot.number, "title": lot.title, "estimatedValue": PageText.money(lot.estimatedValue)]
                if let bids = lot.bids { row["bids"] = bids }
                return row
            },
            "documents": tender.documents.map {
                ["kind": $0.kind.swedishName, "title": $0.title, "reference": $0.reference, "dated": $0.dated.iso]
            },
            "hasDocuments": !tender.documents.isEmpty,
            "contracts": tender.contractIDs.map { ["id": PageText.id($0)] },
            "hasContracts": !tender.contractIDs.isEmpty,
        ]
        if let pooledID = tender.pooledProcurementID { values["pooledID"] = PageText.id(pooledID) }
        if let bids = tender.bids {
            values["bids"] = bids.sorted {
                (lots[$0.lotID]?.number ?? 0, Double($0.price) ?? 0) < (lots[$1.lotID]?.number ?? 0, Double($1.price) ?? 0)
            }.map { bid in
                [
                    "id": PageText.id(bid.id), "lot": lots[bid.lotID].map { "\($0.number). \($0.title)" } ?? "–",
                    "supplier": bid.supplier.name, "price": PageText.money(bid.price), "receivedAt": SwedishTime.format(bid.receivedAt),
                    "awarded": bid.awarded,
                ] as [String: Any]
            }
            values["hasBids"] = !bids.isEmpty
            values["bidsReadable"] = true
        } else {
            // Sealed: say until when, never how many (OSL 19 kap. 3 §).
            values["sealedUntilOpening"] = tender.schedule.openingAt.map { $0 > now } ?? true
        }
        return values
    }

    private func staffValues(
        _ tender: ContractViews.TenderView, reader: ContractReader, state: PageState, today: CalendarDate, now: Date
    ) async throws -> [String: Any] {
        let schedule = tender.schedule
        let settled = schedule.cancelledOn != nil || schedule.contractSignedOn != nil
        var values: [String: Any] = [:]
        if !settled {
            let typed = { (name: String) in state.typed(name, in: Self.stagesForm) }
            var stages: [String: Any] = [
                "earlyDialogueOn": typed("earlyDialogueOn") ?? schedule.earlyDialogueOn?.iso ?? "",
                "noticePublishedOn": typed("noticePublishedOn") ?? schedule.noticePublishedOn?.iso ?? "",
                "noticeReference": typed("noticeReference") ?? schedule.noticeReference ?? "",
            ]
            // A deadline or an opening that has passed cannot move: it is shown, not offered.
            if let deadline = schedule.tenderDeadline, deadline <= now {
                stages["deadlinePassed"] = SwedishTime.format(deadline)
            } else {
                stages["tenderDeadline"] = ["value": typed("tenderDeadline") ?? schedule.tenderDeadline.map(Self.localTime) ?? ""]
            }
            if let opening = schedule.openingAt, opening <= now {
                stages["openingPassed"] = SwedishTime.format(opening)
            } else {
                stages["openingAt"] = ["value": typed("openingAt") ?? schedule.openingAt.map(Self.localTime) ?? ""]
            }
            values["stagesForm"] = stages

            let cancel = { (name: String) in state.typed(name, in: Self.cancelForm) }
            values["cancelForm"] = ["reason": cancel("reason") ?? "", "cancelledOn": cancel("cancelledOn") ?? today.iso]
        }
        let document = { (name: String) in state.typed(name, in: Self.documentForm) }
        values["documentForm"] = [
            "kinds": PageText.choices(TenderDocumentKind.self, chosen: document("kind")) { $0.swedishName },
            "title": document("title") ?? "", "reference": document("reference") ?? "", "dated": document("dated") ?? today.iso,
        ] as [String: Any]
        // Bids arrive until the deadline, which must be set; none once the award is made.
        if !settled, schedule.awardDecisionOn == nil, let deadline = schedule.tenderDeadline, deadline > now {
            let bid = { (name: String) in state.typed(name, in: Self.bidForm) }
            values["bidForm"] = [
                "lots": tender.lots.map {
                    ["value": PageText.id($0.id), "label": "\($0.number). \($0.title)", "selected": PageText.id($0.id) == bid("lotID")] as [String: Any]
                },
                "suppliers": try await reader.transaction.supplierDirectory().values.sorted { $0.name < $1.name }.map {
                    ["value": PageText.id($0.id), "label": $0.name, "selected": PageText.id($0.id) == bid("supplierID")] as [String: Any]
                },
                "price": bid("price") ?? "", "receivedAt": bid("receivedAt") ?? Self.localTime(min(now, deadline)),
                "deadline": SwedishTime.format(deadline),
            ] as [String: Any]
        } else if !settled, schedule.awardDecisionOn == nil, schedule.tenderDeadline == nil {
            values["bidsNeedDeadline"] = true
        }
        if !settled, schedule.awardDecisionOn == nil, let bids = tender.bids, !bids.isEmpty {
            let award = { (name: String) in state.typed(name, in: Self.awardForm) }
            let chosen = Set((award("winningBidIDs") ?? "").split(separator: ",").map(String.init))
            values["awardForm"] = [
                "chosen": chosen,
                "decisionOn": award("decisionOn") ?? today.iso,
                "sentElectronically": state.formID == Self.awardForm ? award("sentElectronically") == "true" : true,
            ] as [String: Any]
        }
        return values
    }

    /// The form that registers a contract from an awarded lot, for those who keep the register.
    private func contractFormValues(_ tender: ContractViews.TenderView, state: PageState, in transaction: Transaction) async throws -> [String: Any]? {
        guard tender.schedule.awardDecisionOn != nil, tender.schedule.cancelledOn == nil else { return nil }
        let awardedLots = Set((tender.bids ?? []).filter(\.awarded).map(\.lotID))
        let lots = tender.lots.filter { awardedLots.contains($0.id) }
        guard !lots.isEmpty else { return nil }
        let typed = { (name: String) in state.typed(name, in: Self.contractForm) }
        let chosenParties = Set((typed("partyIDs") ?? "").split(separator: ",").map(String.init))
        let keeperIDs = Set(try await transaction.roleAssignments().filter { ContractActions.keepers.contains($0.role) }.map(\.userID))
        let managers = try await transaction.users().filter { keeperIDs.contains($0.id) }.sorted { $0.name < $1.name }
        let members = try await transaction.organisations().sorted { $0.name < $1.name }
        return [
            "lots": lots.map {
                ["value": PageText.id($0.id), "label": "\($0.number). \($0.title)", "selected": PageText.id($0.id) == typed("lotID")] as [String: Any]
            },
            "reference": typed("reference") ?? "", "title": typed("title") ?? "", "start": typed("start") ?? "", "end": typed("end") ?? "",
            "optionMonths": typed("optionMonths") ?? "", "estimatedValue": typed("estimatedValue") ?? "",
            "maximumValue": typed("maximumValue") ?? "",
            "callOffMethods": PageText.choices(CallOffMethod.self, chosen: typed("callOffMethod")) { $0.swedishName },
            "managers": managers.map {
                ["value": PageText.id($0.id), "label": $0.name, "selected": PageText.id($0.id) == typed("managerID")] as [String: Any]
            },
            "members": members.map {
                ["value": PageText.id($0.id), "label": $0.name, "checked": chosenParties.contains(PageText.id($0.id))] as [String: Any]
            },
            "fromPooled": tender.pooledProcurementID != nil,
        ]
    }
}
