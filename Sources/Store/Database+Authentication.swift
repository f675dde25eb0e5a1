import Foundation
import Postgres
import Procurement

/// Who presented a secret: resolved before any identity exists, through the database's
/// SECURITY DEFINER look-ups, each of which returns at most one row for one secret.
public struct Authenticated: Sendable, Equatable {
    public enum Credential: Sendable, Equatable {
        case session(UUID)
        case apiToken(UUID)
    }

    public var officeID: UUID
    public var userID: UUID
    public var credential: Credential
    /// The role acted in, if one is chosen (always, for a token).
    public var activeRole: RoleAssignment?

    public init(officeID: UUID, userID: UUID, credential: Credential, activeRole: RoleAssignment?) {
        self.officeID = officeID
        self.userID = userID
        self.credential = credential
        self.activeRole = activeRole
    }

    public var identity: Identity { .user(userID, of: officeID, as: activeRole) }

    /// Signed in through the browser's session cookie (not an API token).
    public var isSession: Bool { if case .session = credential { true } else { false } }
}

/// What the login form needs of an account: nothing that says whether it exists.
public struct LoginCandidate: Sendable, Equatable {
    public var userID: UUID
    public var passwordHash: String?
    public var active: Bool
}

extension Database {
    /// The account with this e-mail in this office, if there is one.
    public func loginCandidate(office officeID: UUID, email: EmailAddress) async throws -> LoginCandidate? {
        try await pool.withConnection { connection in
            try await connection.query("""
                SELECT user_id, password_hash, active FROM login_candidate(\(officeID), \(email.normalized))
                """).first.map { row in
                LoginCandidate(userID: try row.decode(0), passwordHash: try row.decode(1), active: try row.decode(2))
            }
        }
    }

    /// The live session whose cookie secret has this hash.
    public func authenticate(sessionTokenHash hash: String) async throws -> Authenticated? {
        try await lookUp("SELECT office_id, session_id, user_id, role_id, role, organisation_id FROM authenticate_session(\(hash))") {
            .session($0)
        }
    }

    /// The live API token with this hash.
    public func authenticate(apiTokenHash hash: String) async throws -> Authenticated? {
        try await lookUp("SELECT office_id, token_id, user_id, role_id, role, organisation_id FROM authenticate_api_token(\(hash))") {
            .apiToken($0)
        }
    }

    private func lookUp(
        _ query: PostgresQuery, credential: (UUID) -> Authenticated.Credential
    ) async throws -> Authenticated? {
        guard let row = try await pool.withConnection({ try await $0.query(query).first }) else { return nil }
        let userID: UUID = try row.decode(2)
        var assignment: RoleAssignment?
        if let roleID = try row.decode(3, as: UUID?.self), let text = try row.decode(4, as: String?.self),
           let role = Role(rawValue: text) {
            assignment = try? RoleAssignment(id: roleID, userID: userID, role: role, organisationID: try row.decode(5))
        }
        return Authenticated(officeID: try row.decode(0), userID: userID, credential: credential(try row.decode(1)), activeRole: assignment)
    }
}
