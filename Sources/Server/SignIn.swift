import Authentication
import Foundation
import Procurement
import Store

/// Signing in with e-mail and password, and the session that results.
///
/// Unknown office, unknown account, inactive account and wrong password all fail the same way
/// and take the same bcrypt time. Failures slow further attempts per account and per address.
struct SignIn: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    enum Failure: Error, Equatable {
        case wrongCredentials
        case throttled(retryAfter: Int)
    }

    struct Session: Sendable {
        var secret: String
        var signedIn: Authenticated
        var mustChangePassword: Bool
    }

    func attempt(officeID: UUID?, email text: String, password: String, address: String?) async throws -> Session {
        let email = EmailAddress(text)
        let account = "\(officeID?.uuidString ?? "-")/\(email?.normalized ?? text.lowercased())"
        if let wait = await configuration.loginThrottle.retryAfter(account: account, address: address) {
            throw Failure.throttled(retryAfter: max(1, Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0)))
        }
        var candidate: LoginCandidate?
        if let officeID, let email { candidate = try await database.loginCandidate(office: officeID, email: email) }
        let usable = candidate.flatMap { $0.active ? $0.passwordHash : nil }
        guard try await configuration.passwordHasher.verify(password, against: usable), let officeID, let candidate else {
            await configuration.loginThrottle.recordFailure(account: account, address: address)
            throw Failure.wrongCredentials
        }
        await configuration.loginThrottle.recordSuccess(account: account, address: address)
        return try await startSession(officeID: officeID, userID: candidate.userID)
    }

    /// Opens a session acting in the user's first role (office roles first).
    func startSession(officeID: UUID, userID: UUID) async throws -> Session {
        let token = SecretToken.generate(prefix: AuthenticationMiddleware.sessionPrefix)
        let sessionID = UUID()
        let identity = Identity(officeID: officeID, userID: userID, acting: .authenticated)
        let (role, user) = try await database.transaction(as: identity) { transaction in
            let role = try await transaction.roleAssignments(ofUser: userID).sorted { $0.role < $1.role }.first
            try await transaction.insertSession(
                id: sessionID, userID: userID, tokenHash: token.hash, activeRoleID: role?.id,
                idleTimeout: configuration.sessionIdleTimeout, lifetime: configuration.sessionLifetime)
            return (role, try await transaction.user(id: userID))
        }
        return Session(
            secret: token.value,
            signedIn: Authenticated(officeID: officeID, userID: userID, credential: .session(sessionID), activeRole: role),
            mustChangePassword: user?.mustChangePassword ?? false)
    }
}
