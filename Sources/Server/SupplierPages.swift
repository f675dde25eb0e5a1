import Foundation
import Hummingbird
import Procurement
import Store

/// `/leverantorer` and `/leverantorer/<id>`: the supplier register (*leverantörsregister*)
/// with its search, and each supplier's checks before contract (*seriositetsprövning*).
/// Everyone in the office reads the register; the office's staff add suppliers and record
/// checks; the checks, and so the vetting state, are shown to the office-wide readers only.
struct SupplierPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: SupplierActions { SupplierActions(database: database, configuration: configuration) }

    struct SupplierForm: PageForm { var name: String?; var country: String?; var nationalID: String? }
    struct NameForm: PageForm { var name: String? }
    struct CheckForm: PageForm {
        var kind: String?; var result: String?; var checkedOn: String?; var validUntil: String?; var note: String?
    }

    static let notices = Notices(messages: [
        "ny": "Leverantören är tillagd i registret.",
        "namn": "Namnet är ändrat.",
        "kontroll": "Kontrollen är registrerad.",
    ])
    static let supplierForm = "ny-leverantor"
    static let nameForm = "namn"
    static let checkForm = "kontroll"

    func register(on router: Router<AppRequestContext>) {
        router.get("/leverantorer") { request, context -> Response in
            try await list(context, search: Self.formQuery(request, "q"), .notice(nil))
        }
        router.post("/leverantorer") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let form = try await URLEncodedFormDecoder().decode(SupplierForm.self, from: request, context: context)
            do {
                let supplier = try await actions.createSupplier(signedIn, .init(
                    name: form.name ?? "", country: form.country, organisationNumber: nil, nationalID: form.nationalID))
                return .redirect(to: "/leverantorer/\(PageText.id(supplier.id))?sparat=ny")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await list(context, search: "", .refused(
                    refusal, fallback: "Leverantören kunde inte läggas till.", formID: Self.supplierForm, draft: form.fields))
            }
        }

        router.get("/leverantorer/:id") { request, context -> Response in
            try await page(context, id: try context.uuid("id"), .notice(Self.notices.message(for: request)))
        }
        router.post("/leverantorer/:id/namn") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(NameForm.self, from: request, context: context)
            do {
                _ = try await actions.updateSupplier(signedIn, id: id, .init(name: form.name ?? ""))
                return .redirect(to: "/leverantorer/\(PageText.id(id))?sparat=namn")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(
                    refusal, fallback: "Namnet kunde inte ändras.", formID: Self.nameForm, draft: form.fields))
            }
        }
        router.post("/leverantorer/:id/kontroller") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(CheckForm.self, from: request, context: context)
            do {
                _ = try await actions.recordCheck(signedIn, supplierID: id, .init(
                    kind: try Input.choice(form.kind, as: SupplierCheckKind.self, field: "kind", refusal: "Välj vad som kontrollerades."),
                    result: try Input.choice(form.result, as: SupplierCheckResult.self, field: "result",
                                             refusal: "Välj om kontrollen är godkänd eller underkänd."),
                    checkedOn: try Input.date(form.checkedOn, field: "checkedOn", label: "kontrolldagen"),
                    validUntil: try Input.optionalDate(form.validUntil, field: "validUntil", label: "sista giltiga dag"),
                    note: form.note))
                return .redirect(to: "/leverantorer/\(PageText.id(id))?sparat=kontroll")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(
                    refusal, fallback: "Kontrollen kunde inte registreras.", formID: Self.checkForm, draft: form.fields))
            }
        }
    }

    private func list(_ context: AppRequestContext, search: String, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            guard chrome.activeRole != nil else { throw AppError.forbidden }
            let reader = SupplierReader(transaction: transaction, signedIn: signedIn, today: today)
            let suppliers = try await reader.suppliers(matching: search)
            var values = state.values
            values["search"] = search
            values["searched"] = !search.isEmpty
            values["readsChecks"] = reader.readsChecks
            values["suppliers"] = suppliers.map { supplier -> [String: Any] in
                var row: [String: Any] = [
                    "id": PageText.id(supplier.id), "name": supplier.name, "number": Self.number(supplier),
                    "country": Countries.swedishName(supplier.country),
                ]
                if let missing = supplier.missingChecks { row.merge(Self.vettingValues(missing)) { $1 } }
                return row
            }
            values["hasSuppliers"] = !suppliers.isEmpty
            if chrome.keepsSupplierRegister {
                let typed = { (name: String) in state.typed(name, in: Self.supplierForm) }
                values["supplierForm"] = [
                    "name": typed("name") ?? "", "country": typed("country") ?? "SE", "nationalID": typed("nationalID") ?? "",
                ]
            }
            return try pages.render("suppliers", values, chrome: chrome, status: state.status)
        }
    }

    private func page(_ context: AppRequestContext, id: UUID, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let reader = SupplierReader(transaction: transaction, signedIn: signedIn, today: today)
            guard let supplier = try await reader.supplier(id: id) else { throw AppError.notFound("supplier \(id)") }
            var values = state.values
            values["id"] = PageText.id(supplier.id)
            values["name"] = supplier.name
            values["number"] = Self.number(supplier)
            values["isSwedish"] = supplier.country == "SE"
            values["country"] = Countries.swedishName(supplier.country)
            values["countryCode"] = supplier.country
            values["readsChecks"] = reader.readsChecks
            if let missing = supplier.missingChecks {
                values.merge(Self.vettingValues(missing)) { $1 }
                let checks = (supplier.checks ?? []).reversed()
                values["checks"] = checks.map { check -> [String: Any] in
                    [
                        "kind": check.kind.swedishName, "checkedOn": check.checkedOn.iso, "validUntil": check.validUntil.iso,
                        "result": check.result.swedishName, "passed": check.result == .passed,
                        "state": check.result == .failed ? "Underkänd" : check.current ? "Gäller" : check.checkedOn > today ? "Ej giltig än" : "Har gått ut",
                        "checkedBy": check.checkedByName ?? "–", "note": check.note, "hasNote": !check.note.isEmpty,
                    ]
                }
                values["hasChecks"] = !checks.isEmpty
            }
            if chrome.keepsSupplierRegister {
                let typed = { (name: String) in state.typed(name, in: Self.checkForm) }
                let kind = typed("kind") ?? ""
                let result = typed("result") ?? SupplierCheckResult.passed.rawValue
                values["checkForm"] = [
                    "kinds": PageText.choices(SupplierCheckKind.self, chosen: kind) { $0.swedishName },
                    "results": SupplierCheckResult.allCases.map {
                        ["value": $0.rawValue, "label": $0.swedishName, "checked": $0.rawValue == result] as [String: Any]
                    },
                    "checkedOn": typed("checkedOn") ?? today.iso, "validUntil": typed("validUntil") ?? "",
                    "note": typed("note") ?? "", "today": today.iso,
                ] as [String: Any]
                values["nameForm"] = ["name": state.typed("name", in: Self.nameForm) ?? supplier.name]
            }
            return try pages.render("supplier", values, chrome: chrome, status: state.status)
        }
    }

    /// `556677-8899` for a Swedish supplier, the registration number as kept otherwise.
    private static func number(_ supplier: SupplierViews.SupplierView) -> String {
        supplier.organisationNumber ?? supplier.nationalID
    }

    /// "Godkänd för avtal", or what is missing: "Saknar: F-skatt; …".
    private static func vettingValues(_ missing: [SupplierCheckKind]) -> [String: Any] {
        [
            "cleared": missing.isEmpty,
            "vetting": missing.isEmpty ? "Godkänd för avtal" : "Saknar: " + missing.map(\.swedishName).joined(separator: "; "),
        ]
    }

    /// A field of a GET form's query, as a browser sends it: `+` for a space, then
    /// percent-encoding (Hummingbird's `queryParameters` decodes only the latter).
    static func formQuery(_ request: Request, _ name: String) -> String {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            let value = parts[1].replacingOccurrences(of: "+", with: " ")
            return (value.removingPercentEncoding ?? value).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ""
    }
}

extension PageChrome {
    /// Keeps the supplier register and records checks (as `SupplierActions.staff`).
    var keepsSupplierRegister: Bool { activeRole.map(SupplierActions.staff.contains) ?? false }
}
