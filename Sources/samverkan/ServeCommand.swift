import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Postgres
import Server
import Store

/// `--host` and `--port`, shared by the commands that serve HTTP.
struct HTTPOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Address to listen on. Default: $HOST, else 127.0.0.1.", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on. Default: $PORT, else 8080.", valueName: "port"))
    var port: Int?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func resolved(environment: [String: String]) throws -> (host: String, port: Int) {
        let host = host ?? environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        if let port { return (host, port) }
        guard let text = environment["PORT"], !text.isEmpty else { return (host, 8080) }
        guard let value = Int(text), (0...65535).contains(value) else {
            throw CLIError("PORT must be a number from 0 to 65535")
        }
        return (host, value)
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the platform over HTTP.",
        discussion: "Refuses to start while migrations are pending, or when its database role is a superuser, has BYPASSRLS or owns the tables: row-level security must apply to it."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var http: HTTPOptions

    func run() async throws {
        Log.bootstrap()
        let logger = Logger(label: "samverkan")
        let migrations = try database.migrations()
        let address = try http.resolved(environment: ProcessInfo.processInfo.environment)
        let statementTimeout = try database.statementTimeout(environment: ProcessInfo.processInfo.environment)
        let poolWait = try database.poolWait(environment: ProcessInfo.processInfo.environment)
        try await database.withDatabase(logger: logger) { application, _ in
            try await Serving.serve(
                application: application, migrations: migrations, poolSize: database.poolSize, poolWait: poolWait,
                statementTimeout: statementTimeout, host: address.host, port: address.port, logger: logger)
        }
    }
}

enum Serving {
    /// Checks the role and the schema, then serves until SIGINT or SIGTERM, finishing the
    /// requests in flight before it returns.
    static func serve(
        application configuration: PostgresConfiguration, migrations: [Migration], poolSize: Int,
        poolWait: Duration = DatabaseOptions.defaultPoolWait,
        statementTimeout: Duration? = Database.defaultStatementTimeout,
        host: String, port: Int, showsDemoAccounts: Bool = false, logger: Logger
    ) async throws {
        let pool = PostgresPool(
            configuration: configuration, maxConnections: poolSize, acquireTimeout: poolWait, logger: logger)
        do {
            try await pool.withConnection { connection in
                try await connection.checkApplicationRole()
                let status = try await Migrator(migrations: migrations, logger: logger).status(on: connection)
                if !status.pending.isEmpty { throw MigrationError.pending(status.pending.map(\.fileName)) }
            }
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: host, port: port, expectedSchemaVersion: migrations.last!.version,
                    secureCookies: ProcessInfo.processInfo.environment["SAMVERKAN_SECURE_COOKIES"] == "1",
                    showsDemoAccounts: showsDemoAccounts),
                database: Database(pool: pool, statementTimeout: statementTimeout), logger: logger,
                metrics: MetricsRegistry.shared)
            logger.info("serving", metadata: [
                "url": "http://\(host):\(port)/",
                "statement_timeout": "\(statementTimeout.map { $0 == .zero ? "none" : "\($0)" } ?? "the connection's")",
                "pool": "\(poolSize) connections, wait \(poolWait)",
            ])
            try await app.runService()
        } catch {
            await pool.close()
            throw CLIError.describing(error)
        }
        await pool.close()
    }
}
