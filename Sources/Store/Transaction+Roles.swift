import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The roles of one user that the identity may see, office roles first.
    public func roleAssignments(ofUser userID: UUID) async throws -> [RoleAssignment] {
        try await query("""
            SELECT id, user_id, role::text, organisation_id FROM role_assignments
            WHERE user_id = \(userID) ORDER BY role, organisation_id
            """).map(RoleAssignment.init(row:))
    }

    /// Every role assignment the identity may see.
    public func roleAssignments() async throws -> [RoleAssignment] {
        try await query("SELECT id, user_id, role::text, organisation_id FROM role_assignments ORDER BY role, organisation_id")
            .map(RoleAssignment.init(row:))
    }

    public func roleAssignment(id: UUID) async throws -> RoleAssignment? {
        try await query("SELECT id, user_id, role::text, organisation_id FROM role_assignments WHERE id = \(id)")
            .first.map(RoleAssignment.init(row:))
    }

    public func insertRoleAssignment(_ assignment: RoleAssignment) async throws {
        try await query("""
            INSERT INTO role_assignments (office_id, id, user_id, role, organisation_id)
            VALUES (current_office_id(), \(assignment.id), \(assignment.userID), \(assignment.role.rawValue)::access_role,
                    \(assignment.organisationID))
            """)
    }

    /// Takes a role away. Sessions acting in it fall back to no role; tokens acting in it stop.
    @discardableResult
    public func deleteRoleAssignment(id: UUID) async throws -> Bool {
        try await query("DELETE FROM role_assignments WHERE id = \(id)").affectedRows == 1
    }
}

extension RoleAssignment {
    init(row: PostgresRow) throws {
        let text: String = try row.decode(2)
        guard let role = Role(rawValue: text) else {
            throw PostgresError(kind: .decoding, context: "unknown role", column: "role")
        }
        do {
            try self.init(id: try row.decode(0), userID: try row.decode(1), role: role, organisationID: try row.decode(3))
        } catch {
            throw PostgresError(kind: .decoding, context: "stored role assignment breaks its scope", column: "organisation_id")
        }
    }
}
