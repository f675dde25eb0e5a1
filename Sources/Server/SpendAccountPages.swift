import Foundation
import Hummingbird
import Procurement
import Store

/// `/inkop/konton`: the office's account map (*kontomappning*), which gives invoice lines their
/// category: a member's account, or the start of one (*5611*, or *56* for the whole group),
/// mapped to a CPV code, for every member or for one. Everyone in the office reads it; those
/// who keep the contract register change it. A change categorises spend imported afterwards.
struct SpendAccountPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    struct AccountForm: PageForm { var account: String?; var cpv: String?; var organisation: String? }

    static let notices = Notices(messages: ["konto": "Kontot är mappat.", "borttaget": "Mappningen är borttagen."])
    static let accountForm = "konto"

    func register(on router: Router<AppRequestContext>) {
        router.get("/inkop/konton") { request, context -> Response in
            try await page(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/inkop/konton") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let form = try await URLEncodedFormDecoder().decode(AccountForm.self, from: request, context: context)
            return try await submitForm(
                then: "/inkop/konton?sparat=konto", fallback: "Kontot kunde inte mappas.", formID: Self.accountForm, draft: form.fields,
                orShow: { try await page(context, $0) }
            ) {
                let account = try Input.text(form.account, field: "account", label: "kontot", maxLength: 60)
                var organisationID: UUID?
                if let text = form.organisation, !text.isEmpty {
                    guard let id = UUID(uuidString: text) else { throw AppError.invalid("`organisation` is not an id").swedish("Välj en organisation.") }
                    organisationID = id
                }
                try await database.transaction(as: signedIn.identity) { transaction in
                    let cpv = try await Input.cpv(form.cpv, in: transaction)
                    if let organisationID, try await transaction.organisation(id: organisationID) == nil {
                        throw AppError.notFound("organisation \(organisationID)")
                    }
                    try await transaction.setSpendAccount(organisationID: organisationID, account: account, cpv: cpv.code)
                }
            }
        }
        router.post("/inkop/konton/:id/ta-bort") { _, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            return try await submitForm(then: "/inkop/konton?sparat=borttaget", fallback: "Mappningen kunde inte tas bort.",
                                        orShow: { try await page(context, $0) }) {
                let removed = try await database.transaction(as: signedIn.identity) { try await $0.removeSpendAccount(id: id) }
                guard removed else { throw AppError.notFound("account mapping \(id)").swedish("Mappningen finns inte.") }
            }
        }
    }

    private func page(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.require(SpendActions.readers)
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let accounts = try await transaction.spendAccounts()
            var labels: [String: String] = [:]
            for code in Set(accounts.map(\.cpv)) { labels[code.code] = try await transaction.cpv(code.code)?.labelSV }
            var values = state.values
            values["editable"] = chrome.activeRole.map(ContractActions.keepers.contains) ?? false
            values["accounts"] = accounts.map { account -> [String: Any] in
                [
                    "id": PageText.id(account.id), "account": account.account, "cpv": account.cpv.code,
                    "label": labels[account.cpv.code] ?? "",
                    "organisation": account.organisationID.flatMap { chrome.organisations[$0]?.name } ?? "Alla medlemmar",
                ]
            }
            values["hasAccounts"] = !accounts.isEmpty
            values["organisations"] = chrome.organisations.values.sorted { $0.name < $1.name }.map {
                ["value": PageText.id($0.id), "label": $0.name, "selected": state.typed("organisation", in: Self.accountForm) == PageText.id($0.id)] as [String: Any]
            }
            values["draftAccount"] = state.typed("account", in: Self.accountForm) ?? ""
            values["draftCPV"] = state.typed("cpv", in: Self.accountForm) ?? ""
            return try pages.render("spend-accounts", values, chrome: chrome, status: state.status)
        }
    }
}
