import Foundation
import Hummingbird
import Procurement
import Store

/// `/plan` and `/plan/<id>`: the procurement plan (*upphandlingsplan*). Everyone reads the
/// published items; a member's coordinator answers for the member; the office drafts,
/// publishes, reads every answer and pools the members that joined.
struct PlanPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var plan: PlanActions { PlanActions(database: database, configuration: configuration) }
    var pooling: PoolingActions { PoolingActions(database: database, configuration: configuration) }

    struct AnswerForm: PageForm { var decision: String?; var quantity: String?; var unit: String?; var yearlyValue: String?; var comment: String? }
    struct PlanItemForm: PageForm {
        var title: String?; var description: String?; var cpv: String?; var contractType: String?; var law: String?
        var framework: String?; var plannedStart: String?; var contractMonths: String?; var optionMonths: String?
        var answerDeadline: String?; var publish: String?
    }
    struct PoolForm: PageForm { var confirmationDeadline: String?; var maximumValue: String? }

    static let notices = Notices(messages: [
        "svar": "Ert svar är sparat.",
        "post": "Planposten är sparad.",
        "publicerad": "Planposten är publicerad för medlemmarna.",
    ])
    static let newItemForm = "ny-post"
    static let poolForm = "samordna"

    func register(on router: Router<AppRequestContext>) {
        router.get("/plan") { request, context -> Response in
            try await planPage(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/plan") { request, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            let form = try await URLEncodedFormDecoder().decode(PlanItemForm.self, from: request, context: context)
            do {
                let item = try await plan.createPlanItem(signedIn, try newPlanItem(form))
                return .redirect(to: "/plan?sparat=\(item.isPublished ? "publicerad" : "post")")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await planPage(context, .refused(
                    refusal, fallback: "Planposten kunde inte sparas.", formID: Self.newItemForm, draft: form.fields))
            }
        }
        router.post("/plan/:id/svar") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(AnswerForm.self, from: request, context: context)
            do {
                let decision = try Input.choice(form.decision, as: PlanDecision.self, field: "decision", refusal: "Välj Ansluter eller Avstår.")
                _ = try await plan.answer(signedIn, planItemID: id, .init(
                    decision: decision, quantity: form.quantity, unit: form.unit, yearlyValue: form.yearlyValue, comment: form.comment))
                return .redirect(to: "/plan?sparat=svar")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await planPage(context, .refused(
                    refusal, fallback: "Svaret kunde inte sparas.", formID: Self.answerForm(id), draft: form.fields))
            }
        }
        router.post("/plan/:id/publicera") { _, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            do {
                try await plan.publishPlanItem(signedIn, id: try context.uuid("id"))
                return .redirect(to: "/plan?sparat=publicerad")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await planPage(context, .refused(refusal, fallback: "Planposten kunde inte publiceras."))
            }
        }

        router.get("/plan/:id") { _, context -> Response in
            try await itemPage(context, id: try context.uuid("id"))
        }
        router.post("/plan/:id/samordna") { request, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(PoolForm.self, from: request, context: context)
            do {
                let procurement = try await pooling.create(signedIn, .init(
                    planItemID: id, maximumValue: form.maximumValue,
                    confirmationDeadline: try Input.date(form.confirmationDeadline, field: "confirmationDeadline", label: "sista dag för bekräftelse")))
                return .redirect(to: "/samordnade/\(PageText.id(procurement.id))")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await itemPage(context, id: id, .refused(
                    refusal, fallback: "Den samordnade upphandlingen kunde inte skapas.", formID: Self.poolForm, draft: form.fields))
            }
        }
    }

    static func answerForm(_ id: UUID) -> String { "svar-\(PageText.id(id))" }

    private func newPlanItem(_ form: PlanItemForm) throws -> PlanActions.NewPlanItem {
        PlanActions.NewPlanItem(
            title: form.title ?? "", description: form.description, cpv: form.cpv ?? "",
            contractType: try Input.choice(form.contractType, as: ContractType.self, field: "contractType",
                                           refusal: "Välj om det är varor, tjänster eller byggentreprenad."),
            law: try Input.choice(form.law ?? ProcurementLaw.lou.rawValue, as: ProcurementLaw.self, field: "law", refusal: "Välj LOU eller LUF."),
            framework: form.framework == "true",
            plannedStart: try Input.date(form.plannedStart, field: "plannedStart", label: "planerad avtalsstart"),
            contractMonths: try Input.wholeNumber(form.contractMonths, field: "contractMonths", label: "avtalstiden i månader"),
            optionMonths: try Input.optionMonths(form.optionMonths),
            answerDeadline: try Input.date(form.answerDeadline, field: "answerDeadline", label: "sista svarsdag"),
            publish: form.publish == "true")
    }

    // MARK: - Pages

    private func planPage(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let reader = try await PoolingReader.open(transaction, signedIn, today: configuration.today())
            // Published first, by start; then the office's drafts.
            let items = try await reader.planItems().sorted { ($0.published ? 0 : 1, $0.plannedStart, $0.title) < ($1.published ? 0 : 1, $1.plannedStart, $1.title) }
            var values = state.values
            values["items"] = items.map { itemValues($0, chrome: chrome, state: state) }
            values["hasItems"] = !items.isEmpty
            if chrome.isPoolingStaff { values["newItem"] = newItemValues(state) }
            return try pages.render("plan", values, chrome: chrome, status: state.status)
        }
    }

    private func itemPage(_ context: AppRequestContext, id: UUID, _ state: PageState = PageState()) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let reader = try await PoolingReader.open(transaction, signedIn, today: today)
            guard let item = try await reader.planItem(id: id) else { throw AppError.notFound("plan item \(id)") }
            var values = state.values.merging(itemValues(item, chrome: chrome, state: state, withForm: false)) { $1 }
            if chrome.readsOfficeWide {
                values["officeView"] = true
                values["answers"] = item.answers.map(answerValues)
                values["hasAnswers"] = !item.answers.isEmpty
                values["unansweredNames"] = (item.unanswered ?? []).map(\.name)
                values["hasUnanswered"] = !(item.unanswered ?? []).isEmpty
            }
            if chrome.isPoolingStaff, item.published, item.pooledProcurementID == nil {
                values["poolForm"] = [
                    "confirmationDeadline": state.typed("confirmationDeadline", in: Self.poolForm) ?? (today.adding(days: 30) ?? today).iso,
                    "maximumValue": state.typed("maximumValue", in: Self.poolForm) ?? "",
                    "today": today.iso,
                ]
            }
            return try pages.render("plan-item", values, chrome: chrome, status: state.status)
        }
    }

    // MARK: - Values

    private func itemValues(_ item: PoolingViews.PlanItemView, chrome: PageChrome, state: PageState, withForm: Bool = true) -> [String: Any] {
        let own = chrome.memberOrganisationID.flatMap { organisation in item.answers.first { $0.organisation.id == organisation } }
        var values: [String: Any] = [
            "id": PageText.id(item.id), "title": item.title, "description": item.description, "hasDescription": !item.description.isEmpty,
            "cpv": item.cpv, "cpvLabel": item.cpvLabel, "contractType": item.contractType.swedishName, "law": item.law.rawValue,
            "framework": PageText.yesNo(item.framework), "plannedStart": item.plannedStart.iso, "end": item.end.iso,
            "period": PageText.period(months: item.contractMonths, optionMonths: item.optionMonths),
            "answerDeadline": item.answerDeadline.iso, "published": item.published, "open": item.open,
            "deadlinePassed": item.published && !item.open,
            "isPooled": item.pooledProcurementID != nil, "pooledID": item.pooledProcurementID.map(PageText.id) ?? "",
            "canPublish": chrome.isPoolingStaff && !item.published,
            "memberUnanswered": chrome.memberOrganisationID != nil && own == nil,
        ]
        if let own { values["ownAnswer"] = answerValues(own) }
        if chrome.readsOfficeWide {
            values["counts"] = [
                "joined": item.answers.filter { $0.decision == .join }.count,
                "declined": item.answers.filter { $0.decision == .decline }.count,
                "unanswered": item.unanswered?.count ?? 0,
            ]
        }
        if withForm, chrome.isCoordinator, item.open {
            let formID = Self.answerForm(item.id)
            let typed = { (name: String) in state.typed(name, in: formID) }
            let decision = state.formID == formID ? typed("decision") : own?.decision.rawValue
            values["answerForm"] = [
                "hasAnswer": own != nil,
                "joinChecked": decision == PlanDecision.join.rawValue,
                "declineChecked": decision == PlanDecision.decline.rawValue,
                "quantity": typed("quantity") ?? PageText.formNumber(own?.quantity?.decimalString),
                "unit": typed("unit") ?? own?.unit ?? "",
                "yearlyValue": typed("yearlyValue") ?? PageText.formNumber(own?.yearlyValue),
                "comment": typed("comment") ?? own?.comment ?? "",
            ] as [String: Any]
        }
        return values
    }

    private func answerValues(_ answer: PoolingViews.AnswerView) -> [String: Any] {
        [
            "organisation": answer.organisation.name, "decision": answer.decision.swedishName, "joined": answer.decision == .join,
            "quantity": PageText.quantity(answer.quantity, unit: answer.unit),
            "quantityOnly": answer.quantity?.description ?? "–", "unit": answer.unit ?? "–",
            "value": PageText.money(answer.yearlyValue), "comment": answer.comment, "hasComment": !answer.comment.isEmpty,
            "answeredAt": SwedishTime.format(answer.answeredAt),
        ]
    }

    private func newItemValues(_ state: PageState) -> [String: Any] {
        let typed = { (name: String) in state.typed(name, in: Self.newItemForm) }
        let refused = state.formID == Self.newItemForm
        return [
            "title": typed("title") ?? "", "description": typed("description") ?? "", "cpv": typed("cpv") ?? "",
            "contractTypes": PageText.choices(ContractType.self, chosen: typed("contractType")) { $0.swedishName },
            "laws": PageText.choices(ProcurementLaw.self, chosen: typed("law") ?? ProcurementLaw.lou.rawValue) { $0.rawValue },
            "frameworkChecked": refused ? typed("framework") == "true" : true,
            "publishChecked": typed("publish") == "true",
            "plannedStart": typed("plannedStart") ?? "", "contractMonths": typed("contractMonths") ?? "",
            "optionMonths": typed("optionMonths") ?? "", "answerDeadline": typed("answerDeadline") ?? "",
            "today": configuration.today().iso,
        ]
    }
}
