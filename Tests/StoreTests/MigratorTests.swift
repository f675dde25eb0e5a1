import Foundation
import Postgres
import Store
import Testing
import TestSupport

@Suite struct MigratorTests {
    let migrations = try! Migration.load(from: SchemaLocation.sourceTree)

    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        try await TestCluster.shared.withDatabase(migrated: false) { database in
            let owner = await database.ownerPool()
            let migrator = Migrator(migrations: migrations)
            let wouldApply = try await owner.withConnection { try await migrator.migrate(on: $0, dryRun: true) }
            #expect(wouldApply.map(\.version) == migrations.map(\.version))
            let tableAfterDryRun = try await owner.withConnection {
                try await $0.query("SELECT to_regclass('public.organisations') IS NULL").single!.decode(0, as: Bool.self)
            }
            #expect(tableAfterDryRun, "a dry run must change nothing")

            let first = try await owner.withConnection { try await migrator.migrate(on: $0) }
            #expect(first.count == migrations.count)
            let second = try await owner.withConnection { try await migrator.migrate(on: $0) }
            #expect(second.isEmpty)
            let status = try await owner.withConnection { try await migrator.status(on: $0) }
            #expect(status.pending.isEmpty)
            #expect(status.currentVersion == migrations.last?.version)
        }
    }

    @Test func anEditedAppliedFileIsRefused() async throws {
        try await TestCluster.shared.withDatabase { database in
            let owner = await database.ownerPool()
            var edited = migrations
            edited[0] = Migration(version: edited[0].version, name: edited[0].name, sql: edited[0].sql + "\n-- an edit\n")
            await #expect(throws: MigrationError.checksumMismatch(edited[0].fileName)) {
                try await owner.withConnection { try await Migrator(migrations: edited).migrate(on: $0) }
            }
        }
    }

    @Test func aDatabaseAheadOfThisBuildIsRefused() async throws {
        try await TestCluster.shared.withDatabase { database in
            let owner = await database.ownerPool()
            try await owner.withConnection {
                try await $0.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')")
            }
            await #expect(throws: MigrationError.unknownAppliedVersion(9999, "future")) {
                try await owner.withConnection { try await Migrator(migrations: migrations).status(on: $0) }
            }
        }
    }

    @Test func aFailingMigrationLeavesNoTrace() async throws {
        try await TestCluster.shared.withDatabase { database in
            let owner = await database.ownerPool()
            let broken = migrations + [Migration(version: 9000, name: "broken", sql: """
                CREATE TABLE half_done (id int);
                SELECT no_such_function();
                """)]
            await #expect(throws: PostgresError.self) {
                try await owner.withConnection { try await Migrator(migrations: broken).migrate(on: $0) }
            }
            let (table, recorded) = try await owner.withConnection { connection in
                let row = try await connection.query("""
                    SELECT to_regclass('public.half_done') IS NOT NULL,
                           EXISTS (SELECT FROM schema_migrations WHERE version = 9000)
                    """).single!
                return (try row.decode(0, as: Bool.self), try row.decode(1, as: Bool.self))
            }
            #expect(!table && !recorded)
        }
    }

    @Test func twoMigratorsAtOnceAreSafe() async throws {
        try await TestCluster.shared.withDatabase(migrated: false) { database in
            let migrations = self.migrations
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        let pool = PostgresPool(configuration: database.owner, maxConnections: 1)
                        defer { Task { await pool.close() } }
                        return try await pool.withConnection { try await Migrator(migrations: migrations).migrate(on: $0).count }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.sorted() == [0, migrations.count])
            let owner = await database.ownerPool()
            let rows = try await owner.withConnection { try await $0.query("SELECT count(*) FROM schema_migrations").single!.decode(0, as: Int.self) }
            #expect(rows == migrations.count)
        }
    }

    @Test func fileNamesAreChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("SELECT 1;".utf8).write(to: folder.appendingPathComponent("01_short.sql"))
        #expect(throws: MigrationError.badFileName("01_short.sql")) { try Migration.load(from: folder) }
    }
}
