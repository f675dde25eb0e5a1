import Foundation
import Postgres
import Procurement

/// An integration's bearer token, as its owner and the administrator see it. Only the hash
/// of the secret is stored; the secret is shown once, when the token is made.
public struct APITokenRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var userID: UUID
    public var roleID: UUID?
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public var isLive: Bool { revokedAt == nil && roleID != nil && (expiresAt.map { $0 > Date() } ?? true) }
}

extension Transaction {
    public func insertAPIToken(
        id: UUID, userID: UUID, roleID: UUID, name: String, tokenHash: String, expiresAt: Date?
    ) async throws {
        try await query("""
            INSERT INTO api_tokens (office_id, id, user_id, role_id, name, token_hash, expires_at)
            VALUES (current_office_id(), \(id), \(userID), \(roleID), \(name), \(tokenHash), \(expiresAt))
            """)
    }

    /// The tokens the identity may see (its own; every one for the administrator), newest first.
    public func apiTokens(ofUser userID: UUID? = nil) async throws -> [APITokenRecord] {
        try await query("""
            SELECT \(fragment: APITokenRecord.columns) FROM api_tokens
            WHERE \(userID)::uuid IS NULL OR user_id = \(userID) ORDER BY created_at DESC, name
            """).map(APITokenRecord.init(row:))
    }

    public func apiToken(id: UUID) async throws -> APITokenRecord? {
        try await query("SELECT \(fragment: APITokenRecord.columns) FROM api_tokens WHERE id = \(id)")
            .first.map(APITokenRecord.init(row:))
    }

    /// Revokes a token at once. False when the identity cannot see it or it was revoked already.
    @discardableResult
    public func revokeAPIToken(id: UUID) async throws -> Bool {
        try await query("UPDATE api_tokens SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL").affectedRows == 1
    }
}

extension APITokenRecord {
    static let columns: PostgresQuery = "id, user_id, role_id, name, created_at, expires_at, last_used_at, revoked_at"

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), userID: try row.decode(1), roleID: try row.decode(2), name: try row.decode(3),
            createdAt: try row.decode(4), expiresAt: try row.decode(5), lastUsedAt: try row.decode(6),
            revokedAt: try row.decode(7))
    }
}
