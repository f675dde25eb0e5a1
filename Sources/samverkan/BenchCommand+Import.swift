import ArgumentParser
import Foundation
import LocalPostgres
import Logging
import Postgres
import Procurement
import SpendFiles
import Store

extension BenchCommand {
    /// `samverkan bench import`: the spend import of a generated accounts-payable export against
    /// `psql \copy` of the same rows into the same staging table, in the same run.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the spend import of a large CSV against psql \\copy of the same rows.",
            discussion: """
                Writes a seeded accounts-payable export (about two lines per invoice, suppliers and \
                periods from the office's contracts) and imports it for a member without spend, as the \
                office's system, in one transaction; the baseline is psql copying the rows the reader \
                made into a temporary table shaped as the import's staging table. Each round takes a \
                fresh member. Needs psql and data from `samverkan bench generate`.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Lines of the generated export.")
        var lines: Int = 1_000_000

        @Option(help: "Seed of the generator: the same seed gives the same file.")
        var seed: UInt64 = 2026

        @Option(help: "Imports, each for a fresh member, each with its own baseline.")
        var rounds: Int = 2

        @Option(help: ArgumentHelp("Also write every figure as JSON to this file.", valueName: "file"))
        var json: String?

        func validate() throws {
            guard (1...20_000_000).contains(lines) else { throw ValidationError("--lines must be 1 to 20000000") }
            guard (1...10).contains(rounds) else { throw ValidationError("--rounds must be 1 to 10") }
        }

        func run() async throws {
            Log.bootstrap()
            let logger = Logger(label: "samverkan")
            guard BenchTools.which("psql") != nil else { throw CLIError("psql is missing: it comes with PostgreSQL's client") }
            let figures: [Figure]
            do {
                figures = try await database.withDatabase(logger: logger) { application, owner in
                    let pool = PostgresPool(configuration: application, maxConnections: 2, logger: logger)
                    do {
                        let store = Database(pool: pool, statementTimeout: .zero)
                        guard let office = try await BenchmarkData.targets(in: store)?.officeID else {
                            throw CLIError("no benchmark data here: run `samverkan bench generate` first")
                        }
                        let figures = try await Self.measure(
                            store: store, officeID: office, application: application, owner: owner,
                            lines: lines, seed: seed, rounds: rounds, say: { print($0) })
                        await pool.close()
                        return figures
                    } catch {
                        await pool.close()
                        throw error
                    }
                }
            } catch {
                throw CLIError.describing(error)
            }
            Figure.printTable(figures)
            print("baselines: import.* against psql \\copy of the same rows into a temporary table shaped as the import's staging table, as the application role; import.*.copy compares the import's read+COPY step alone")
            if let json { Figure.write(figures, to: json) }
        }

        /// Collects the moments the import's steps end.
        final class StepClock: @unchecked Sendable {
            private let lock = NSLock()
            private var marks: [(String, ContinuousClock.Instant)] = []
            func mark(_ step: String) { lock.withLock { marks.append((step, .now)) } }
            var steps: [(String, ContinuousClock.Instant)] { lock.withLock { marks } }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        /// The measurement itself, for the command and the test: `rounds` imports of `lines`
        /// lines into members of `officeID` without spend, each against its psql baseline.
        static func measure(
            store: Database, officeID: UUID, application: PostgresConfiguration, owner: PostgresConfiguration?,
            lines: Int, seed: UInt64, rounds: Int, say: (String) -> Void
        ) async throws -> [Figure] {
            let members: [UUID] = try await store.transaction(as: .system(of: officeID), readOnly: true) { transaction in
                try await transaction.query("""
                    SELECT o.id FROM organisations o
                     WHERE NOT EXISTS (SELECT FROM spend_imports i WHERE i.organisation_id = o.id)
                     ORDER BY (SELECT count(*) FROM contract_parties p WHERE p.organisation_id = o.id) DESC, o.id
                     LIMIT \(rounds)
                    """).map { try $0.decode(0) }
            }
            guard members.count == rounds else {
                throw CLIError("the office has \(members.count) members without spend, \(rounds) needed: generate a fresh data set")
            }
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-bench-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let today = CalendarDate.today
            let from = today.adding(months: -24)!
            var figures: [Figure] = []
            for (index, member) in members.enumerated() {
                let round = "import.r\(index + 1)"
                let source = try await store.transaction(as: .system(of: officeID)) {
                    try await BenchmarkData.spendSource(organisationID: member, in: $0)
                }
                let csv = BenchmarkData.spendCSV(
                    source, lines: lines, seed: seed &+ UInt64(index), from: from, to: today, invoicePrefix: "B\(seed)-\(index + 1)-")
                let csvFile = work.appendingPathComponent("leverantorsreskontra-\(index + 1).csv")
                try Data(csv).write(to: csvFile)
                // The rows the reader makes of the file, in the staging table's shape: what the
                // import streams with COPY, and what psql is given.
                let stagingFile = work.appendingPathComponent("staging-\(index + 1).tsv")
                try Data(try stagingRows(csv)).write(to: stagingFile)
                say("\(round): member \(member.text), \(lines) lines (\(csv.count / 1_000_000) MB), \(source.terms.count) contract terms")

                let psql = try await psqlCopy(file: stagingFile, temporary: true, connection: application, work: work)
                let plain = try? await psqlCopy(file: stagingFile, temporary: false, connection: owner ?? application, work: work)

                let clock = StepClock()
                let started = ContinuousClock.now
                let bytes = Array(try Data(contentsOf: csvFile))
                let summary = try await store.transaction(as: .system(of: officeID)) { transaction in
                    try await transaction.importSpend(
                        organisationID: member, files: [SpendFileUpload(name: csvFile.lastPathComponent, bytes: bytes)], importedBy: nil,
                        stepEnded: { clock.mark($0) })
                }
                let ended = ContinuousClock.now
                let total = seconds(ended - started)
                guard summary.linesAdded == lines else {
                    throw CLIError("the import added \(summary.linesAdded) of \(lines) lines: the measurement would not compare like with like")
                }
                let matched = summary.amountSEK.ore == 0 ? 0 : Double(summary.matchedSEK.ore) / Double(summary.amountSEK.ore) * 100
                say("\(round): \(summary.invoicesAdded) invoices, \(summary.linesAdded) lines, \(String(format: "%.0f", matched)) % of the amount on contract")
                figures.append(Figure(name: "\(round).wall", value: total, unit: "s", baseline: psql))
                figures.append(Figure(name: "\(round).throughput", value: Double(lines) / total, unit: "lines/s", baseline: Double(lines) / psql))
                var previous = started
                for (step, instant) in clock.steps {
                    let name = step == "read and COPY into staging" ? "copy" : "step." + step.replacingOccurrences(of: " ", with: "_")
                    figures.append(Figure(name: "\(round).\(name)", value: seconds(instant - previous), unit: "s",
                                          baseline: name == "copy" ? psql : nil))
                    previous = instant
                }
                figures.append(Figure(name: "\(round).step.commit", value: seconds(ended - previous), unit: "s", baseline: nil))
                if let plain {
                    figures.append(Figure(name: "\(round).psql_plain_table", value: plain, unit: "s", baseline: psql))
                }
                if let owner, let importID = summary.importID {
                    let floor = try await psqlWriteFloor(importID: importID, officeID: officeID, owner: owner, work: work)
                    figures.append(Figure(name: "\(round).psql_write_floor", value: floor, unit: "s", baseline: psql))
                    figures.append(Figure(name: "\(round).wall_vs_write_floor", value: total, unit: "s", baseline: floor))
                }
            }
            return figures
        }

        /// The least any import of these rows could cost: psql copying exactly the invoices and
        /// lines the import wrote into plain tables with the same columns, checks and indexes
        /// (no policies, triggers or keys), the fastest way PostgreSQL has to write rows. The
        /// rows are read back as the owner first, untimed.
        static func psqlWriteFloor(importID: UUID, officeID: UUID, owner: PostgresConfiguration, work: URL) async throws -> Double {
            let invoices = work.appendingPathComponent("floor-invoices.tsv").path
            let lines = work.appendingPathComponent("floor-lines.tsv").path
            let export = """
                SELECT set_config('app.office_id', '\(officeID.text)', false);
                \\copy (SELECT * FROM spend_invoices WHERE import_id = '\(importID.text)') TO '\(invoices)'
                \\copy (SELECT l.* FROM spend_lines l JOIN spend_invoices i ON i.office_id = l.office_id AND i.id = l.invoice_id WHERE i.import_id = '\(importID.text)') TO '\(lines)'
                DROP TABLE IF EXISTS bench_floor_invoices, bench_floor_lines;
                CREATE TABLE bench_floor_invoices (LIKE spend_invoices INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
                CREATE TABLE bench_floor_lines (LIKE spend_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
                """
            let copy = """
                BEGIN;
                \\copy bench_floor_invoices FROM '\(invoices)'
                \\copy bench_floor_lines FROM '\(lines)'
                COMMIT;
                """
            _ = try await psqlScript(export, connection: owner, work: work)
            let elapsed = try await psqlScript(copy, connection: owner, work: work)
            _ = try await psqlScript("DROP TABLE bench_floor_invoices, bench_floor_lines;", connection: owner, work: work)
            return elapsed
        }

        /// Runs a psql script, stopping at its first error; the seconds it took, psql's start
        /// and connection included.
        static func psqlScript(_ script: String, connection: PostgresConfiguration, work: URL) async throws -> Double {
            let scriptFile = work.appendingPathComponent("script-\(UUID().uuidString.prefix(8)).sql")
            try (script + "\n").write(to: scriptFile, atomically: true, encoding: .utf8)
            let started = ContinuousClock.now
            let (status, output) = try await BenchTools.run(
                "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", scriptFile.path, "-d", BenchTools.conninfo(connection)], timeout: 1_800)
            let elapsed = seconds(ContinuousClock.now - started)
            guard status == 0 else { throw CLIError("psql failed: \(output.suffix(600))") }
            return elapsed
        }

        /// The staging rows of a CSV export in COPY's text format.
        static func stagingRows(_ csv: [UInt8]) throws -> [UInt8] {
            var reader = try SpendFileReader(bytes: csv)
            var out: [UInt8] = []
            out.reserveCapacity(csv.count + csv.count / 2)
            while let line = try reader.next() {
                for (index, value) in SpendStaging.row(line, fileNumber: 0).enumerated() {
                    if index > 0 { out.append(9) }
                    guard let value else {
                        out += [92, 78]
                        continue
                    }
                    for byte in value.utf8 {
                        switch byte {
                        case 92: out += [92, 92]
                        case 9: out += [92, 116]
                        case 10: out += [92, 110]
                        case 13: out += [92, 114]
                        default: out.append(byte)
                        }
                    }
                }
                out.append(10)
            }
            return out
        }

        /// psql copying `file` into a table shaped as the import's staging table: temporary
        /// (as the import's, dropped at commit) or a plain table; the seconds it took, psql's
        /// start and connection included.
        static func psqlCopy(file: URL, temporary: Bool, connection: PostgresConfiguration, work: URL) async throws -> Double {
            let columns = SpendStaging.columns.joined(separator: ", ")
            let definition = SpendStaging.definition.replacingOccurrences(of: "\n", with: " ")
            let script = temporary
                ? """
                BEGIN;
                CREATE TEMPORARY TABLE spend_staging (\(definition)) ON COMMIT DROP;
                \\copy spend_staging (\(columns)) FROM '\(file.path)'
                COMMIT;
                """
                : """
                DROP TABLE IF EXISTS bench_spend_staging;
                CREATE TABLE bench_spend_staging (\(definition));
                \\copy bench_spend_staging (\(columns)) FROM '\(file.path)'
                DROP TABLE bench_spend_staging;
                """
            return try await psqlScript(script, connection: connection, work: work)
        }
    }
}
