import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The users the identity may see (all of them for office staff), by name.
    public func users() async throws -> [User] {
        try await query("SELECT \(fragment: User.columns) FROM users ORDER BY name, email").map(User.init(row:))
    }

    public func user(id: UUID) async throws -> User? {
        try await query("SELECT \(fragment: User.columns) FROM users WHERE id = \(id)").first.map(User.init(row:))
    }

    public func user(email: EmailAddress) async throws -> User? {
        try await query("SELECT \(fragment: User.columns) FROM users WHERE email = \(email.normalized)")
            .first.map(User.init(row:))
    }

    /// Creates a user with a bcrypt hash (or none: no password login until one is set).
    public func insertUser(_ user: User, passwordHash: String?) async throws {
        try await query("""
            INSERT INTO users (office_id, id, email, name, password_hash, must_change_password, password_changed_at, active)
            VALUES (\(user.officeID), \(user.id), \(user.email.normalized), \(user.name), \(passwordHash),
                    \(user.mustChangePassword), CASE WHEN \(passwordHash)::text IS NULL THEN NULL ELSE now() END, \(user.active))
            """)
    }

    /// Changes name and status. Returns false when the identity cannot see or change the user.
    @discardableResult
    public func updateUser(_ user: User) async throws -> Bool {
        try await query("""
            UPDATE users SET name = \(user.name), active = \(user.active), email = \(user.email.normalized)
            WHERE id = \(user.id)
            """).affectedRows == 1
    }

    /// The stored bcrypt hash of a user the identity may see.
    public func passwordHash(ofUser id: UUID) async throws -> String? {
        try await query("SELECT password_hash FROM users WHERE id = \(id)").first?.decode(0, as: String?.self)
    }

    /// Sets a new password hash. `mustChange` marks a password someone else chose.
    @discardableResult
    public func setPasswordHash(_ hash: String, ofUser id: UUID, mustChange: Bool) async throws -> Bool {
        try await query("""
            UPDATE users SET password_hash = \(hash), must_change_password = \(mustChange), password_changed_at = now()
            WHERE id = \(id)
            """).affectedRows == 1
    }
}

extension User {
    static let columns: PostgresQuery = "id, office_id, email, name, active, must_change_password"

    init(row: PostgresRow) throws {
        let email: String = try row.decode(2)
        guard let address = EmailAddress(email) else {
            throw PostgresError(kind: .decoding, context: "stored e-mail address is invalid", column: "email")
        }
        self.init(
            id: try row.decode(0), officeID: try row.decode(1), email: address, name: try row.decode(3),
            active: try row.decode(4), mustChangePassword: try row.decode(5))
    }
}
