import ArgumentParser
import Foundation
import Logging

@main
struct Samverkan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samverkan",
        abstract: "Samverkan: the platform for joint public procurement offices (upphandlingssamverkan).",
        discussion: """
            With no database configured (no DATABASE_URL and no PGHOST, PGDATABASE or PGSERVICE), \
            every command uses a private PostgreSQL cluster in .samverkan/postgres under the working \
            folder, creating and starting it as needed; it listens on a Unix socket only.

            Start here:  samverkan demo      (migrate, load demo data, serve on http://127.0.0.1:8080)
            """,
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self,
            OfficeCommand.self, OrganisationCommand.self, UserCommand.self, TokenCommand.self, AuditCommand.self,
            ThresholdCommand.self,
        ]
    )
}

/// A failure the user can act on: printed as it is, with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Log {
    private static let once: Void = {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }()

    /// Logs to standard error, at LOG_LEVEL (default `info`). Once per process.
    static func bootstrap() { once }
}
