import Authentication
import Foundation
import Hummingbird
import Procurement
import Store

/// What every signed-in page shows around its content: who is signed in, the active role
/// and organisation, the role switcher, the navigation the role may use.
struct PageChrome {
    var user: User
    var office: Office
    var roles: [RoleAssignment]
    var organisations: [UUID: Organisation]
    var signedIn: Authenticated
    var csrf: String

    static func load(in transaction: Transaction, for signedIn: Authenticated, sessionSecret: String?) async throws -> PageChrome {
        guard let user = try await transaction.user(id: signedIn.userID), let office = try await transaction.currentOffice() else {
            throw AppError.unauthenticated
        }
        let organisations = try await transaction.organisations()
        return PageChrome(
            user: user, office: office,
            roles: try await transaction.roleAssignments(ofUser: signedIn.userID).sorted { $0.role < $1.role },
            organisations: Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) }),
            signedIn: signedIn, csrf: sessionSecret.map(CSRFToken.derive(fromSession:)) ?? "")
    }

    var activeRole: Role? { signedIn.activeRole?.role }

    func label(_ assignment: RoleAssignment) -> String {
        guard let organisationID = assignment.organisationID, let organisation = organisations[organisationID] else {
            return assignment.role.swedishName
        }
        return "\(assignment.role.swedishName), \(organisation.name)"
    }

    var context: [String: Any] {
        [
            "userName": user.name,
            "roleLabel": signedIn.activeRole.map(label) ?? "Ingen roll vald",
            "canSwitch": roles.count > 1 && !csrf.isEmpty,
            "roles": roles.map { ["id": $0.id.uuidString.lowercased(), "label": label($0), "selected": $0.id == signedIn.activeRole?.id] },
            "csrf": csrf,
            "isAdministrator": activeRole == .administrator,
            "canReadAudit": activeRole == .administrator || activeRole == .controller,
            "hasRole": activeRole != nil,
            "isMember": memberOrganisationID != nil,
            "isCoordinator": isCoordinator,
            "isPoolingStaff": isPoolingStaff,
            "readsOfficeWide": readsOfficeWide,
            "seesMemberWork": memberOrganisationID != nil || readsOfficeWide,
            "isCommittee": activeRole?.isCommittee ?? false,
            "keepsSupplierRegister": keepsSupplierRegister,
            "readsSpend": activeRole.map(SpendActions.readers.contains) ?? false,
            // The tenders' stages are the office's and the committee's work; a member's users
            // meet the outcome in the contract register.
            "seesTenders": readsOfficeWide || (activeRole?.isCommittee ?? false),
        ]
    }
}

extension Pages {
    /// Renders a signed-in page: `values` plus the chrome under `chrome`.
    func render(_ template: String, _ values: [String: Any], chrome: PageChrome, status: HTTPResponse.Status = .ok) throws -> Response {
        var context = values
        context["chrome"] = chrome.context
        context["officeName"] = chrome.office.name
        return try render(template, context, status: status)
    }
}
