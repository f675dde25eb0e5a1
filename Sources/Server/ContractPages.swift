import Foundation
import Hummingbird
import Procurement
import Store

/// `/avtal` and `/avtal/<id>`: the contract register (*avtalsregister*). A member's users see
/// the contracts their organisation is party to, the office and the committee all: row-level
/// security decides, as for the JSON API, and the page reads through the same `ContractReader`
/// and `RegisterQuery`, so the filters, the flag and the CSV export agree with the API. Those who
/// keep the register (administrator, procurer, controller) activate a draft, decide its options,
/// name the successor assignment and terminate it, through `ContractActions`.
struct ContractPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var contracts: ContractActions { ContractActions(database: database, configuration: configuration) }
    var spend: SpendActions { SpendActions(database: database, configuration: configuration) }

    struct OptionForm: PageForm { var decision: String?; var decidedOn: String? }
    struct SuccessorForm: PageForm { var assignmentID: String? }
    struct TerminationForm: PageForm { var terminatedOn: String? }
    struct CallOffForm: PageForm {
        var amount: String?; var description: String?; var reference: String?; var supplierID: String?; var orderedOn: String?
    }

    static let notices = Notices(messages: [
        "skapat": "Avtalet är registrerat som utkast. Aktivera det när leverantörerna är kontrollerade.",
        "aktiverat": "Avtalet är aktiverat.",
        "option": "Beslutet om optionen är sparat.",
        "efterfoljare": "Det efterföljande uppdraget är sparat.",
        "uppsagt": "Uppsägningen är sparad.",
        "avrop": "Avropet är registrerat.",
    ])
    static let optionForm = "option"
    static let successorForm = "efterfoljare"
    static let terminationForm = "uppsagning"
    static let callOffForm = "avrop"

    func register(on router: Router<AppRequestContext>) {
        router.get("/avtal") { request, context -> Response in
            try await registerPage(request, context)
        }
        router.get("/avtal/:id") { request, context -> Response in
            try await page(context, id: try context.uuid("id"), .notice(Self.notices.message(for: request)))
        }
        router.post("/avtal/:id/aktivera") { _, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            return try await submit(context, id: id, saved: "aktiverat", fallback: "Avtalet kunde inte aktiveras.") {
                _ = try await contracts.activate(signedIn, contractID: id)
            }
        }
        router.post("/avtal/:id/optioner/:ordinal") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            guard let ordinal = context.parameters.get("ordinal", as: Int.self) else { throw AppError.notFound("option") }
            let form = try await URLEncodedFormDecoder().decode(OptionForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "option", fallback: "Beslutet om optionen kunde inte sparas.",
                                    formID: Self.optionForm, draft: form.fields) {
                let decision = try Input.choice(form.decision, as: OptionDecision.self, field: "decision",
                                                refusal: "Välj att utnyttja eller avstå optionen.")
                _ = try await contracts.decideOption(signedIn, contractID: id, ordinal: ordinal, .init(
                    decision: decision, decidedOn: try Input.optionalDate(form.decidedOn, field: "decidedOn", label: "beslutsdagen")))
            }
        }
        router.post("/avtal/:id/efterfoljare") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(SuccessorForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "efterfoljare", fallback: "Det efterföljande uppdraget kunde inte sparas.",
                                    formID: Self.successorForm, draft: form.fields) {
                // The empty choice removes the successor: the contract is flagged again.
                let text = form.assignmentID ?? ""
                let assignmentID = text.isEmpty ? nil : UUID(uuidString: text)
                if !text.isEmpty, assignmentID == nil {
                    throw AppError.invalid("`assignmentID` is not an id").swedish("Välj ett uppdrag i listan.")
                }
                _ = try await contracts.setSuccessor(signedIn, contractID: id, .init(assignmentID: assignmentID))
            }
        }
        router.post("/avtal/:id/uppsagning") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(TerminationForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "uppsagt", fallback: "Avtalet kunde inte sägas upp.",
                                    formID: Self.terminationForm, draft: form.fields) {
                _ = try await contracts.terminate(signedIn, contractID: id, .init(
                    terminatedOn: try Input.date(form.terminatedOn, field: "terminatedOn", label: "sista avtalsdagen")))
            }
        }
        router.post("/avtal/:id/avrop") { request, context -> Response in
            let signedIn = try context.require([.orderer])
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(CallOffForm.self, from: request, context: context)
            return try await submit(context, id: id, saved: "avrop", fallback: "Avropet kunde inte registreras.",
                                    formID: Self.callOffForm, draft: form.fields) {
                let supplier = (form.supplierID ?? "").trimmingCharacters(in: .whitespaces)
                let supplierID = supplier.isEmpty ? nil : UUID(uuidString: supplier)
                if !supplier.isEmpty, supplierID == nil {
                    throw AppError.invalid("`supplierID` is not an id").swedish("Välj en leverantör i listan.")
                }
                let input = SpendActions.CallOffInput(
                    supplierID: supplierID,
                    orderedOn: try Input.optionalDate(form.orderedOn, field: "orderedOn", label: "avropsdagen"),
                    amount: form.amount ?? "", description: form.description, reference: form.reference)
                _ = try await spend.registerCallOff(signedIn, contractID: id, input) { _, callOff in callOff }
            }
        }
    }

    /// Runs a form's action; after it, back to the contract with a notice; a refusal shows the
    /// contract again with the Swedish reason and its status (409 or 422).
    private func submit(
        _ context: AppRequestContext, id: UUID, saved: String, fallback: String, formID: String? = nil, draft: [String: String] = [:],
        _ action: () async throws -> Void
    ) async throws -> Response {
        try await submitForm(
            then: "/avtal/\(PageText.id(id))?sparat=\(saved)", fallback: fallback, formID: formID, draft: draft,
            orShow: { try await page(context, id: id, $0) }, action)
    }

    // MARK: - The register

    /// The first and last days of `today`'s year and the day twelve months on: the register's
    /// quick filters. Both start from a day, so that what ended years ago is not "ending".
    static func quickDays(_ today: CalendarDate) -> (yearStart: CalendarDate, yearEnd: CalendarDate, twelveMonths: CalendarDate) {
        (CalendarDate(year: today.year, month: 1, day: 1)!, CalendarDate(year: today.year, month: 12, day: 31)!,
         today.adding(months: 12) ?? today)
    }

    private func registerPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let parameters = request.uri.queryParameters
        var state = PageState()
        var query: RegisterQuery?
        do {
            query = try RegisterQuery(parameters)
        } catch {
            // A filter the register cannot read (a hand-written address): the form again with
            // the reason, and no list that would look filtered.
            let refusal = AppError.from(error)
            guard refusal.status == .badRequest else { throw error }
            state = .refused(refusal, fallback: "Filtret kunde inte läsas. Kontrollera fälten.")
        }
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let reader = ContractReader(transaction: transaction, today: today)
            // Everything the identity sees: the filters' choices and the flag's count come from it.
            let visible = try await reader.contracts()
            let shown = try await query.asyncMap { query in try await reader.contracts(query.filter).filter(query.admits) } ?? []
            let typed = { (name: String) in parameters.get(name)?.trimmingCharacters(in: .whitespaces) ?? "" }

            var values = state.values
            values["organisation"] = chrome.memberOrganisationID.flatMap { chrome.organisations[$0]?.name } ?? ""
            values["memberView"] = chrome.memberOrganisationID != nil
            let flagged = visible.filter(\.needsSuccessor)
            values["flaggedCount"] = flagged.count
            values["hasFlagged"] = !flagged.isEmpty
            values["watchMonths"] = ContractReader.successorWatchMonths
            values["contracts"] = shown.map(rowValues)
            values["hasContracts"] = !shown.isEmpty
            values["shownCount"] = shown.count
            values["visibleCount"] = visible.count
            values["filtered"] = query.map {
                $0.filter != ContractFilter() || $0.status != nil || $0.endingFrom != nil || $0.endingBy != nil || $0.needsSuccessorOnly
            } ?? false
            values["readable"] = query != nil

            // The categories present, by CPV division, and whatever digits the address gave.
            let chosenCPV = typed("cpv")
            let present = Set(visible.map { String($0.cpv.prefix(2)) }).sorted()
            let labels = try await transaction.cpvLabels(present.map { $0 + "000000" })
            var divisions = present.map { ($0, labels[$0 + "000000"] ?? "") }
            if !chosenCPV.isEmpty, !divisions.contains(where: { $0.0 == chosenCPV }) { divisions.append((chosenCPV, "angiven kod")) }
            values["categories"] = divisions.map { ["value": $0.0, "label": "\($0.0) – \($0.1)", "selected": $0.0 == chosenCPV] as [String: Any] }
            var suppliers: [UUID: String] = [:]
            for contract in visible { for supplier in contract.suppliers { suppliers[supplier.id] = supplier.name } }
            values["suppliers"] = suppliers.sorted { $0.value < $1.value }.map {
                ["value": PageText.id($0.key), "label": $0.value, "selected": PageText.id($0.key) == typed("supplier").lowercased()] as [String: Any]
            }
            values["statuses"] = PageText.choices(ContractStatus.self, chosen: typed("status")) { $0.swedishName }
            // Who sees every contract may narrow them to one party; a member sees its own anyway.
            if chrome.memberOrganisationID == nil {
                var parties: [UUID: String] = [:]
                for contract in visible { for party in contract.parties { parties[party.id] = party.name } }
                values["parties"] = parties.sorted { $0.value < $1.value }.map {
                    ["value": PageText.id($0.key), "label": $0.value, "selected": PageText.id($0.key) == typed("party").lowercased()] as [String: Any]
                }
                values["choosesParty"] = !parties.isEmpty
            }
            values["endingFrom"] = typed("endingFrom")
            values["endingBy"] = typed("endingBy")
            values["needsSuccessor"] = typed("needsSuccessor") == "true"
            let quick = Self.quickDays(today)
            values["yearStart"] = quick.yearStart.iso
            values["yearEnd"] = quick.yearEnd.iso
            values["today"] = today.iso
            values["twelveMonths"] = quick.twelveMonths.iso
            values["csv"] = "/api/v1/contracts.csv" + (query.map(Self.queryString) ?? "")
            return try pages.render("contracts", values, chrome: chrome, status: state.status)
        }
    }

    /// The query string of a register query as parsed, never as typed: the export link carries
    /// the filters the list shows.
    static func queryString(_ query: RegisterQuery) -> String {
        var fields: [(String, String)] = []
        if let cpv = query.filter.cpvPrefix { fields.append(("cpv", cpv)) }
        if let supplier = query.filter.supplierID { fields.append(("supplier", PageText.id(supplier))) }
        if let party = query.filter.partyID { fields.append(("party", PageText.id(party))) }
        if let status = query.status { fields.append(("status", status.rawValue)) }
        if let endingFrom = query.endingFrom { fields.append(("endingFrom", endingFrom.iso)) }
        if let endingBy = query.endingBy { fields.append(("endingBy", endingBy.iso)) }
        if query.needsSuccessorOnly { fields.append(("needsSuccessor", "true")) }
        guard !fields.isEmpty else { return "" }
        let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        return "?" + fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: plain) ?? "")" }.joined(separator: "&")
    }

    /// A row of the register. Keys of what a contract lacks are left out: Mustache renders a
    /// section for an empty string.
    private func rowValues(_ contract: ContractViews.ContractView) -> [String: Any] {
        var values: [String: Any] = [
            "id": PageText.id(contract.id), "reference": contract.reference, "title": contract.title, "cpv": contract.cpv,
            "cpvLabel": contract.cpvLabel,
            "suppliers": contract.suppliers.map(\.name).joined(separator: ", "),
            "parties": contract.parties.map(\.name).joined(separator: ", "),
            "status": contract.status.swedishName,
            "currentEnd": contract.currentEnd.iso, "latestPossibleEnd": contract.latestPossibleEnd.iso,
            "canExtend": contract.latestPossibleEnd > contract.currentEnd,
            "value": PageText.money(contract.estimatedValue),
            "needsSuccessor": contract.needsSuccessor, "directAward": contract.directAward,
        ]
        if let maximum = contract.maximumValue { values["maximumValue"] = PageText.money(maximum) }
        return values
    }

    // MARK: - One contract

    private func page(_ context: AppRequestContext, id: UUID, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let reader = ContractReader(transaction: transaction, today: today)
            guard let contract = try await reader.contract(id: id) else { throw AppError.notFound("contract \(id)") }
            var values = state.values.merging(detailValues(contract)) { $1 }
            if let tenderID = contract.tenderID, let tender = try await transaction.tender(id: tenderID) {
                var origin: [String: Any] = ["id": PageText.id(tenderID), "title": tender.title]
                if let lotID = contract.lotID, let lot = try await transaction.lots(tenderID: tenderID).first(where: { $0.id == lotID }) {
                    origin["lot"] = "Delområde \(lot.number): \(lot.title)"
                }
                values["tender"] = origin
            }
            if let successorID = contract.successorAssignmentID {
                // A member's users read an assignment only once the committee's minutes are signed:
                // the register still says there is one.
                let assignment = try await transaction.assignment(id: successorID)
                values["successor"] = [
                    "label": assignment.map { "\($0.caseNumber) \($0.title)" } ?? "Ett uppdrag finns",
                ]
            }
            if let role = chrome.activeRole, ContractActions.keepers.contains(role) {
                values["keeper"] = try await keeperValues(contract, state: state, today: today, in: transaction)
            }
            if let role = chrome.activeRole, SpendActions.readers.contains(role), contract.framework || contract.maximumValue != nil {
                values["use"] = try await useValues(contract, chrome: chrome, state: state, today: today, in: transaction)
                // The call-off form's refusal stands beside the form, not at the top of the page.
                if state.formID == Self.callOffForm { values["error"] = nil }
            }
            return try pages.render("contract", values, chrome: chrome, status: state.status)
        }
    }

    private func detailValues(_ contract: ContractViews.ContractView) -> [String: Any] {
        var values: [String: Any] = [
            "id": PageText.id(contract.id), "reference": contract.reference, "title": contract.title,
            "description": contract.description, "hasDescription": !contract.description.isEmpty,
            "cpv": contract.cpv, "cpvLabel": contract.cpvLabel, "framework": PageText.yesNo(contract.framework),
            "directAward": contract.directAward, "status": contract.status.swedishName, "isDraft": contract.activatedAt == nil,
            "period": contract.period, "start": contract.start.iso, "end": contract.end.iso,
            "currentEnd": contract.currentEnd.iso, "latestPossibleEnd": contract.latestPossibleEnd.iso,
            "estimatedValue": PageText.money(contract.estimatedValue),
            "maximumValue": contract.maximumValue.map { PageText.money($0) } ?? "Inget angivet",
            "callOffMethod": contract.callOffMethod.swedishName,
            "manager": contract.manager.map(\.name).flatMap { $0.isEmpty ? nil : $0 } ?? "–",
            "needsSuccessor": contract.needsSuccessor, "watchMonths": ContractReader.successorWatchMonths,
            "suppliers": contract.suppliers.map { supplier in
                ["name": supplier.name, "nationalID": Self.nationalID(supplier), "rank": supplier.rank.map(String.init) ?? "–"]
            },
            "ranked": contract.suppliers.contains { $0.rank != nil },
            "parties": contract.parties.map(\.name),
            "options": contract.options.map { option in
                [
                    "ordinal": option.ordinal, "months": option.months, "decision": option.decision.swedishName,
                    "decidedOn": option.decidedOn?.iso ?? "–", "isNext": option.ordinal == contract.nextOpenOption,
                ] as [String: Any]
            },
            "hasOptions": !contract.options.isEmpty,
        ]
        if let activated = contract.activatedAt { values["activatedAt"] = SwedishTime.format(activated) }
        if let terminated = contract.terminatedOn { values["terminatedOn"] = terminated.iso }
        if let documentation = contract.documentation {
            values["documentation"] = [
                "competitionMethod": documentation.competitionMethod, "suppliersAsked": documentation.suppliersAsked,
                "answersReceived": documentation.answersReceived, "winnerReason": documentation.winnerReason,
                "documentedOn": documentation.documentedOn.iso,
            ] as [String: Any]
        }
        return values
    }

    /// A Swedish supplier's organisationsnummer as it is written (`559999-5045`); a foreign
    /// supplier's national id as given.
    static func nationalID(_ supplier: ContractViews.SupplierRef) -> String {
        guard !supplier.nationalID.isEmpty else { return "–" }
        guard supplier.country.isEmpty || supplier.country == "SE", let number = try? OrganisationNumber(supplier.nationalID) else {
            return [supplier.country, supplier.nationalID].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return number.formatted
    }

    private func keeperValues(
        _ contract: ContractViews.ContractView, state: PageState, today: CalendarDate, in transaction: Transaction
    ) async throws -> [String: Any] {
        let active = contract.activatedAt != nil
        var values: [String: Any] = ["canActivate": !active]
        if active, let ordinal = contract.nextOpenOption, let option = contract.options.first(where: { $0.ordinal == ordinal }) {
            let decision = state.typed("decision", in: Self.optionForm) ?? OptionDecision.exercised.rawValue
            values["optionForm"] = [
                "ordinal": ordinal, "months": option.months,
                "extendsTo": contract.currentEnd.adding(months: option.months)?.iso ?? "",
                "decidedOn": state.typed("decidedOn", in: Self.optionForm) ?? today.iso,
                "choices": [OptionDecision.exercised, .declined].map {
                    ["value": $0.rawValue, "label": $0 == .exercised ? "Utnyttja optionen" : "Avstå optionen", "checked": $0.rawValue == decision]
                },
            ] as [String: Any]
        }
        let chosen = state.typed("assignmentID", in: Self.successorForm) ?? contract.successorAssignmentID.map(PageText.id) ?? ""
        values["assignments"] = try await transaction.assignments().sorted { $0.caseNumber.description > $1.caseNumber.description }.map {
            ["value": PageText.id($0.id), "label": "\($0.caseNumber) \($0.title) (\($0.status.swedishName.lowercased()))",
             "selected": PageText.id($0.id) == chosen] as [String: Any]
        }
        if active, contract.terminatedOn == nil {
            values["terminationForm"] = ["terminatedOn": state.typed("terminatedOn", in: Self.terminationForm) ?? today.iso]
        }
        return values
    }

    /// "Avrop och utnyttjande": the framework's maximum, what is called off and invoiced, what
    /// remains, the call-offs the identity sees, and for an orderer of a party the form.
    private func useValues(
        _ contract: ContractViews.ContractView, chrome: PageChrome, state: PageState, today: CalendarDate, in transaction: Transaction
    ) async throws -> [String: Any] {
        let use = try await SpendAPI.use(transaction, contractID: contract.id)
        let maximum = use.maximumValue.flatMap { Money(decimal: $0) }
        let calledOff = Money(decimal: use.calledOff) ?? .zero
        var values: [String: Any] = [
            "maximum": maximum?.description ?? "Inget angivet", "calledOff": calledOff.description,
            "invoiced": PageText.money(use.invoiced), "remaining": PageText.money(use.remaining),
        ]
        // Invoiced spend is drawn beside the call-offs: where call-offs are not registered for every
        // purchase (fuel cards), the invoices tell how near the maximum the framework really is.
        if let maximum, let progress = SpendCharts.progress(calledOff: calledOff, maximum: maximum),
           let invoiced = SpendCharts.progress(calledOff: Money(decimal: use.invoiced) ?? .zero, maximum: maximum) {
            values["progress"] = [
                "text": progress.text, "width": SpendCharts.number(progress.width), "over": progress.over,
                "invoicedText": invoiced.text, "invoicedWidth": SpendCharts.number(invoiced.width), "invoicedOver": invoiced.over,
            ] as [String: Any]
        }
        let suppliers = Dictionary(contract.suppliers.map { ($0.id, $0.name) }) { first, _ in first }
        values["callOffs"] = use.callOffs.sorted { ($0.orderedOn, $0.id.uuidString) > ($1.orderedOn, $1.id.uuidString) }.map { callOff in
            [
                "orderedOn": callOff.orderedOn.iso, "amount": PageText.money(callOff.amount), "description": callOff.description,
                "reference": callOff.reference ?? "–", "supplier": suppliers[callOff.supplierID] ?? "–",
                "organisation": chrome.organisations[callOff.organisationID]?.name ?? "–",
            ] as [String: Any]
        }
        values["hasCallOffs"] = !use.callOffs.isEmpty
        if chrome.activeRole == .orderer, let own = chrome.memberOrganisationID, contract.parties.contains(where: { $0.id == own }),
           contract.status == .active {
            let typed = { (name: String) in state.typed(name, in: Self.callOffForm) ?? "" }
            var form: [String: Any] = [
                "amount": typed("amount"), "description": typed("description"), "reference": typed("reference"),
                "orderedOn": state.typed("orderedOn", in: Self.callOffForm) ?? today.iso,
                "organisation": chrome.organisations[own]?.name ?? "",
            ]
            if contract.suppliers.count > 1 {
                form["suppliers"] = contract.suppliers.map { supplier in
                    ["value": PageText.id(supplier.id), "label": supplier.rank.map { "\($0). \(supplier.name)" } ?? supplier.name,
                     "selected": PageText.id(supplier.id) == typed("supplierID")] as [String: Any]
                }
                form["choosesSupplier"] = true
            }
            if state.formID == Self.callOffForm, let error = state.error { form["refusal"] = error }
            values["form"] = form
        }
        return values
    }
}
