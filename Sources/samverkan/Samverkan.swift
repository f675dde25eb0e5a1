import ArgumentParser
import Foundation
import Logging
import Server

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
            ThresholdCommand.self, OCDSCommand.self, ImportCommand.self, BenchCommand.self,
        ]
    )
}

/// A failure the user can act on: printed as it is, with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Log {
    /// How log lines look: `LOG_FORMAT=json` for a log collector, anything else for people.
    enum Format: Equatable {
        case text
        case json
        /// A LOG_FORMAT value that is neither: text, with a warning once logging works.
        case unknown(String)

        init(environment: [String: String]) {
            switch environment["LOG_FORMAT"]?.lowercased() {
            case nil, "", "text": self = .text
            case "json": self = .json
            case let other?: self = .unknown(other)
            }
        }
    }

    private static let once: Void = {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let format = Format(environment: environment)
        // The provider adds the request id to every line written while a request is handled,
        // whichever logger writes it.
        LoggingSystem.bootstrap({ label, metadataProvider in
            if format == .json {
                var handler = JSONLogHandler(label: label, metadataProvider: metadataProvider)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: metadataProvider)
            handler.logLevel = level
            return handler
        }, metadataProvider: RequestLogMetadata.provider)
        if case .unknown(let value) = format {
            Logger(label: "samverkan").warning("LOG_FORMAT is neither text nor json; logging as text", metadata: ["LOG_FORMAT": "\(value)"])
        }
    }()

    /// Logs to standard error, at LOG_LEVEL (default `info`), as text or, with
    /// `LOG_FORMAT=json`, one JSON object a line. Once per process.
    static func bootstrap() { once }
}
