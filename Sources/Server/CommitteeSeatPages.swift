import Foundation
import Hummingbird
import Procurement
import Store

/// `/namnd`: the joint committee of the current term, seat by seat (the member organisation's
/// ledamot and its ersättare in order), for everyone signed in; administrators add a term and
/// mandates through `CommitteeActions`.
struct CommitteeSeatPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: CommitteeActions { CommitteeActions(database: database, configuration: configuration) }

    struct TermForm: PageForm { var name: String?; var startsOn: String?; var endsOn: String? }
    struct MandateForm: PageForm {
        var termID: String?; var organisationID: String?; var userID: String?; var position: String?; var rank: String?; var presiding: String?
    }

    static let notices = Notices(messages: [
        "period": "Mandatperioden är sparad.",
        "uppdrag": "Uppdraget i nämnden är sparat.",
    ])
    static let termForm = "ny-period"
    static let mandateForm = "nytt-uppdrag"

    func register(on router: Router<AppRequestContext>) {
        router.get("/namnd") { request, context -> Response in
            try await page(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/namnd/perioder") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let form = try await URLEncodedFormDecoder().decode(TermForm.self, from: request, context: context)
            do {
                _ = try await actions.createTerm(signedIn, .init(
                    name: form.name ?? "",
                    startsOn: try Input.date(form.startsOn, field: "startsOn", label: "första dagen"),
                    endsOn: try Input.date(form.endsOn, field: "endsOn", label: "sista dagen")))
                return .redirect(to: "/namnd?sparat=period")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(refusal, fallback: "Mandatperioden kunde inte sparas.", formID: Self.termForm, draft: form.fields))
            }
        }
        router.post("/namnd/uppdrag") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let form = try await URLEncodedFormDecoder().decode(MandateForm.self, from: request, context: context)
            do {
                guard let termID = form.termID.flatMap(UUID.init(uuidString:)) else {
                    throw AppError.invalid("`termID` is required").swedish("Lägg in en mandatperiod först.")
                }
                guard let organisationID = form.organisationID.flatMap(UUID.init(uuidString:)) else {
                    throw AppError.invalid("`organisationID` is required").swedish("Välj organisation.")
                }
                guard let userID = form.userID.flatMap(UUID.init(uuidString:)) else {
                    throw AppError.invalid("`userID` is required").swedish("Välj person.")
                }
                let rank = (form.rank ?? "").isEmpty ? nil : try Input.wholeNumber(form.rank, field: "rank", label: "ersättarens ordning")
                let presiding = (form.presiding ?? "").isEmpty ? nil
                    : try Input.choice(form.presiding, as: CommitteeMandate.Presiding.self, field: "presiding", refusal: "Välj ordförande, vice ordförande eller inget.")
                _ = try await actions.addMandate(signedIn, termID: termID, .init(
                    organisationID: organisationID, userID: userID, position: form.position ?? "",
                    rank: form.position == "substitute" ? rank : nil, presiding: form.position == "member" ? presiding : nil))
                return .redirect(to: "/namnd?sparat=uppdrag")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(refusal, fallback: "Uppdraget kunde inte sparas.", formID: Self.mandateForm, draft: form.fields))
            }
        }
    }

    private func page(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let today = configuration.today()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            var values = state.values
            let terms = try await transaction.committeeTerms()
            let term = try await transaction.committeeTerm(on: today) ?? terms.first
            if let term {
                values["term"] = ["name": term.name, "startsOn": term.startsOn.iso, "endsOn": term.endsOn.iso, "id": PageText.id(term.id)]
                let roster = try await transaction.committeeRoster(termID: term.id)
                let byOrganisation = Dictionary(grouping: roster) { $0.mandate.organisationID }
                values["seats"] = byOrganisation.map { organisationID, entries -> (String, [String: Any]) in
                    let name = chrome.organisations[organisationID]?.name ?? ""
                    let member = entries.first { if case .member = $0.mandate.position { true } else { false } }
                    let substitutes = entries.compactMap { entry -> (Int, String)? in
                        if case .substitute(let rank) = entry.mandate.position { (rank, entry.name) } else { nil }
                    }.sorted { $0.0 < $1.0 }
                    return (name, [
                        "organisation": name,
                        "member": member?.name ?? "–",
                        "presiding": member.map { CommitteePages.positionName($0.mandate.position) }.flatMap { $0 == "Ledamot" ? nil : $0 } ?? "",
                        "substitutes": substitutes.map { "\($0.0). \($0.1)" }.joined(separator: ", "),
                    ])
                }.sorted { $0.0 < $1.0 }.map(\.1)
                values["seatCount"] = byOrganisation.values.filter { $0.contains { if case .member = $0.mandate.position { true } else { false } } }.count
            }
            if chrome.activeRole == .administrator {
                let typedTerm = { (name: String) in state.typed(name, in: Self.termForm) ?? "" }
                values["termForm"] = ["name": typedTerm("name"), "startsOn": typedTerm("startsOn"), "endsOn": typedTerm("endsOn")]
                if let term {
                    let typed = { (name: String) in state.typed(name, in: Self.mandateForm) }
                    let users = try await transaction.users().sorted { $0.name < $1.name }
                    values["mandateForm"] = [
                        "termID": PageText.id(term.id), "termName": term.name,
                        "organisations": chrome.organisations.values.filter { $0.isMember(on: today) }.sorted { $0.name < $1.name }.map {
                            ["value": PageText.id($0.id), "label": $0.name, "selected": PageText.id($0.id) == typed("organisationID")] as [String: Any]
                        },
                        "users": users.map {
                            ["value": PageText.id($0.id), "label": "\($0.name) (\($0.email))", "selected": PageText.id($0.id) == typed("userID")] as [String: Any]
                        },
                        "substituteChecked": typed("position") == "substitute",
                        "rank": typed("rank") ?? "",
                        "chairSelected": typed("presiding") == "chair",
                        "viceChairSelected": typed("presiding") == "vice_chair",
                    ] as [String: Any]
                }
            }
            return try pages.render("committee", values, chrome: chrome, status: state.status)
        }
    }
}
