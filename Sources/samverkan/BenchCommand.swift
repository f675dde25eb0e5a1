import ArgumentParser
import Foundation
import Logging
import Postgres
import Store

/// `samverkan bench`: the benchmark data set and the measurements against baselines.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: generate a national-scale data set, measure the hot paths against baselines.",
        subcommands: [Generate.self, Run.self, Import.self, Compliance.self]
    )

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Migrate, then fill the database with a seeded, reproducible data set.",
            discussion: """
                small: 2 offices (Stockholm's and Uppsala's counties), 1 000 contracts, in seconds. \
                national: 20 offices with the 290 municipalities, 21 regions, 1 700 municipal companies, \
                20 000 users and 100 000 contracts. The same seed gives the same rows; use a fresh database \
                (e.g. --cluster-directory .samverkan/bench).
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("small or national.", valueName: "scale"))
        var scale: BenchmarkData.Scale = .small

        @Option(help: "Seed of the generator: the same seed gives the same data.")
        var seed: UInt64 = 2026

        func run() async throws {
            Log.bootstrap()
            let logger = Logger(label: "samverkan")
            let migrations = try database.migrations()
            let started = ContinuousClock.now
            let report: BenchmarkData.Report
            do {
                report = try await database.withDatabase(logger: logger) { application, owner in
                    _ = try await owner.withConnection(logger: logger) { connection in
                        try await Migrator(migrations: migrations, logger: logger).migrate(on: connection)
                    }
                    let pool = PostgresPool(configuration: application, maxConnections: 2, logger: logger)
                    do {
                        // Big batches under the server's 10-second statement limit would be cut short.
                        let report = try await BenchmarkData.generate(
                            into: Database(pool: pool, statementTimeout: .zero), scale: scale, seed: seed,
                            progress: { logger.info("generating", metadata: ["step": "\($0)"]) })
                        await pool.close()
                        return report
                    } catch {
                        await pool.close()
                        throw error
                    }
                }
            } catch let problem as BenchmarkData.Problem {
                throw CLIError(problem.description)
            } catch {
                throw CLIError.describing(error)
            }
            let elapsed = ContinuousClock.now - started
            print("generated \(scale.rawValue) (seed \(seed)) in \(elapsed.formatted(.units(allowed: [.minutes, .seconds], width: .narrow)))")
            for (table, count) in report.rows {
                print("  \(table.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count)")
            }
        }
    }
}

extension BenchmarkData.Scale: ExpressibleByArgument {}
