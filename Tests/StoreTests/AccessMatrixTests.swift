import Authentication
import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// The isolation matrix, run as the application role: for every tenant table and every way of
/// acting in one office, the other office's rows cannot be read, changed, deleted or added to;
/// and inside an office each role sees what it should, and no more.
@Suite struct AccessMatrixTests {
    let jamtland = DemoData.jamtland.office.id
    let mittnorr = DemoData.mittnorr.office.id

    /// Every identity a request in Jämtland can have: visitors, the system, each demo role.
    func identities() -> [(String, Identity)] {
        var result: [(String, Identity)] = [
            ("public", .publicReader(of: jamtland)),
            ("system", .system(of: jamtland)),
        ]
        for person in DemoData.jamtland.users {
            result.append(("\(person.user.email) authenticated", .user(person.user.id, of: jamtland, as: nil)))
            for role in person.roles {
                result.append(("\(person.user.email) as \(role.role.rawValue)", .user(person.user.id, of: jamtland, as: role)))
            }
        }
        return result
    }

    /// Loads the demo and gives Mittnorr a session and an API token, so every table has rows there.
    func arrange(_ database: TestDatabase) async throws -> Database {
        let store = await database.database()
        try await DemoData.load(into: store, passwordHasher: .forTests)
        let admin = DemoData.mittnorr.users[0]
        try await store.transaction(as: .user(admin.user.id, of: mittnorr, as: admin.roles[0])) { transaction in
            try await transaction.insertSession(
                id: UUID(), userID: admin.user.id, tokenHash: SecretToken.generate(prefix: "svs_").hash,
                activeRoleID: admin.roles[0].id, idleTimeout: .seconds(3600), lifetime: .seconds(7200))
            try await transaction.insertAPIToken(
                id: UUID(), userID: admin.user.id, roleID: admin.roles[0].id, name: "integration",
                tokenHash: SecretToken.generate(prefix: "svt_").hash, expiresAt: nil)
        }
        return store
    }

