import Foundation
import LocalPostgres
import Postgres
import Store
import Testing
import TestSupport

/// Checks of the schema itself, so that a new table cannot forget its tenancy.
@Suite struct CatalogTests {
    @Test func everyTenantTableHasForcedRowLevelSecurityAndAPolicy() async throws {
        try await TestCluster.shared.withDatabase { database in
            let rows = try await database.ownerPool().withConnection { connection in
                try await connection.query("""
                    SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
                           (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::int8
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                      AND (c.relname = 'offices' OR EXISTS (
                          SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'office_id' AND NOT a.attisdropped))
                    ORDER BY 1
                    """)
            }
            let tables = try rows.map { try $0.decode(0, as: String.self) }
            #expect(tables.contains("offices") && tables.contains("organisations"))
            for row in rows {
                let table: String = try row.decode(0)
                #expect(try row.decode(1, as: Bool.self), "\(table) lacks ENABLE ROW LEVEL SECURITY")
                #expect(try row.decode(2, as: Bool.self), "\(table) lacks FORCE ROW LEVEL SECURITY")
                #expect(try row.decode(3, as: Int.self) > 0, "\(table) has no policy")
            }
        }
    }

    @Test func theApplicationRoleNeverTruncatesNorReferences() async throws {
        try await TestCluster.shared.withDatabase { database in
            let granted = try await database.ownerPool().withConnection { connection in
                try await connection.query("""
                    SELECT table_name::text || ': ' || privilege_type::text FROM information_schema.role_table_grants
                    WHERE grantee = \(LocalCluster.applicationRole) AND privilege_type IN ('TRUNCATE', 'REFERENCES', 'TRIGGER')
                    """).map { try $0.decode(0, as: String.self) }
            }
            #expect(granted.isEmpty, "unexpected grants: \(granted)")
        }
    }

    @Test func theServerRefusesRolesThatBypassSecurity() async throws {
        try await TestCluster.shared.withDatabase { database in
            try await database.applicationPool().withConnection { try await $0.checkApplicationRole() }
            await #expect {
                try await database.ownerPool().withConnection { try await $0.checkApplicationRole() }
            } throws: { error in
                if case .ownsTables(LocalCluster.ownerRole, let tables)? = error as? RoleProblem { return tables.contains("organisations") }
                return false
            }
            await #expect(throws: RoleProblem.superuser(LocalCluster.superuser)) {
                try await database.superuserPool().withConnection { try await $0.checkApplicationRole() }
            }
        }
    }
}
