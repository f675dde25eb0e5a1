import Authentication
import Foundation
import Procurement
import Store

/// What a signed-in user does to their own account, for the pages and the API alike. Each
/// action is one transaction as the user; rows the user may not see are "not found".
struct AccountActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    /// Checks the current password, stores the new one's hash and ends the user's other
    /// sessions (someone who knew the old password is logged out).
    func changePassword(_ signedIn: Authenticated, current: String, new: String) async throws {
        if let problem = PasswordPolicy.check(new) {
            throw AppError.invalid(problem.englishMessage).swedish(problem.swedishMessage)
        }
        let stored = try await database.transaction(as: signedIn.identity, readOnly: true) {
            try await $0.passwordHash(ofUser: signedIn.userID)
        }
        guard try await configuration.passwordHasher.verify(current, against: stored) else {
            throw AppError.invalid("the current password is wrong").swedish("Det nuvarande lösenordet stämmer inte.")
        }
        let hash = try await configuration.passwordHasher.hash(new)
        try await database.transaction(as: signedIn.identity) { transaction in
            try await transaction.setPasswordHash(hash, ofUser: signedIn.userID, mustChange: false)
            if case .session(let keep) = signedIn.credential {
                try await transaction.revokeSessions(ofUser: signedIn.userID, except: keep)
            } else {
                try await transaction.revokeSessions(ofUser: signedIn.userID)
            }
        }
    }

    /// Makes the session act in another of the user's roles.
    func switchRole(_ signedIn: Authenticated, to roleID: UUID) async throws {
        guard case .session(let sessionID) = signedIn.credential else {
            throw AppError.invalid("an API token acts in the role it was made for; make another token for another role")
        }
        let switched = try await database.transaction(as: signedIn.identity) { try await $0.setActiveRole(roleID, ofSession: sessionID) }
        guard switched else { throw AppError.notFound("role \(roleID)") }
    }

    /// Makes an API token acting in one of the user's roles. The secret is returned once.
    func createToken(_ signedIn: Authenticated, name: String, roleID: UUID, validDays: Int?) async throws -> (APITokenRecord, String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count) else {
            throw AppError.invalid("`name` must be 1 to 100 characters").swedish("Ge nyckeln ett namn (högst 100 tecken).")
        }
        if let validDays, !(1...730).contains(validDays) {
            throw AppError.invalid("`validDays` must be from 1 to 730").swedish("Giltighetstiden ska vara 1–730 dagar.")
        }
        let token = SecretToken.generate(prefix: AuthenticationMiddleware.tokenPrefix)
        let id = UUID()
        let record = try await database.transaction(as: signedIn.identity) { transaction -> APITokenRecord? in
            guard let role = try await transaction.roleAssignment(id: roleID), role.userID == signedIn.userID else { return nil }
            try await transaction.insertAPIToken(
                id: id, userID: signedIn.userID, roleID: role.id, name: name, tokenHash: token.hash,
                expiresAt: validDays.map { Date().addingTimeInterval(Double($0) * 86_400) })
            return try await transaction.apiToken(id: id)
        }
        guard let record else { throw AppError.notFound("role \(roleID)") }
        return (record, token.value)
    }

    func revokeToken(_ signedIn: Authenticated, id: UUID) async throws {
        let revoked = try await database.transaction(as: signedIn.identity) { try await $0.revokeAPIToken(id: id) }
        guard revoked else { throw AppError.notFound("token \(id)") }
    }
}
