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
            await #expect {
                try await Serving.serve(
                    application: PostgresConfiguration(connectionString: application), migrations: migrations,
                    poolSize: 1, host: "127.0.0.1", port: 0, logger: .init(label: "test"))
            } throws: { error in
                "\(error)".contains("samverkan migrate")
            }

            var demo = try #require(try Samverkan.parseAsRoot([
                "demo", "--no-serve", "--database-url", application, "--owner-database-url", owner,
            ]) as? DemoCommand)
            try await demo.run()

            let store = await database.database()
            let offices = try await store.transaction(as: .anonymous) { try await $0.officeDirectory() }
            #expect(offices.count == DemoData.offices.count)

            // Migrated, but connected as the owner: refused, naming the problem.
            await #expect {
                try await Serving.serve(
                    application: PostgresConfiguration(connectionString: owner), migrations: migrations,
                    poolSize: 1, host: "127.0.0.1", port: 0, logger: .init(label: "test"))
            } throws: { error in
                "\(error)".contains("owns")
            }

            var migrate = try #require(try Samverkan.parseAsRoot(["migrate", "--database-url", owner]) as? MigrateCommand)
            try await migrate.run()  // nothing left to apply, and no error
        }
    }
}
