import Foundation
import LocalPostgres
import Logging
import Postgres
import Store

/// A private PostgreSQL cluster of one test's own, for faults that would break every other test
/// on the shared `TestCluster`: stopping and restarting the server under running requests.
///
/// Created fresh in `.samverkan/fault-<name>-<pid>` of the checkout, migrated, and removed
/// afterwards. Without fsync (`throwaway`): the faults tested are the server restarting and the
/// program dying, not the machine losing power.
public struct FaultCluster: Sendable {
    let cluster: LocalCluster
    public static let database = "samverkan"

    init(name: String) {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var logger = Logger(label: "fault-cluster")
        logger.logLevel = .warning
        cluster = LocalCluster(
            directory: root.appendingPathComponent(".samverkan/fault-\(name)-\(getpid())"), durability: .throwaway,
            logger: logger)
    }

    /// As the application role: what the server uses.
    public var application: PostgresConfiguration {
        cluster.configuration(user: LocalCluster.applicationRole, database: Self.database)
    }

    /// As the superuser: for looking behind row-level security when checking what a fault left.
    public var superuser: PostgresConfiguration {
        cluster.configuration(user: LocalCluster.superuser, database: Self.database)
    }

    /// Stops PostgreSQL as an administrator would (`pg_ctl stop -m fast`): running statements
    /// are cancelled and every connection is closed.
    public func stop() throws { try cluster.stop() }

    /// Starts it again in the same folder, with the same data.
    public func start() throws { try cluster.start() }

    /// Creates, migrates and starts a cluster, runs `body`, then stops and removes it.
    public static func with<T: Sendable>(_ name: String, _ body: @Sendable (FaultCluster) async throws -> T) async throws -> T {
        let fault = FaultCluster(name: name)
        try? FileManager.default.removeItem(at: fault.cluster.directory)
        defer {
            try? fault.cluster.stop()
            try? FileManager.default.removeItem(at: fault.cluster.directory)
        }
        try fault.cluster.start()
        try await fault.cluster.prepareDatabase(database)
        let owner = fault.cluster.configuration(user: LocalCluster.ownerRole, database: database)
        try await owner.withConnection(logger: Logger(label: "fault-cluster")) { connection in
            _ = try await Migrator(migrations: try Migration.load(from: SchemaLocation.sourceTree)).migrate(on: connection)
        }
        return try await body(fault)
    }
}
