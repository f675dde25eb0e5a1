import Foundation
import LocalPostgres
import Logging
import Postgres
import Store

/// The private PostgreSQL cluster the integration tests run against, started once per test
/// process in `.samverkan/test-postgres` of the checkout, and a fresh database per test.
///
/// Every test database is a copy of a template migrated once per process, so each test starts
/// from the real schema with no rows, and runs as the application role: row-level security
/// is what is tested, never bypassed by a superuser.
public actor TestCluster {
    public static let shared = TestCluster()

    let cluster: LocalCluster
    private var ready: Task<Void, any Error>?
    private var admin: PostgresPool?
    private var counter = 0

    static let templateName = "samverkan_test_template"

    init() {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var logger = Logger(label: "test-cluster")
        logger.logLevel = .warning
        var local = LocalCluster(
            directory: root.appendingPathComponent(".samverkan/test-postgres"), durability: .throwaway, logger: logger)
        // Every suite runs at once, each test with pools of its own, some with servers of their
        // own as child processes: more than a server's usual hundred.
        local.maxConnections = 400
        cluster = local
    }

    /// Connection settings for the cluster's superuser, for tests that must act as one
    /// (terminating a backend, say). Never for the code under test.
    public func superuser(database: String = "postgres") -> PostgresConfiguration {
        cluster.configuration(user: LocalCluster.superuser, database: database)
    }

    /// Creates a fresh database from the migrated template, runs `body`, and drops it.
    public func withDatabase<T: Sendable>(
        migrated: Bool = true,
        _ body: @Sendable (TestDatabase) async throws -> T
    ) async throws -> T {
        let database = try await makeDatabase(migrated: migrated)
        do {
            let value = try await body(database)
            await database.close()
            try await drop(database.name)
            return value
        } catch {
            await database.close()
            try? await drop(database.name)
            throw error
        }
    }

    private func prepare() async throws {
        if let ready { return try await ready.value }
        let task = Task {
            if try cluster.start() { TestClusterShutdown.register(cluster) }
            try await cluster.prepareDatabase("postgres")
            // One connection creates and drops every test's database, one at a time; a test run
            // starts dozens at once and each waits its turn, however long the line, rather than
            // failing because the machine is busy (a browser test starting Chromium, say).
            let admin = PostgresPool(configuration: superuser(), maxConnections: 1, acquireTimeout: nil)
            self.admin = admin
            let migrations = try Migration.load(from: SchemaLocation.sourceTree)
            try await admin.withConnection { connection in
                try await connection.query("DROP DATABASE IF EXISTS \(identifier: Self.templateName) WITH (FORCE)")
                try await connection.query("CREATE DATABASE \(identifier: Self.templateName) OWNER \(identifier: LocalCluster.ownerRole)")
            }
            let owner = PostgresPool(
                configuration: cluster.configuration(user: LocalCluster.ownerRole, database: Self.templateName),
                maxConnections: 1)
            try await owner.withConnection { connection in
                try await Migrator(migrations: migrations).migrate(on: connection)
            }
            await owner.close()
        }
        ready = task
        try await task.value
    }

    private func makeDatabase(migrated: Bool) async throws -> TestDatabase {
        try await prepare()
        counter += 1
        let name = "test_\(getpid())_\(counter)"
        try await admin!.withConnection { connection in
            try await connection.query("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
            if migrated {
                try await connection.query("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: Self.templateName) OWNER \(identifier: LocalCluster.ownerRole)")
            } else {
                try await connection.query("CREATE DATABASE \(identifier: name) OWNER \(identifier: LocalCluster.ownerRole)")
            }
        }
        return TestDatabase(
            name: name,
            application: cluster.configuration(user: LocalCluster.applicationRole, database: name),
            owner: cluster.configuration(user: LocalCluster.ownerRole, database: name),
            superuser: cluster.configuration(user: LocalCluster.superuser, database: name))
    }

    private func drop(_ name: String) async throws {
        try await admin!.withConnection { connection in
            try await connection.query("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        }
    }
}

/// One test's database and the ways to connect to it.
public final class TestDatabase: Sendable {
    public let name: String
    /// As the application role: what the server uses, subject to row-level security.
    public let application: PostgresConfiguration
    /// As the owner role: what migrations use.
    public let owner: PostgresConfiguration
    /// As the superuser: for arranging faults, never for the code under test.
    public let superuser: PostgresConfiguration
    private let pools = PoolRegistry()

    init(name: String, application: PostgresConfiguration, owner: PostgresConfiguration, superuser: PostgresConfiguration) {
        self.name = name
        self.application = application
        self.owner = owner
        self.superuser = superuser
    }

    /// A libpq `key=value` connection string for one of the roles, as a user would put in
    /// DATABASE_URL.
    public func connectionString(_ configuration: PostgresConfiguration) -> String {
        configuration.overrides.sorted { $0.key < $1.key }.map { key, value in
            key + "='" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }.joined(separator: " ")
    }

    /// A pool as the application role, closed with the database.
    public func applicationPool(maxConnections: Int = 4, acquireTimeout: Duration? = .seconds(10)) async -> PostgresPool {
        await pools.make(application, maxConnections: maxConnections, acquireTimeout: acquireTimeout)
    }

    public func ownerPool() async -> PostgresPool { await pools.make(owner, maxConnections: 2, acquireTimeout: .seconds(10)) }

    public func superuserPool() async -> PostgresPool { await pools.make(superuser, maxConnections: 1, acquireTimeout: .seconds(10)) }

    /// The platform's database over the application role.
    public func database() async -> Database { Database(pool: await applicationPool()) }

    func close() async { await pools.closeAll() }
}

actor PoolRegistry {
    private var pools: [PostgresPool] = []

    func make(_ configuration: PostgresConfiguration, maxConnections: Int, acquireTimeout: Duration?) -> PostgresPool {
        let pool = PostgresPool(configuration: configuration, maxConnections: maxConnections, acquireTimeout: acquireTimeout)
        pools.append(pool)
        return pool
    }

    func closeAll() async {
        for pool in pools { await pool.close() }
        pools.removeAll()
    }
}

/// Stops the test cluster when the test process exits, if this process started it.
enum TestClusterShutdown {
    nonisolated(unsafe) static var cluster: LocalCluster?

    static func register(_ started: LocalCluster) {
        cluster = started
        atexit {
            try? TestClusterShutdown.cluster?.stop()
        }
    }
}

import Authentication

extension PasswordHasher {
    /// bcrypt at its lowest cost: the same code path, fast enough for many tests.
    public static let forTests = PasswordHasher(cost: 4)
}

/// The newest migration in Schema/, as the program would report it.
public let latestSchemaVersion = try! Migration.load(from: SchemaLocation.sourceTree).last!.version
