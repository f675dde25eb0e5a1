import Foundation
import Hummingbird
import Procurement
import Store

/// The office administrator's pages: members, users and their roles; and the audit log,
/// which contract controllers read too.
struct AdminPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: AdminActions { AdminActions(database: database, configuration: configuration) }

    struct OrganisationForm: Decodable {
        var kind: String?; var name: String?; var organisationNumber: String?; var kommunkod: String?
        var population: String?; var memberFrom: String?; var memberTo: String?
    }
    struct UserForm: Decodable { var email: String?; var name: String?; var password: String?; var role: String?; var organisationID: String? }
    struct RoleForm: Decodable { var role: String?; var organisationID: String? }
    struct StatusForm: Decodable { var active: String? }

    func register(on router: Router<AppRequestContext>) {
        router.get("/admin/medlemmar") { _, context -> Response in
            try await membersPage(context)
        }
        router.post("/admin/medlemmar") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let form = try await URLEncodedFormDecoder().decode(OrganisationForm.self, from: request, context: context)
            do {
                guard let kind = form.kind.flatMap(OrganisationKind.init(rawValue:)) else {
                    throw AppError.invalid("unknown kind").swedish("Välj typ av organisation.")
                }
                guard let from = form.memberFrom.flatMap({ CalendarDate(iso: $0) }) else {
                    throw AppError.invalid("bad date").swedish("Ange medlemskapets startdatum som ÅÅÅÅ-MM-DD.")
                }
                let to = try form.memberTo.flatMap { $0.isEmpty ? nil : $0 }.map { text in
                    guard let date = CalendarDate(iso: text) else { throw AppError.invalid("bad date").swedish("Ange slutdatum som ÅÅÅÅ-MM-DD.") }
                    return date
                }
                let population = try form.population.flatMap { $0.isEmpty ? nil : $0 }.map { text in
                    guard let value = Int(text.filter { !$0.isWhitespace }) else {
                        throw AppError.invalid("bad population").swedish("Invånarantalet ska vara ett heltal.")
                    }
                    return value
                }
                let organisation = try await actions.createOrganisation(signedIn, .init(
                    kind: kind, name: form.name ?? "", organisationNumber: form.organisationNumber ?? "",
                    kommunkod: form.kommunkod.flatMap { $0.isEmpty ? nil : $0 }, population: population, memberFrom: from, memberTo: to))
                return try await membersPage(context, notice: "\(organisation.name) är tillagd som medlem.")
            } catch let error as AppError where [.unprocessableContent, .conflict].contains(error.status) {
                return try await membersPage(context, error: error.swedishMessage ?? "Organisationen kunde inte läggas till: \(error.message).", status: error.status)
            }
        }

        router.get("/admin/anvandare") { _, context -> Response in
            try await usersPage(context)
        }
        router.post("/admin/anvandare") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let form = try await URLEncodedFormDecoder().decode(UserForm.self, from: request, context: context)
            do {
                let role = try form.role.flatMap { $0.isEmpty ? nil : $0 }.map { text in
                    guard let role = Role(rawValue: text) else { throw AppError.invalid("unknown role").swedish("Välj en roll.") }
                    return role
                }
                let (user, _) = try await actions.createUser(signedIn, .init(
                    email: form.email ?? "", name: form.name ?? "", password: form.password,
                    role: role, organisationID: form.organisationID.flatMap(UUID.init(uuidString:))))
                return .redirect(to: "/admin/anvandare/\(user.id.uuidString.lowercased())")
            } catch let error as AppError where [.unprocessableContent, .conflict, .notFound].contains(error.status) {
                return try await usersPage(context, error: error.swedishMessage ?? "Användaren kunde inte skapas: \(error.message).", status: error.status)
            }
        }
        router.get("/admin/anvandare/:id") { _, context -> Response in
            try await userPage(context, id: try context.uuid("id"))
        }
        router.post("/admin/anvandare/:id/roller") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(RoleForm.self, from: request, context: context)
            do {
                guard let role = form.role.flatMap(Role.init(rawValue:)) else { throw AppError.invalid("unknown role").swedish("Välj en roll.") }
                _ = try await actions.grantRole(signedIn, userID: id, role: role, organisationID: form.organisationID.flatMap(UUID.init(uuidString:)))
                return .redirect(to: "/admin/anvandare/\(id.uuidString.lowercased())")
            } catch let error as AppError where [.unprocessableContent, .conflict].contains(error.status) {
                return try await userPage(context, id: id, error: error.swedishMessage ?? error.message, status: error.status)
            }
        }
        router.post("/admin/anvandare/:id/roller/:roleID/ta-bort") { _, context -> Response in
            let signedIn = try context.require([.administrator])
            let id = try context.uuid("id")
            try await actions.revokeRole(signedIn, userID: id, roleID: try context.uuid("roleID"))
            return .redirect(to: "/admin/anvandare/\(id.uuidString.lowercased())")
        }
        router.post("/admin/anvandare/:id/status") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(StatusForm.self, from: request, context: context)
            do {
                _ = try await actions.setActive(signedIn, userID: id, active: form.active == "true")
                return .redirect(to: "/admin/anvandare/\(id.uuidString.lowercased())")
            } catch let error as AppError where error.status == .unprocessableContent {
                return try await userPage(context, id: id, error: error.swedishMessage ?? error.message, status: error.status)
            }
        }

        router.get("/admin/logg") { _, context -> Response in
            let signedIn = try context.require([.administrator, .controller])
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
                let verification = try await transaction.verifyAuditChain()
                let names = Dictionary(uniqueKeysWithValues: try await transaction.users().map { ($0.id, $0.name) })
                let events = try await transaction.auditEvents(limit: 200)
                return try pages.render("audit", [
                    "intact": verification.isIntact,
                    "verification": verification.isIntact
                        ? "Kedjan är obruten." : "Kedjan är bruten: \(verification.description).",
                    "events": events.map { event in
                        [
                            "seq": event.seq, "time": SwedishTime.format(event.occurredAt),
                            "actor": event.actorUserID.map { names[$0] ?? $0.uuidString.lowercased() } ?? "systemet",
                            "role": event.actorRole.flatMap(Role.init(rawValue:))?.swedishName ?? event.actorRole ?? "–",
                            "action": AuditWords.action(event.action), "entity": AuditWords.entity(event.entity),
                        ] as [String: Any]
                    },
                ], chrome: chrome)
            }
        }
    }

    private func membersPage(_ context: AppRequestContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let signedIn = try context.require([.administrator])
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            var values: [String: Any] = [
                "organisations": chrome.organisations.values.sorted { ($0.kind.rawValue, $0.name) < ($1.kind.rawValue, $1.name) }.map { organisation in
                    [
                        "name": organisation.name, "kind": organisation.kind.swedishName,
                        "organisationNumber": organisation.organisationNumber.formatted,
                        "kommunkod": organisation.kommunkod?.code ?? "–",
                        "population": organisation.population.map(SwedishNumber.format) ?? "–",
                        "memberFrom": organisation.memberFrom.iso, "memberTo": organisation.memberTo?.iso ?? "–",
                    ]
                },
                "kinds": OrganisationKind.allCases.map { ["value": $0.rawValue, "label": $0.swedishName] },
                "today": CalendarDate.today.iso,
            ]
            if let notice { values["notice"] = notice }
            if let error { values["error"] = error }
            return try pages.render("admin-members", values, chrome: chrome, status: status)
        }
    }

    private func usersPage(_ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let signedIn = try context.require([.administrator])
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let roles = try await transaction.roleAssignments()
            var values: [String: Any] = [
                "users": try await transaction.users().map { user in
                    [
                        "id": user.id.uuidString.lowercased(), "name": user.name, "email": user.email.normalized,
                        "status": user.active ? "Aktiv" : "Inaktiv",
                        "roles": roles.filter { $0.userID == user.id }.map(chrome.label).joined(separator: "; "),
                    ]
                },
            ].merging(roleChoices(chrome)) { $1 }
            if let error { values["error"] = error }
            return try pages.render("admin-users", values, chrome: chrome, status: status)
        }
    }

    private func userPage(_ context: AppRequestContext, id: UUID, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let signedIn = try context.require([.administrator])
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            guard let user = try await transaction.user(id: id) else { throw AppError.notFound("user \(id)") }
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            var values: [String: Any] = [
                "id": user.id.uuidString.lowercased(), "name": user.name, "email": user.email.normalized,
                "active": user.active, "isSelf": user.id == signedIn.userID,
                "roles": try await transaction.roleAssignments(ofUser: id).map {
                    ["id": $0.id.uuidString.lowercased(), "userID": user.id.uuidString.lowercased(), "label": chrome.label($0)]
                },
            ].merging(roleChoices(chrome)) { $1 }
            if let error { values["error"] = error }
            return try pages.render("admin-user", values, chrome: chrome, status: status)
        }
    }

    private func roleChoices(_ chrome: PageChrome) -> [String: Any] {
        [
            "roleChoices": Role.allCases.map { ["value": $0.rawValue, "label": $0.swedishName] },
            "organisationChoices": chrome.organisations.values.sorted { $0.name < $1.name }.map {
                ["value": $0.id.uuidString.lowercased(), "label": $0.name]
            },
        ]
    }
}

/// Swedish words for the audit log's actions and tables.
enum AuditWords {
    static func action(_ action: String) -> String {
        switch action {
        case "insert": "Skapade"
        case "update": "Ändrade"
        case "delete": "Tog bort"
        default: action
        }
    }

    static func entity(_ entity: String) -> String {
        switch entity {
        case "offices": "kontoret"
        case "organisations": "medlemsorganisation"
        case "users": "användare"
        case "role_assignments": "roll"
        case "sessions": "inloggning"
        case "api_tokens": "API-nyckel"
        default: entity
        }
    }
}
