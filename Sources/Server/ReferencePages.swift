import Foundation
import Hummingbird
import Procurement
import Store

/// `/admin/troskelvarden`: the thresholds and direct-award limits with their validity and
/// sources. Everyone signed in reads them; an administrator enters a missing amount in kronor
/// and adds new periods.
struct ReferencePages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var reference: ReferenceActions { ReferenceActions(database: database) }

    struct SEKForm: PageForm { var sek: String? }
    struct ThresholdForm: PageForm {
        var law: String?; var kind: String?; var buyer: String?; var validFrom: String?; var validTo: String?
        var eur: String?; var sek: String?; var source: String?
    }

    static let notices = Notices(messages: ["belopp": "Beloppet i kronor är sparat.", "period": "Perioden är tillagd."])
    static let newPeriodForm = "ny-period"
    static func sekForm(_ id: UUID) -> String { "sek-\(PageText.id(id))" }

    func register(on router: Router<AppRequestContext>) {
        router.get("/admin/troskelvarden") { request, context -> Response in
            try await page(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/admin/troskelvarden/:id/sek") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(SEKForm.self, from: request, context: context)
            do {
                _ = try await reference.enterThresholdSEK(signedIn, id: id, sek: form.sek)
                return .redirect(to: "/admin/troskelvarden?sparat=belopp")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(
                    refusal, fallback: "Beloppet kunde inte sparas.", formID: Self.sekForm(id), draft: form.fields))
            }
        }
        router.post("/admin/troskelvarden") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let form = try await URLEncodedFormDecoder().decode(ThresholdForm.self, from: request, context: context)
            do {
                _ = try await reference.addThreshold(signedIn, try newThreshold(form))
                return .redirect(to: "/admin/troskelvarden?sparat=period")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(
                    refusal, fallback: "Perioden kunde inte läggas till.", formID: Self.newPeriodForm, draft: form.fields))
            }
        }
    }

    private func newThreshold(_ form: ThresholdForm) throws -> ReferenceActions.NewThreshold {
        let eurText = (form.eur ?? "").filter { !$0.isWhitespace }
        var eur: Int64?
        if !eurText.isEmpty {
            guard let value = Int64(eurText) else {
                throw AppError.invalid("`eur` must be whole euro").swedish("Ange beloppet i euro som ett heltal.")
            }
            eur = value
        }
        return ReferenceActions.NewThreshold(
            law: try Input.choice(form.law, as: ProcurementLaw.self, field: "law", refusal: "Välj LOU eller LUF."),
            kind: try Input.choice(form.kind, as: ThresholdKind.self, field: "kind", refusal: "Välj vilket slags tröskelvärde det är."),
            buyer: try Input.choice(form.buyer, as: BuyerCategory.self, field: "buyer", refusal: "Välj vilka upphandlande myndigheter det gäller."),
            validFrom: try Input.date(form.validFrom, field: "validFrom", label: "första giltiga dag"),
            validTo: try Input.optionalDate(form.validTo, field: "validTo", label: "sista giltiga dag"),
            eur: eur, sek: form.sek, source: form.source ?? "")
    }

    private func page(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let isAdministrator = chrome.activeRole == .administrator
            let thresholds = try await transaction.thresholds()
            var values = state.values
            values["isAdministrator"] = isAdministrator
            values["thresholds"] = thresholds.map { stored in
                let threshold = stored.threshold
                let formID = Self.sekForm(stored.id)
                return [
                    "id": PageText.id(stored.id), "law": threshold.law.rawValue, "kind": threshold.kind.swedishName,
                    "buyer": threshold.buyer.swedishName, "validFrom": threshold.validFrom.iso, "validTo": threshold.validTo?.iso ?? "tills vidare",
                    "current": threshold.isValid(on: today), "eur": threshold.eurText ?? "–",
                    "sek": threshold.sek?.description ?? "saknas", "missingSEK": threshold.sek == nil,
                    "canEnterSEK": isAdministrator && threshold.sek == nil, "typedSEK": state.typed("sek", in: formID) ?? "",
                    "source": threshold.source,
                ] as [String: Any]
            }
            if isAdministrator {
                let typed = { (name: String) in state.typed(name, in: Self.newPeriodForm) }
                values["newPeriod"] = [
                    "laws": PageText.choices(ProcurementLaw.self, chosen: typed("law")) { $0.rawValue },
                    "kinds": PageText.choices(ThresholdKind.self, chosen: typed("kind")) { $0.swedishName },
                    "buyers": PageText.choices(BuyerCategory.self, chosen: typed("buyer") ?? BuyerCategory.subCentral.rawValue) { $0.swedishName },
                    "validFrom": typed("validFrom") ?? "", "validTo": typed("validTo") ?? "", "eur": typed("eur") ?? "",
                    "sek": typed("sek") ?? "", "source": typed("source") ?? "",
                ] as [String: Any]
            }
            return try pages.render("thresholds", values, chrome: chrome, status: state.status)
        }
    }
}
