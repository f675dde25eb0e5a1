import ArgumentParser
import Foundation
import LocalPostgres
import Logging
import Postgres
import Store

/// Where the database is: the options every command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "Connection string for the application role (URL or key=value). Default: $DATABASE_URL, else the PG* variables, else the private cluster.",
        valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("owner-database-url"), help: ArgumentHelp(
        "Connection string for the owner role, used to migrate. Default: $OWNER_DATABASE_URL, else the application's.",
        valueName: "url"))
    var ownerDatabaseURL: String?

    @Option(name: .customLong("cluster-directory"), help: ArgumentHelp(
        "Folder of the private PostgreSQL cluster. Default: $SAMVERKAN_CLUSTER_DIR, else .samverkan/postgres.",
        valueName: "path"))
    var clusterDirectory: String?

    @Option(name: .customLong("schema-directory"), help: ArgumentHelp(
        "Folder of the NNNN_name.sql migrations. Default: $SAMVERKAN_SCHEMA_DIR, else found beside the program.",
        valueName: "path"))
    var schemaDirectory: String?

    @Option(name: .customLong("pool-size"), help: "Database connections the server may open.")
    var poolSize: Int = 10

    @Option(name: .customLong("statement-timeout-ms"), help: ArgumentHelp(
        "How long one SQL statement may run before PostgreSQL cancels it; 0: no limit. Default: $SAMVERKAN_STATEMENT_TIMEOUT_MS, else 10000.",
        valueName: "milliseconds"))
    var statementTimeoutMilliseconds: Int?

    @Option(name: .customLong("pool-wait-ms"), help: ArgumentHelp(
        "How long a request waits for a free database connection before it answers 503 with Retry-After; 0: not at all. Default: $SAMVERKAN_POOL_WAIT_MS, else 10000.",
        valueName: "milliseconds"))
    var poolWaitMilliseconds: Int?

    func validate() throws {
        guard (1...200).contains(poolSize) else { throw ValidationError("--pool-size must be between 1 and 200") }
        if let statementTimeoutMilliseconds, statementTimeoutMilliseconds < 0 {
            throw ValidationError("--statement-timeout-ms cannot be negative")
        }
        if let poolWaitMilliseconds, poolWaitMilliseconds < 0 {
            throw ValidationError("--pool-wait-ms cannot be negative")
        }
    }

    /// Ten seconds: a burst of requests rides it out, while a pool held by stuck requests
    /// answers 503 soon enough for a client or proxy to try elsewhere or later.
    static let defaultPoolWait: Duration = .seconds(10)

    /// How long a request may wait in the pool's line. Never unbounded: a queue without limit
    /// only turns an overload into timeouts at the proxy, with the work still done afterwards.
    func poolWait(environment: [String: String]) throws -> Duration {
        if let poolWaitMilliseconds { return .milliseconds(poolWaitMilliseconds) }
        guard let text = environment["SAMVERKAN_POOL_WAIT_MS"], !text.isEmpty else { return Self.defaultPoolWait }
        guard let value = Int(text), (0...3_600_000).contains(value) else {
            throw CLIError("SAMVERKAN_POOL_WAIT_MS must be a number of milliseconds up to 3600000 (0: do not wait)")
        }
        return .milliseconds(value)
    }

    /// The limit every transaction sets (`statement_timeout`); zero, as PostgreSQL takes it,
    /// for none.
    func statementTimeout(environment: [String: String]) throws -> Duration {
        let milliseconds: Int
        if let statementTimeoutMilliseconds {
            milliseconds = statementTimeoutMilliseconds
        } else if let text = environment["SAMVERKAN_STATEMENT_TIMEOUT_MS"], !text.isEmpty {
            // PostgreSQL takes at most INT_MAX milliseconds.
            guard let value = Int(text), (0...Int(Int32.max)).contains(value) else {
                throw CLIError("SAMVERKAN_STATEMENT_TIMEOUT_MS must be a number of milliseconds (0: no limit)")
            }
            milliseconds = value
        } else {
            return Database.defaultStatementTimeout
        }
        return .milliseconds(milliseconds)
    }

    /// The local database name of the private cluster.
    static let localDatabase = "samverkan"

    enum Target: Equatable {
        /// A server the installation runs: the application's and the owner's connection strings
        /// (empty: libpq's PG* defaults).
        case external(application: String, owner: String)
        /// The private cluster in this folder.
        case local(directory: String)
    }

    /// Decides where the database is, from the options and the environment.
    func target(environment: [String: String]) -> Target {
        let application = databaseURL ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let owner = ownerDatabaseURL ?? environment["OWNER_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let libpqConfigured = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE"]
            .contains { !(environment[$0] ?? "").isEmpty }
        if application != nil || owner != nil || libpqConfigured {
            return .external(application: application ?? owner ?? "", owner: owner ?? application ?? "")
        }
        let directory = clusterDirectory ?? environment["SAMVERKAN_CLUSTER_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ".samverkan/postgres"
        return .local(directory: directory)
    }

    func migrations() throws -> [Migration] {
        let folder = SchemaLocation.find(explicit: schemaDirectory)
        do {
            return try Migration.load(from: folder)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// Runs `body` with the database ready to connect to, starting the private cluster when
    /// that is the target and stopping it afterwards if this call started it.
    func withDatabase<T>(
        logger: Logger,
        _ body: (_ application: PostgresConfiguration, _ owner: PostgresConfiguration) async throws -> T
    ) async throws -> T {
        switch target(environment: ProcessInfo.processInfo.environment) {
        case .external(let application, let owner):
            return try await body(
                PostgresConfiguration(connectionString: application),
                PostgresConfiguration(connectionString: owner))
        case .local(let directory):
            let cluster = LocalCluster(directory: URL(fileURLWithPath: directory), logger: logger)
            let started: Bool
            do {
                started = try cluster.start()
                try await cluster.prepareDatabase(Self.localDatabase)
            } catch let error as LocalClusterError {
                throw CLIError(error.description)
            }
            do {
                let value = try await body(
                    cluster.configuration(user: LocalCluster.applicationRole, database: Self.localDatabase),
                    cluster.configuration(user: LocalCluster.ownerRole, database: Self.localDatabase))
                if started { try cluster.stop() }
                return value
            } catch {
                if started { try? cluster.stop() }
                throw error
            }
        }
    }
}

extension CLIError {
    /// Errors with a message for people pass through; database errors show their safe text.
    static func describing(_ error: any Error) -> any Error {
        switch error {
        case let error as CLIError: error
        case let error as PostgresError: CLIError(error.description)
        case let error as MigrationError: CLIError(error.description)
        case let error as RoleProblem: CLIError(error.description)
        default: error
        }
    }
}