    @Test func noIdentityOfOneOfficeReachesAnotherOfficesRows() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = try await arrange(database)
            let tables = try await database.ownerPool().withConnection { connection in
                try await connection.query("""
                    SELECT c.relname::text, CASE WHEN c.relname = 'offices' THEN 'id' ELSE 'office_id' END
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r'
                      AND (c.relname = 'offices' OR EXISTS (SELECT FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attname = 'office_id' AND NOT a.attisdropped))
                    ORDER BY 1
                    """).map { (try $0.decode(0, as: String.self), try $0.decode(1, as: String.self)) }
            }
            #expect(tables.count >= 8)
            // One row of Mittnorr's per table, as the superuser sees it, to try to copy in.
            var samples: [String: String] = [:]
            try await database.superuserPool().withConnection { connection in
                for (table, column) in tables {
                    let row = try await connection.query("""
                        SELECT to_jsonb(t)::text FROM \(identifier: table) t WHERE \(identifier: column) = \(mittnorr) LIMIT 1
                        """).first
                    samples[table] = try #require(try row?.decode(0, as: String.self), "no Mittnorr row in \(table)")
                }
            }
            for (name, identity) in identities() {
                for (table, column) in tables {
                    let seen = try await store.transaction(as: identity, readOnly: true) { transaction in
                        try await transaction.query("""
                            SELECT count(*) FROM \(identifier: table) WHERE \(identifier: column) = \(mittnorr)
                            """).single!.decode(0, as: Int.self)
                    }
                    #expect(seen == 0, "\(name) reads \(table) of another office")
                    for statement: PostgresQuery in [
                        "UPDATE \(identifier: table) SET \(identifier: column) = \(identifier: column) WHERE \(identifier: column) = \(mittnorr)",
                        "DELETE FROM \(identifier: table) WHERE \(identifier: column) = \(mittnorr)",
                    ] {
                        do {
                            let affected = try await store.transaction(as: identity) { try await $0.query(statement).affectedRows }
                            #expect(affected == 0, "\(name) changes \(table) of another office")
                        } catch let error as PostgresError {
                            #expect(error.sqlState == .insufficientPrivilege, "\(name) on \(table): \(error)")
                        }
                    }
                    await #expect(throws: PostgresError.self, "\(name) inserts into \(table) of another office") {
                        try await store.transaction(as: identity) { transaction in
                            try await transaction.query("""
                                INSERT INTO \(identifier: table) SELECT * FROM jsonb_populate_record(NULL::\(identifier: table), \(samples[table]!)::jsonb)
                                """)
                        }
                    }
                }
            }
            // Nothing of Mittnorr's changed through all of that.
            let after = try await database.superuserPool().withConnection { connection in
                try await connection.query("SELECT count(*) FROM users WHERE office_id = \(mittnorr)").single!.decode(0, as: Int.self)
            }
            #expect(after == DemoData.mittnorr.users.count)
        }
    }

    @Test func insideAnOfficeEachRoleSeesWhatItShould() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = try await arrange(database)
            let seeds = Dictionary(uniqueKeysWithValues: DemoData.jamtland.users.map { ($0.user.email.normalized, $0) })
            func acting(_ email: String, _ role: Role) -> Identity {
                let seed = seeds[email]!
                return .user(seed.user.id, of: jamtland, as: seed.roles.first { $0.role == role })
            }
            func emails(_ identity: Identity) async throws -> Set<String> {
                Set(try await store.transaction(as: identity, readOnly: true) { try await $0.users() }.map(\.email.normalized))
            }
            // Krokom's coordinator sees the people of Krokom, not Östersund's coordinator.
            let krokom = try await emails(acting("krokom@jamtland.example", .coordinator))
            #expect(krokom == ["krokom@jamtland.example", "ersattare.krokom@jamtland.example"])
            // The same person as a committee member sees only themselves.
            #expect(try await emails(acting("krokom@jamtland.example", .committeeMember)) == ["krokom@jamtland.example"])
            #expect(try await emails(acting("bestallare.are@jamtland.example", .orderer)) == ["bestallare.are@jamtland.example"])
            // Office staff see everyone.
            #expect(try await emails(acting("upphandlare@jamtland.example", .procurer)).count == DemoData.jamtland.users.count)

            // The audit trail: administrators and controllers only.
            for (email, role, visible) in [
                ("admin@jamtland.example", Role.administrator, true), ("controller@jamtland.example", .controller, true),
                ("upphandlare@jamtland.example", .procurer, false), ("krokom@jamtland.example", .coordinator, false),
                ("ordforande@jamtland.example", .committeeChair, false), ("lasare@jamtland.example", .viewer, false),
            ] {
                let events = try await store.transaction(as: acting(email, role), readOnly: true) { try await $0.auditEvents() }
                #expect(events.isEmpty != visible, "\(email) as \(role) sees \(events.count) audit events")
            }

            // A coordinator changes nobody else, grants nothing, creates nobody.
            let coordinator = acting("krokom@jamtland.example", .coordinator)
            let colleague = seeds["ersattare.krokom@jamtland.example"]!.user
            var renamed = colleague
            renamed.name = "Kapad"
            #expect(try await store.transaction(as: coordinator) { try await $0.updateUser(renamed) } == false)
            await #expect(throws: PostgresError.self) {
                try await store.transaction(as: coordinator) { transaction in
                    try await transaction.insertRoleAssignment(try RoleAssignment(
                        id: UUID(), userID: seeds["krokom@jamtland.example"]!.user.id, role: .administrator, organisationID: nil))
                }
            }
            // A user may rename themselves, but not reactivate or re-address themselves.
            var me = seeds["krokom@jamtland.example"]!.user
            me.name = "Karin J (demo)"
            #expect(try await store.transaction(as: coordinator) { try await $0.updateUser(me) })
            me.email = EmailAddress("annan@jamtland.example")!
            await #expect(throws: PostgresError.self) { try await store.transaction(as: coordinator) { try await $0.updateUser(me) } }
            // Audit events can be added, never changed or removed, whoever asks.
            for identity in [Identity.system(of: jamtland), acting("admin@jamtland.example", .administrator)] {
                await #expect(throws: PostgresError.self) {
                    try await store.transaction(as: identity) { try await $0.query("UPDATE audit_events SET action = 'x'") }
                }
                await #expect(throws: PostgresError.self) {
                    try await store.transaction(as: identity) { try await $0.query("DELETE FROM audit_events") }
                }
            }
        }
    }

    @Test func everyChangeIsAuditedAndTheChainDetectsTampering() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = try await arrange(database)
            let admin = DemoData.jamtland.users[0]
            let identity = Identity.user(admin.user.id, of: jamtland, as: admin.roles[0])
            var organisation = DemoData.jamtland.organisations[1]
            organisation.population = 16_000
            try await store.transaction(as: identity) { try await $0.updateOrganisation(organisation) }
            let latest = try #require(try await store.transaction(as: identity) { try await $0.auditEvents(limit: 1) }.first)
            #expect(latest.action == "update" && latest.entity == "organisations")
            #expect(latest.actorUserID == admin.user.id && latest.actorRole == "administrator")
            #expect(latest.before?.contains("15700") == true && latest.after?.contains("16000") == true)
            // Secrets never reach the trail.
            let userEvents = try await store.transaction(as: identity) { try await $0.auditEvents(limit: 1000) }.filter { $0.entity == "users" }
            #expect(!userEvents.isEmpty && userEvents.allSatisfy { !($0.after ?? "").contains("$2") && !($0.after ?? "").contains("password_hash") })

            #expect(try await store.transaction(as: identity) { try await $0.verifyAuditChain() }.isIntact)
            // The owner can switch off FORCE and edit a row; the chain names the edited event.
            try await database.ownerPool().withConnection { connection in
                try await connection.simpleQuery("BEGIN")
                try await connection.simpleQuery("ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY")
                try await connection.query("UPDATE audit_events SET actor_role = 'procurer' WHERE office_id = \(jamtland) AND seq = 3")
                try await connection.simpleQuery("ALTER TABLE audit_events FORCE ROW LEVEL SECURITY")
                try await connection.simpleQuery("COMMIT")
            }
            #expect(try await store.transaction(as: identity) { try await $0.verifyAuditChain() } == .broken(seq: 3, reason: .altered))
            // The other office's chain is untouched.
            #expect(try await store.transaction(as: .system(of: mittnorr)) { try await $0.verifyAuditChain() }.isIntact)
            // Removing the newest events is caught by the chain head.
            try await database.superuserPool().withConnection { connection in
                _ = try await connection.query("DELETE FROM audit_events WHERE office_id = \(mittnorr) AND seq = (SELECT max(seq) FROM audit_events WHERE office_id = \(mittnorr))")
            }
            guard case .broken(_, .truncated) = try await store.transaction(as: .system(of: mittnorr), { try await $0.verifyAuditChain() }) else {
                Issue.record("a removed last event went unnoticed")
                return
            }
        }
    }
}
