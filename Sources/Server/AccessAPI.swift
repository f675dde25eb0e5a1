import Foundation
import Hummingbird
import Procurement
import Store

/// The JSON API of identity and access, under `/api/v1`. Every route runs as the signed-in
/// user's identity, so row-level security decides what exists: a row the role may not see
/// answers 404, exactly like a row that does not exist.
struct AccessAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var admin: AdminActions { AdminActions(database: database, configuration: configuration) }
    var account: AccountActions { AccountActions(database: database, configuration: configuration) }

    struct RoleView: ResponseEncodable {
        var id: UUID
        var role: Role
        var organisationID: UUID?
        init(_ assignment: RoleAssignment) {
            id = assignment.id
            role = assignment.role
            organisationID = assignment.organisationID
        }
    }

    struct UserView: ResponseEncodable {
        var id: UUID
        var email: String
        var name: String
        var active: Bool
        var mustChangePassword: Bool
        var roles: [RoleView]
        init(_ user: User, roles: [RoleAssignment]) {
            id = user.id
            email = user.email.normalized
            name = user.name
            active = user.active
            mustChangePassword = user.mustChangePassword
            self.roles = roles.filter { $0.userID == user.id }.map(RoleView.init)
        }
    }

    struct Me: ResponseEncodable {
        var user: UserView
        var office: Office
        var activeRole: RoleView?
        var credential: String
    }

    struct UserList: ResponseEncodable { var users: [UserView] }
    struct OrganisationList: ResponseEncodable { var organisations: [OfficeRoutes.OrganisationView] }
    struct TokenList: ResponseEncodable { var tokens: [APITokenRecord] }
    struct NewToken: ResponseEncodable {
        var token: APITokenRecord
        /// Shown once: only its hash is kept.
        var secret: String
    }
    struct AuditList: ResponseEncodable {
        struct Event: Encodable {
            var seq: Int64
            var occurredAt: Date
            var actorUserID: UUID?
            var actorRole: String?
            var actorOrganisationID: UUID?
            var action: String
            var entity: String
            var entityID: String?
        }
        var events: [Event]
    }
    struct AuditCheck: ResponseEncodable {
        var intact: Bool
        var events: Int64?
        var brokenAt: Int64?
        var reason: String?
        var message: String
    }

    struct ActiveRoleInput: Decodable { var roleID: UUID }
    struct PasswordInput: Decodable { var currentPassword: String; var newPassword: String }
    struct TokenInput: Decodable { var name: String; var roleID: UUID; var validDays: Int? }
    struct RoleInput: Decodable { var role: Role; var organisationID: UUID? }
    struct UserPatch: Decodable { var active: Bool?; var name: String? }
    struct OrganisationPatch: Decodable { var name: String?; var population: Int?; var memberTo: CalendarDate? }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.get("me") { _, context -> Me in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                guard let user = try await transaction.user(id: signedIn.userID), let office = try await transaction.currentOffice() else {
                    throw AppError.unauthenticated
                }
                let roles = try await transaction.roleAssignments(ofUser: signedIn.userID)
                return Me(
                    user: UserView(user, roles: roles), office: office, activeRole: signedIn.activeRole.map(RoleView.init),
                    credential: { if case .session = signedIn.credential { "session" } else { "api_token" } }())
            }
        }
        api.put("me/active-role") { request, context -> Response in
            let input = try await request.decode(as: ActiveRoleInput.self, context: context)
            try await account.switchRole(try context.requireSignedIn(), to: input.roleID)
            return Response(status: .noContent)
        }
        api.post("me/password") { request, context -> Response in
            let input = try await request.decode(as: PasswordInput.self, context: context)
            try await account.changePassword(try context.requireSignedIn(), current: input.currentPassword, new: input.newPassword)
            return Response(status: .noContent)
        }

        api.get("tokens") { _, context -> TokenList in
            let signedIn = try context.requireSignedIn()
            return TokenList(tokens: try await database.transaction(as: signedIn.identity, readOnly: true) {
                try await $0.apiTokens(ofUser: signedIn.userID)
            })
        }
        api.post("tokens") { request, context -> Response in
            let input = try await request.decode(as: TokenInput.self, context: context)
            let (record, secret) = try await account.createToken(
                try context.requireSignedIn(), name: input.name, roleID: input.roleID, validDays: input.validDays)
            return try NewToken(token: record, secret: secret).jsonResponse(status: .created)
        }
        api.delete("tokens/:id") { _, context -> Response in
            try await account.revokeToken(try context.requireSignedIn(), id: try context.uuid("id"))
            return Response(status: .noContent)
        }

        api.get("organisations") { _, context -> OrganisationList in
            let signedIn = try context.requireSignedIn()
            return OrganisationList(organisations: try await database.transaction(as: signedIn.identity, readOnly: true) {
                try await $0.organisations().map(OfficeRoutes.OrganisationView.init)
            })
        }
        api.get("organisations/:id") { _, context -> OfficeRoutes.OrganisationView in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            guard let organisation = try await database.transaction(as: signedIn.identity, readOnly: true, { try await $0.organisation(id: id) })
            else { throw AppError.notFound("organisation \(id)") }
            return OfficeRoutes.OrganisationView(organisation)
        }
        api.post("organisations") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let input = try await request.decode(as: AdminActions.NewOrganisation.self, context: context)
            return try OfficeRoutes.OrganisationView(try await admin.createOrganisation(signedIn, input)).jsonResponse(status: .created)
        }
        api.patch("organisations/:id") { request, context -> OfficeRoutes.OrganisationView in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let patch = try await request.decode(as: OrganisationPatch.self, context: context)
            return OfficeRoutes.OrganisationView(try await database.transaction(as: signedIn.identity) { transaction in
                guard var organisation = try await transaction.organisation(id: id) else { throw AppError.notFound("organisation \(id)") }
                guard signedIn.activeRole?.role == .administrator else { throw AppError.forbidden }
                if let name = patch.name?.trimmingCharacters(in: .whitespacesAndNewlines) {
                    guard (1...200).contains(name.count) else { throw AppError.invalid("`name` must be 1 to 200 characters") }
                    organisation.name = name
                }
                if let population = patch.population {
                    guard population >= 0 else { throw AppError.invalid("`population` cannot be negative") }
                    organisation.population = population
                }
                if let memberTo = patch.memberTo {
                    guard memberTo >= organisation.memberFrom else { throw AppError.invalid("`memberTo` is before `memberFrom`") }
                    organisation.memberTo = memberTo
                }
                guard try await transaction.updateOrganisation(organisation) else { throw AppError.notFound("organisation \(id)") }
                return organisation
            })
        }

        api.get("users") { _, context -> UserList in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                let roles = try await transaction.roleAssignments()
                return UserList(users: try await transaction.users().map { UserView($0, roles: roles) })
            }
        }
        api.get("users/:id") { _, context -> UserView in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                guard let user = try await transaction.user(id: id) else { throw AppError.notFound("user \(id)") }
                return UserView(user, roles: try await transaction.roleAssignments(ofUser: id))
            }
        }
        api.post("users") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let input = try await request.decode(as: AdminActions.NewUser.self, context: context)
            let (user, roles) = try await admin.createUser(signedIn, input)
            return try UserView(user, roles: roles).jsonResponse(status: .created)
        }
        api.patch("users/:id") { request, context -> UserView in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let patch = try await request.decode(as: UserPatch.self, context: context)
            try await requireVisibleUser(id, signedIn)
            guard signedIn.activeRole?.role == .administrator else { throw AppError.forbidden }
            return try await admin.updateUser(signedIn, userID: id, active: patch.active, name: patch.name) { transaction, user in
                UserView(user, roles: try await transaction.roleAssignments(ofUser: id))
            }
        }
        api.post("users/:id/roles") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let input = try await request.decode(as: RoleInput.self, context: context)
            try await requireVisibleUser(id, signedIn)
            guard signedIn.activeRole?.role == .administrator else { throw AppError.forbidden }
            let role = try await admin.grantRole(signedIn, userID: id, role: input.role, organisationID: input.organisationID)
            return try RoleView(role).jsonResponse(status: .created)
        }
        api.delete("users/:id/roles/:roleID") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            try await requireVisibleUser(id, signedIn)
            guard signedIn.activeRole?.role == .administrator else { throw AppError.forbidden }
            try await admin.revokeRole(signedIn, userID: id, roleID: try context.uuid("roleID"))
            return Response(status: .noContent)
        }

        api.get("audit/events") { request, context -> AuditList in
            let signedIn = try context.require([.administrator, .controller])
            let limit = request.uri.queryParameters["limit"].flatMap { Int($0) } ?? 100
            guard (1...1000).contains(limit) else { throw AppError.invalid("`limit` must be from 1 to 1000") }
            let before = try request.uri.queryParameters["before"].map { text in
                guard let value = Int64(text) else { throw AppError.invalid("`before` must be an event number") }
                return value
            }
            let events = try await database.transaction(as: signedIn.identity, readOnly: true) {
                try await $0.auditEvents(limit: limit, beforeSeq: before)
            }
            return AuditList(events: events.map {
                .init(seq: $0.seq, occurredAt: $0.occurredAt, actorUserID: $0.actorUserID, actorRole: $0.actorRole,
                      actorOrganisationID: $0.actorOrganisationID, action: $0.action, entity: $0.entity, entityID: $0.entityID)
            })
        }
        api.get("audit/verification") { _, context -> AuditCheck in
            let signedIn = try context.require([.administrator, .controller])
            let result = try await database.transaction(as: signedIn.identity, readOnly: true) { try await $0.verifyAuditChain() }
            switch result {
            case .intact(let events):
                return AuditCheck(intact: true, events: events, message: result.description)
            case .broken(let seq, let reason):
                return AuditCheck(intact: false, brokenAt: seq, reason: reason.rawValue, message: result.description)
            }
        }
    }

    /// 404 for a user the identity cannot see, before any role check can tell that it exists.
    private func requireVisibleUser(_ id: UUID, _ signedIn: Authenticated) async throws {
        guard try await database.transaction(as: signedIn.identity, readOnly: true, { try await $0.user(id: id) }) != nil else {
            throw AppError.notFound("user \(id)")
        }
    }
}
