import Foundation
import Logging
import Postgres

/// Applies `Schema/` migrations over one direct connection as the owner role.
///
/// A session-level advisory lock serialises migrators: a second `migrate` started at the same
/// time waits, then finds nothing left to do. Each file runs in its own transaction together
/// with its row in `schema_migrations`, so a failing file leaves no trace and the ones before
/// it stay applied.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    let logger: Logger

    /// Distinguishes our lock from any other advisory lock in the database ("SAMV").
    static let lockKey: Int64 = 0x5341_4D56

    public init(migrations: [Migration], logger: Logger = Logger(label: "migrate")) {
        self.migrations = migrations
        self.logger = logger
    }

    public struct Applied: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var checksum: String
    }

    public struct Status: Sendable, Equatable {
        public var applied: [Applied]
        public var pending: [Migration]
        public var currentVersion: Int? { applied.map(\.version).max() }
    }

    /// Compares the database with the files, without changing anything.
    /// Throws when an applied file was edited or the database is ahead of this build.
    public func status(on connection: PostgresConnection) async throws -> Status {
        let applied = try await appliedMigrations(on: connection)
        try verify(applied)
        let done = Set(applied.map(\.version))
        return Status(applied: applied, pending: migrations.filter { !done.contains($0.version) })
    }

    /// Applies what is pending, or with `dryRun` only reports it. Returns the files applied
    /// (or that would be).
    @discardableResult
    public func migrate(on connection: PostgresConnection, dryRun: Bool = false) async throws -> [Migration] {
        try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        do {
            let result = try await migrateLocked(on: connection, dryRun: dryRun)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            return result
        } catch {
            if connection.isInTransaction { try? await connection.simpleQuery("ROLLBACK") }
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            throw error
        }
    }

    private func migrateLocked(on connection: PostgresConnection, dryRun: Bool) async throws -> [Migration] {
        if !dryRun {
            try await connection.simpleQuery("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
        let pending = try await status(on: connection).pending
        if dryRun { return pending }
        for migration in pending {
            logger.info("applying migration", metadata: ["file": "\(migration.fileName)"])
            let record: PostgresQuery = """
                INSERT INTO schema_migrations (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """
            if migration.isTransactional {
                try await connection.simpleQuery("BEGIN")
                try await connection.simpleQuery(migration.sql)
                try await connection.query(record)
                try await connection.simpleQuery("COMMIT")
            } else {
                try await connection.simpleQuery(migration.sql)
                try await connection.query(record)
            }
        }
        return pending
    }

    private func appliedMigrations(on connection: PostgresConnection) async throws -> [Applied] {
        let exists = try await connection.query("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS present")
        guard try exists.single?.decode(0, as: Bool.self) == true else { return [] }
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        return try rows.map { row in
            Applied(version: try row.decode(0), name: try row.decode(1), checksum: try row.decode(2))
        }
    }

    private func verify(_ applied: [Applied]) throws(MigrationError) {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in applied {
            guard let file = known[record.version] else {
                throw .unknownAppliedVersion(record.version, record.name)
            }
            guard file.checksum == record.checksum else { throw .checksumMismatch(file.fileName) }
        }
    }
}
