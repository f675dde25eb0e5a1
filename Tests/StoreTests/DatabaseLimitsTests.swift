import Foundation
import Postgres
import Store
import Testing
import TestSupport

/// The limits every transaction of the platform runs under, and the schema version `/ready`
/// compares.
@Suite struct DatabaseLimitsTests {
    @Test func everyTransactionSetsTheStatementTimeoutForItselfOnly() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let connectionDefault = try await pool.withConnection {
                try await $0.query("SELECT current_setting('statement_timeout')").single!.decode(0, as: String.self)
            }
            #expect(connectionDefault != "1500ms")
            let store = Database(pool: pool, statementTimeout: .milliseconds(1500))
            let inside = try await store.transaction(as: .anonymous, readOnly: true) {
                try await $0.query("SELECT current_setting('statement_timeout')").single!.decode(0, as: String.self)
            }
            #expect(inside == "1500ms")
            // Transaction-local: the pooled connection goes back with its own setting.
            let after = try await pool.withConnection {
                try await $0.query("SELECT current_setting('statement_timeout')").single!.decode(0, as: String.self)
            }
            #expect(after == connectionDefault)
            #expect(Database(pool: pool).statementTimeout == .seconds(10))
        }
    }

    @Test func aStatementOverTheTimeoutIsCancelled() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = Database(pool: await database.applicationPool(maxConnections: 1), statementTimeout: .milliseconds(200))
            let started = ContinuousClock.now
            await #expect {
                try await store.transaction(as: .anonymous, readOnly: true) { try await $0.query("SELECT pg_sleep(10)") }
            } throws: { error in
                (error as? PostgresError)?.sqlState == .queryCanceled
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            // The connection is still good for the next request.
            let ok = try await store.transaction(as: .anonymous, readOnly: true) {
                try await $0.query("SELECT true").single!.decode(0, as: Bool.self)
            }
            #expect(ok)
        }
    }

    @Test func noTimeoutLeavesTheConnectionsSetting() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            let connectionDefault = try await pool.withConnection {
                try await $0.query("SELECT current_setting('statement_timeout')").single!.decode(0, as: String.self)
            }
            let store = Database(pool: pool, statementTimeout: nil)
            let inside = try await store.transaction(as: .anonymous, readOnly: true) {
                try await $0.query("SELECT current_setting('statement_timeout')").single!.decode(0, as: String.self)
            }
            #expect(inside == connectionDefault)
        }
    }

    @Test func theSchemaVersionIsTheNewestMigration() async throws {
        try await TestCluster.shared.withDatabase { database in
            let version = try await database.database().schemaVersion()
            #expect(version == latestSchemaVersion)
        }
        try await TestCluster.shared.withDatabase(migrated: false) { database in
            let version = try await database.database().schemaVersion()
            #expect(version == nil)
        }
    }
}
