import ArgumentParser
import Foundation
import Logging
import Postgres
@testable import samverkan
import Store
import Testing
import TestSupport

/// The commands run for real against a test database given as DATABASE_URL would be.
@Suite struct CommandRunTests {
    @Test func demoLoadsIntoTheGivenDatabaseAndServeRefusesTheWrongRoles() async throws {
        try await TestCluster.shared.withDatabase(migrated: false) { database in
            let application = database.connectionString(database.application)
            let owner = database.connectionString(database.owner)
            let migrations = try Migration.load(from: SchemaLocation.sourceTree)

            // Not migrated yet: serve refuses and says what to run.
            /// What `serve` says when it refuses to start as `connectionString`.
            func refusal(connectingAs connectionString: String) async -> String? {
                do {
                    try await Serving.serve(
                        application: PostgresConfiguration(connectionString: connectionString), migrations: migrations,
                        poolSize: 1, host: "127.0.0.1", port: 0, logger: .init(label: "test"))
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            #expect(await refusal(connectingAs: application)?.contains("samverkan migrate") == true)

            let demo = try #require(try Samverkan.parseAsRoot([
                "demo", "--no-serve", "--database-url", application, "--owner-database-url", owner,
            ]) as? DemoCommand)
            try await demo.run()

            let store = await database.database()
            let offices = try await store.transaction(as: .anonymous) { try await $0.officeDirectory() }
            #expect(offices.count == DemoData.offices.count)

            // Migrated, but connected as the owner: refused, naming the problem.
            #expect(await refusal(connectingAs: owner)?.contains("owns") == true)

            let migrate = try #require(try Samverkan.parseAsRoot(["migrate", "--database-url", owner]) as? MigrateCommand)
            try await migrate.run()  // nothing left to apply, and no error
        }
    }
}
