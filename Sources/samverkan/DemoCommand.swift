import ArgumentParser
import Foundation
import Logging
import Authentication
import Postgres
import Store

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Migrate, load the demo data and serve: the platform as a user meets it.",
        discussion: """
            Loads the Jämtland office with its eight municipalities and some municipal companies, \
            and a second office, into the database (the private cluster unless DATABASE_URL is set). \
            Loading again adds only what is missing. Ctrl-C stops the server and the private cluster.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var http: HTTPOptions

    @Flag(name: .customLong("no-serve"), help: "Load the demo data and exit.")
    var noServe = false

    func run() async throws {
        Log.bootstrap()
        let logger = Logger(label: "samverkan")
        let migrations = try database.migrations()
        let address = try http.resolved(environment: ProcessInfo.processInfo.environment)
        let statementTimeout = try database.statementTimeout(environment: ProcessInfo.processInfo.environment)
        let poolWait = try database.poolWait(environment: ProcessInfo.processInfo.environment)
        try await database.withDatabase(logger: logger) { application, owner in
            let applied = try await owner.withConnection(logger: logger) { connection in
                try await Migrator(migrations: migrations, logger: logger).migrate(on: connection)
            }
            if !applied.isEmpty { logger.info("migrated", metadata: ["applied": "\(applied.count)"]) }
            let pool = PostgresPool(configuration: application, maxConnections: 2, logger: logger)
            do {
                let added = try await DemoData.load(
                    into: Database(pool: pool, statementTimeout: statementTimeout), passwordHasher: PasswordHasher())
                logger.info("demo data ready", metadata: ["rows added": "\(added)"])
                await pool.close()
            } catch {
                await pool.close()
                throw CLIError.describing(error)
            }
            if noServe { return }
            try await Serving.serve(
                application: application, migrations: migrations, poolSize: database.poolSize, poolWait: poolWait,
                statementTimeout: statementTimeout, host: address.host, port: address.port, showsDemoAccounts: true,
                logger: logger)
        }
    }
}
