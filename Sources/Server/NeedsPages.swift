import Foundation
import Hummingbird
import Procurement
import Store

/// `/behov`: a member's own needs (*behovsanmälningar*), registered and withdrawn by its
/// coordinator; for the office, every member's volumes side by side by CPV group, the
/// suggestions for pooling them and the direct purchases that add up too far.
struct NeedsPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var plan: PlanActions { PlanActions(database: database, configuration: configuration) }
    var pooling: PoolingActions { PoolingActions(database: database, configuration: configuration) }

    struct NeedForm: PageForm {
        var cpv: String?; var title: String?; var description: String?; var quantity: String?; var unit: String?
        var yearlyValue: String?; var wantedStart: String?; var months: String?
    }
    struct SuggestionForm: PageForm {
        var group: String?; var needIDs: String?; var contractType: String?; var title: String?; var confirmationDeadline: String?
    }

    static let notices = Notices(messages: ["behov": "Behovet är anmält.", "aterkallat": "Behovet är återkallat."])
    static let needForm = "nytt-behov"
    static func suggestionForm(_ group: String) -> String { "forslag-\(group)" }

    func register(on router: Router<AppRequestContext>) {
        router.get("/behov") { request, context -> Response in
            try await page(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/behov") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let form = try await URLEncodedFormDecoder().decode(NeedForm.self, from: request, context: context)
            do {
                _ = try await plan.registerNeed(signedIn, .init(
                    cpv: form.cpv ?? "", title: form.title ?? "", description: form.description, quantity: form.quantity ?? "",
                    unit: form.unit ?? "", yearlyValue: form.yearlyValue ?? "",
                    wantedStart: try Input.date(form.wantedStart, field: "wantedStart", label: "önskad start"),
                    months: try Input.wholeNumber(form.months, field: "months", label: "avtalstiden i månader")))
                return .redirect(to: "/behov?sparat=behov")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(refusal, fallback: "Behovet kunde inte sparas.", formID: Self.needForm, draft: form.fields))
            }
        }
        router.post("/behov/:id/aterkalla") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            do {
                try await plan.withdrawNeed(signedIn, id: try context.uuid("id"))
                return .redirect(to: "/behov?sparat=aterkallat")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(refusal, fallback: "Behovet kunde inte återkallas."))
            }
        }
        router.post("/behov/samordna") { request, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            let form = try await URLEncodedFormDecoder().decode(SuggestionForm.self, from: request, context: context)
            do {
                let ids = try (form.needIDs ?? "").split(separator: ",").map { text in
                    guard let id = UUID(uuidString: String(text)) else {
                        throw AppError.invalid("`needIDs` holds something that is not an id").swedish("Förslaget är inte giltigt. Ladda om sidan.")
                    }
                    return id
                }
                let procurement = try await pooling.create(signedIn, .init(
                    needIDs: ids, title: form.title,
                    contractType: try Input.choice(form.contractType, as: ContractType.self, field: "contractType",
                                                   refusal: "Ange om det är varor, tjänster eller byggentreprenad."),
                    confirmationDeadline: try Input.date(form.confirmationDeadline, field: "confirmationDeadline", label: "sista dag för bekräftelse")))
                return .redirect(to: "/samordnade/\(PageText.id(procurement.id))")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(
                    refusal, fallback: "Den samordnade upphandlingen kunde inte skapas.",
                    formID: Self.suggestionForm(form.group ?? ""), draft: form.fields))
            }
        }
    }

    private func page(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            guard chrome.readsOfficeWide || chrome.memberOrganisationID != nil else { throw AppError.forbidden }
            let reader = try await PoolingReader.open(transaction, signedIn, today: today)
            var values = state.values
            if chrome.readsOfficeWide {
                values["office"] = try await demandValues(reader.demand(), chrome: chrome, state: state, today: today)
            } else {
                let needs = try await reader.needs(includingWithdrawn: true)
                values["member"] = [
                    "needs": needs.map { needValues($0, chrome: chrome) }, "hasNeeds": !needs.isEmpty,
                    "organisation": chrome.memberOrganisationID.flatMap { chrome.organisations[$0]?.name } ?? "",
                ] as [String: Any]
                if chrome.isCoordinator {
                    let typed = { (name: String) in state.typed(name, in: Self.needForm) ?? "" }
                    values["needForm"] = Dictionary(uniqueKeysWithValues: ["cpv", "title", "description", "quantity", "unit", "yearlyValue", "wantedStart", "months"]
                        .map { ($0, typed($0)) })
                }
            }
            return try pages.render("needs", values, chrome: chrome, status: state.status)
        }
    }

    private func needValues(_ need: PoolingViews.NeedView, chrome: PageChrome) -> [String: Any] {
        [
            "id": PageText.id(need.id), "title": need.title, "description": need.description, "cpv": need.cpv, "cpvLabel": need.cpvLabel,
            "quantity": PageText.quantity(need.quantity, unit: need.unit), "value": PageText.money(need.yearlyValue),
            "wantedStart": need.wantedStart.iso, "end": need.end.iso, "months": need.months,
            "status": need.pooledProcurementID != nil ? "Samordnat" : need.status.swedishName,
            "isPooled": need.pooledProcurementID != nil, "pooledID": need.pooledProcurementID.map(PageText.id) ?? "",
            "canWithdraw": chrome.isCoordinator && need.status == .submitted && need.pooledProcurementID == nil,
        ]
    }

    private func demandValues(_ demand: PoolingViews.Demand, chrome: PageChrome, state: PageState, today: CalendarDate) -> [String: Any] {
        [
            "groups": demand.groups.map { group in
                [
                    "cpvGroup": group.cpvGroup, "label": group.label, "value": PageText.money(group.yearlyValue),
                    "entries": group.entries.map { entry in
                        [
                            "organisation": entry.organisation.name,
                            "source": entry.source == .planAnswer ? "Svar på planen" : "Behov",
                            "title": entry.title, "cpv": entry.cpv,
                            "quantity": entry.quantity?.description ?? "–", "unit": entry.unit ?? "–",
                            "value": PageText.money(entry.yearlyValue), "start": entry.start.iso, "end": entry.end.iso,
                            "isPooled": entry.pooledProcurementID != nil, "pooledID": entry.pooledProcurementID.map(PageText.id) ?? "",
                        ] as [String: Any]
                    },
                ] as [String: Any]
            },
            "hasGroups": !demand.groups.isEmpty,
            "suggestions": demand.suggestions.map { suggestion in
                let formID = Self.suggestionForm(suggestion.cpvGroup)
                var values: [String: Any] = [
                    "cpvGroup": suggestion.cpvGroup, "label": suggestion.label,
                    "organisations": suggestion.organisations.map(\.name).joined(separator: ", "),
                    "memberCount": suggestion.organisations.count,
                    "start": suggestion.earliestStart.iso, "end": suggestion.latestEnd.iso,
                    "value": PageText.money(suggestion.yearlyValue),
                ]
                if chrome.isPoolingStaff {
                    values["poolForm"] = [
                        "formID": formID, "needIDs": suggestion.needIDs.map(PageText.id).joined(separator: ","),
                        "title": state.typed("title", in: formID) ?? suggestion.label,
                        "contractTypes": PageText.choices(ContractType.self, chosen: state.typed("contractType", in: formID)) { $0.swedishName },
                        "confirmationDeadline": state.typed("confirmationDeadline", in: formID) ?? (today.adding(days: 30) ?? today).iso,
                        "today": today.iso,
                    ] as [String: Any]
                }
                return values
            },
            "hasSuggestions": !demand.suggestions.isEmpty,
            "warnings": demand.warnings.map(\.message),
            "hasWarnings": !demand.warnings.isEmpty,
        ]
    }
}
