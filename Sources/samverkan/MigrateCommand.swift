import ArgumentParser
import Logging
import Postgres
import Store

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending Schema/ migrations, as the owner role.",
        discussion: "Each file runs in its own transaction under an advisory lock; two migrate commands at once are safe. A file changed after it was applied is refused."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .customLong("dry-run"), help: "List what would be applied, and change nothing.")
    var dryRun = false

    func run() async throws {
        Log.bootstrap()
        let logger = Logger(label: "samverkan.migrate")
        let migrator = Migrator(migrations: try database.migrations(), logger: logger)
        let applied = try await database.withDatabase(logger: logger) { _, owner in
            try await owner.withConnection(logger: logger) { connection in
                try await migrator.migrate(on: connection, dryRun: dryRun)
            }
        }
        let latest = migrator.migrations.last!.version
        if applied.isEmpty {
            print("Nothing to apply: the schema is at version \(latest).")
        } else {
            for migration in applied { print((dryRun ? "would apply " : "applied ") + migration.fileName) }
            if !dryRun { print("The schema is at version \(latest).") }
        }
    }
}
