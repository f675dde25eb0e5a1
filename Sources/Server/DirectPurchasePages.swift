import Foundation
import Hummingbird
import Procurement
import Store

/// `/direktupphandlingar`: the direct purchases (*direktupphandlingar*) a member registers, so
/// that purchases of the same kind are added up against the direct-award limit. A member's
/// coordinator and orderers see and register their own; the office sees every member's.
struct DirectPurchasePages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var plan: PlanActions { PlanActions(database: database, configuration: configuration) }

    struct PurchaseForm: PageForm {
        var cpv: String?; var description: String?; var supplierName: String?; var supplierOrganisationNumber: String?
        var date: String?; var value: String?
    }

    static let notices = Notices(messages: ["kop": "Direktupphandlingen är registrerad."])
    static let purchaseForm = "ny-direktupphandling"

    func register(on router: Router<AppRequestContext>) {
        router.get("/direktupphandlingar") { request, context -> Response in
            try await page(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/direktupphandlingar") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let form = try await URLEncodedFormDecoder().decode(PurchaseForm.self, from: request, context: context)
            do {
                _ = try await plan.registerDirectPurchase(signedIn, .init(
                    cpv: form.cpv ?? "", description: form.description ?? "", supplierName: form.supplierName ?? "",
                    supplierOrganisationNumber: form.supplierOrganisationNumber,
                    date: try Input.date(form.date, field: "date", label: "datumet för köpet"), value: form.value ?? ""))
                return .redirect(to: "/direktupphandlingar?sparat=kop")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(
                    refusal, fallback: "Direktupphandlingen kunde inte registreras.", formID: Self.purchaseForm, draft: form.fields))
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
            let purchases = try await reader.directPurchases().sorted { ($1.date, $0.organisation.name) < ($0.date, $1.organisation.name) }
            let warnings = try await reader.directPurchaseWarnings(thresholds: try await transaction.thresholdTable())
            var values = state.values
            values["officeView"] = chrome.readsOfficeWide
            values["organisation"] = chrome.memberOrganisationID.flatMap { chrome.organisations[$0]?.name } ?? ""
            values["purchases"] = purchases.map { purchase in
                [
                    "date": purchase.date.iso, "organisation": purchase.organisation.name, "description": purchase.description,
                    "supplier": purchase.supplierName, "supplierNumber": purchase.supplierOrganisationNumber ?? "–",
                    "cpv": purchase.cpv, "value": PageText.money(purchase.value),
                ]
            }
            values["hasPurchases"] = !purchases.isEmpty
            values["warnings"] = warnings.map(\.message)
            values["hasWarnings"] = !warnings.isEmpty
            if chrome.memberOrganisationID != nil, [.coordinator, .orderer].contains(chrome.activeRole) {
                let typed = { (name: String) in state.typed(name, in: Self.purchaseForm) }
                values["purchaseForm"] = [
                    "cpv": typed("cpv") ?? "", "description": typed("description") ?? "", "supplierName": typed("supplierName") ?? "",
                    "supplierOrganisationNumber": typed("supplierOrganisationNumber") ?? "", "date": typed("date") ?? today.iso,
                    "value": typed("value") ?? "", "today": today.iso,
                ]
            }
            return try pages.render("direct-purchases", values, chrome: chrome, status: state.status)
        }
    }
}
