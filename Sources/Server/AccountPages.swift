import Foundation
import Hummingbird
import Procurement
import Store

/// `/konto`: one's own roles, password and API tokens.
struct AccountPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: AccountActions { AccountActions(database: database, configuration: configuration) }

    struct RoleForm: Decodable { var roleID: String? }
    struct PasswordForm: Decodable { var currentPassword: String?; var newPassword: String?; var repeatPassword: String? }
    struct TokenForm: Decodable { var name: String?; var roleID: String?; var validDays: String? }

    func register(on router: Router<AppRequestContext>) {
        router.get("/konto") { request, context -> Response in
            try await page(context, notice: request.uri.queryParameters["byt-losenord"] != nil ? "Välj ett eget lösenord innan du fortsätter." : nil)
        }
        router.post("/konto/roll") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(RoleForm.self, from: request, context: context)
            guard let id = form.roleID.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound("role") }
            try await actions.switchRole(try context.requireSignedIn(), to: id)
            return .redirect(to: "/start")
        }
        router.post("/konto/losenord") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(PasswordForm.self, from: request, context: context)
            let signedIn = try context.requireSignedIn()
            guard form.newPassword == form.repeatPassword else {
                return try await page(context, error: "De två nya lösenorden är inte lika.", status: .unprocessableContent)
            }
            do {
                try await actions.changePassword(signedIn, current: form.currentPassword ?? "", new: form.newPassword ?? "")
            } catch let error as AppError where error.status == .unprocessableContent {
                return try await page(context, error: error.swedishMessage ?? error.message, status: error.status)
            }
            return try await page(context, notice: "Lösenordet är bytt. Dina andra inloggningar är utloggade.")
        }
        router.post("/konto/nycklar") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(TokenForm.self, from: request, context: context)
            guard let roleID = form.roleID.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound("role") }
            let days = form.validDays.flatMap { $0.isEmpty ? nil : Int($0) }
            do {
                let (_, secret) = try await actions.createToken(try context.requireSignedIn(), name: form.name ?? "", roleID: roleID, validDays: days ?? 365)
                return try await page(context, notice: "Nyckeln är skapad. Kopiera den nu: den visas bara en gång.", secret: secret)
            } catch let error as AppError where error.status == .unprocessableContent {
                return try await page(context, error: error.swedishMessage ?? error.message, status: error.status)
            }
        }
        router.post("/konto/nycklar/:id/aterkalla") { _, context -> Response in
            try await actions.revokeToken(try context.requireSignedIn(), id: try context.uuid("id"))
            return .redirect(to: "/konto")
        }
    }

    private func page(
        _ context: AppRequestContext, notice: String? = nil, error: String? = nil, secret: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let tokens = try await transaction.apiTokens(ofUser: signedIn.userID)
            let roleLabels = Dictionary(uniqueKeysWithValues: chrome.roles.map { ($0.id, chrome.label($0)) })
            var values: [String: Any] = [
                "roles": chrome.roles.map { ["id": $0.id.uuidString.lowercased(), "label": chrome.label($0)] },
                "hasRoles": !chrome.roles.isEmpty,
                "tokens": tokens.map { token in
                    [
                        "id": token.id.uuidString.lowercased(), "name": token.name,
                        "role": token.roleID.flatMap { roleLabels[$0] } ?? "Rollen är borttagen",
                        "created": SwedishTime.format(token.createdAt),
                        "expires": token.expiresAt.map(SwedishTime.format) ?? "–",
                        "lastUsed": token.lastUsedAt.map(SwedishTime.format) ?? "aldrig",
                        "status": token.revokedAt != nil ? "Återkallad" : token.isLive ? "Giltig" : "Ogiltig",
                        "live": token.revokedAt == nil,
                    ] as [String: Any]
                },
                "hasTokens": !tokens.isEmpty,
                "mustChangePassword": chrome.user.mustChangePassword,
            ]
            if let notice { values["notice"] = notice }
            if let error { values["error"] = error }
            if let secret { values["secret"] = secret }
            return try pages.render("account", values, chrome: chrome, status: status)
        }
    }
}

enum SwedishTime {
    /// `2026-11-23 14:05`, Swedish local time.
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "sv_SE")
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
