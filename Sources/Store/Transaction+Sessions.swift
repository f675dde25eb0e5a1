import Foundation
import Postgres
import Procurement

/// A login as its owner sees it. The secret itself is never stored, only its hash.
public struct SessionRecord: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var activeRoleID: UUID?
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
}

extension Transaction {
    /// Starts a session for the identity's own user. The identity must carry the user
    /// (row-level security refuses a session for anyone else).
    public func insertSession(
        id: UUID, userID: UUID, tokenHash: String, activeRoleID: UUID?, idleTimeout: Duration, lifetime: Duration
    ) async throws {
        try await query("""
            INSERT INTO sessions (office_id, id, user_id, token_hash, active_role_id, idle_timeout, expires_at)
            VALUES (current_office_id(), \(id), \(userID), \(tokenHash), \(activeRoleID),
                    make_interval(secs => \(Double(idleTimeout.components.seconds))),
                    now() + make_interval(secs => \(Double(lifetime.components.seconds))))
            """)
    }

    public func session(id: UUID) async throws -> SessionRecord? {
        try await query("""
            SELECT id, user_id, active_role_id, created_at, last_seen_at, expires_at, revoked_at FROM sessions WHERE id = \(id)
            """).first.map(SessionRecord.init(row:))
    }

    /// Chooses the role a session acts in; it must be one of the session user's own roles.
    @discardableResult
    public func setActiveRole(_ roleID: UUID, ofSession sessionID: UUID) async throws -> Bool {
        try await query("""
            UPDATE sessions s SET active_role_id = \(roleID)
            WHERE s.id = \(sessionID) AND s.revoked_at IS NULL
              AND EXISTS (SELECT FROM role_assignments r WHERE r.id = \(roleID) AND r.user_id = s.user_id)
            """).affectedRows == 1
    }

    /// Ends one session (logout).
    @discardableResult
    public func revokeSession(id: UUID) async throws -> Bool {
        try await query("UPDATE sessions SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL").affectedRows == 1
    }

    /// Ends every live session of a user but one (after a password change, say).
    @discardableResult
    public func revokeSessions(ofUser userID: UUID, except keep: UUID? = nil) async throws -> Int {
        try await query("""
            UPDATE sessions SET revoked_at = now()
            WHERE user_id = \(userID) AND revoked_at IS NULL AND id IS DISTINCT FROM \(keep)
            """).affectedRows
    }
}

extension SessionRecord {
    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), userID: try row.decode(1), activeRoleID: try row.decode(2),
            createdAt: try row.decode(3), lastSeenAt: try row.decode(4), expiresAt: try row.decode(5),
            revokedAt: try row.decode(6))
    }
}
