import Foundation
import Hummingbird
import Procurement
import Store

/// `/start`: what the signed-in user's active role is about. A member's roles see their own
/// organisation and its people; office staff see the office at a glance.
struct StartRoutes: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    func register(on router: Router<AppRequestContext>) {
        router.get("/start") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
                var values: [String: Any] = ["noRole": signedIn.activeRole == nil]
                if let organisationID = signedIn.activeRole?.organisationID, let organisation = chrome.organisations[organisationID] {
                    values["organisation"] = [
                        "name": organisation.name, "kind": organisation.kind.swedishName,
                        "organisationNumber": organisation.organisationNumber.formatted,
                        "kommunkod": organisation.kommunkod?.code ?? "–",
                        "population": organisation.population.map(SwedishNumber.format) ?? "–",
                        "memberFrom": organisation.memberFrom.iso,
                    ]
                }
                // Row-level security decides whom the role sees: a coordinator, the people of
                // their own organisation; office staff, everyone; others, themselves.
                let users = try await transaction.users()
                let roles = try await transaction.roleAssignments()
                if chrome.activeRole?.isOfficeStaff == true {
                    values["officeSummary"] = ["memberCount": chrome.organisations.count, "userCount": users.count]
                } else if users.count > 1 {
                    values["hasPeople"] = true
                    values["peopleHeading"] = "Personer med roller i din organisation"
                    values["people"] = users.map { user in
                        [
                            "name": user.name, "email": user.email.normalized,
                            "roles": roles.filter { $0.userID == user.id }.map(chrome.label).joined(separator: "; "),
                        ]
                    }
                }
                if chrome.isCoordinator, let organisationID = chrome.memberOrganisationID {
                    // The plan items still open that the member has not answered.
                    let reader = try await PoolingReader.open(transaction, signedIn, today: configuration.today())
                    let waiting = try await reader.planItems().filter { item in
                        item.open && !item.answers.contains { $0.organisation.id == organisationID }
                    }
                    if !waiting.isEmpty {
                        values["planWaiting"] = waiting.count == 1
                            ? "1 post i upphandlingsplanen väntar på ert svar."
                            : "\(waiting.count) poster i upphandlingsplanen väntar på ert svar."
                    }
                }
                if chrome.memberOrganisationID != nil || chrome.readsOfficeWide {
                    // Contracts ending soon with nothing procured to follow them: the member must
                    // know as well as the office (the register flags the same ones).
                    let flagged = try await ContractReader(transaction: transaction, today: configuration.today()).contracts().filter(\.needsSuccessor)
                    if !flagged.isEmpty {
                        values["contractsFlagged"] = "\(flagged.count) avtal löper ut inom \(ContractReader.successorWatchMonths) månader utan efterföljande uppdrag."
                    }
                }
                return try pages.render("start", values, chrome: chrome)
            }
        }
    }
}
