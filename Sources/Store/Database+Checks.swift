import Postgres

/// Why the server must not run as the role it connected as.
public enum RoleProblem: Error, Equatable, CustomStringConvertible {
    case superuser(String)
    case bypassesRowLevelSecurity(String)
    case ownsTables(String, tables: [String])

    public var description: String {
        switch self {
        case .superuser(let role):
            "the database role \(role) is a superuser, which bypasses row-level security: "
                + "connect as the application role (a member of samverkan_app) instead"
        case .bypassesRowLevelSecurity(let role):
            "the database role \(role) has BYPASSRLS, so tenant isolation would not hold: "
                + "connect as a role without it (ALTER ROLE \(role) NOBYPASSRLS)"
        case .ownsTables(let role, let tables):
            "the database role \(role) owns (or may act as the owner of) \(tables.prefix(3).joined(separator: ", "))"
                + (tables.count > 3 ? " and \(tables.count - 3) more" : "")
                + ": owners can change security policies, so the server connects as the application role, "
                + "and migrations as the owner (OWNER_DATABASE_URL)"
        }
    }
}

extension PostgresConnection {
    /// Refuses a role that could read past row-level security.
    public func checkApplicationRole() async throws {
        let rows = try await query("""
            SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user
            """)
        guard let row = rows.first else { throw PostgresError(kind: .unexpectedResponse, context: "current role not found") }
        let role: String = try row.decode(0)
        if try row.decode(1, as: Bool.self) { throw RoleProblem.superuser(role) }
        if try row.decode(2, as: Bool.self) { throw RoleProblem.bypassesRowLevelSecurity(role) }
        let owned = try await query("""
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
              AND pg_has_role(current_user, c.relowner, 'MEMBER')
            ORDER BY 1
            """)
        let tables = try owned.map { try $0.decode(0, as: String.self) }
        if !tables.isEmpty { throw RoleProblem.ownsTables(role, tables: tables) }
    }
}
