import ArgumentParser
import Authentication
import Foundation
import Hummingbird
import LocalPostgres
import Logging
import Postgres
import Procurement
import Server
import Store

extension BenchCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the generated data on 127.0.0.1 and measure it against baselines in the same run.",
            discussion: """
                HTTP (wrk) against the same SQL through pgbench (the database's ceiling); the SQL as the \
                application role (row-level security) against a role that bypasses it; the server's peak \
                resident memory. Needs wrk and pgbench (Deploy/install-dependencies --for-bench) and data \
                from `samverkan bench generate`.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Also write every figure as JSON to this file.", valueName: "file"))
        var json: String?

        @Option(help: "Seconds each measurement runs.")
        var duration: Int = 10

        @Option(help: "Concurrent connections of wrk and of pgbench.")
        var connections: Int = 16

        @Option(help: "Port of 127.0.0.1 the server listens on for the run.")
        var port: Int = 8099

        @Option(name: .customLong("bypass-database-url"), help: ArgumentHelp(
            "A role that bypasses row-level security (superuser or BYPASSRLS), for the RLS figure. Default with the private cluster: its superuser; else the figure is skipped.",
            valueName: "url"))
        var bypassDatabaseURL: String?

        @Option(name: .customLong("scripts-directory"), help: ArgumentHelp(
            "Folder of the pgbench scripts. Default: Benchmarks/pgbench of the checkout.", valueName: "path"))
        var scriptsDirectory: String?

        func validate() throws {
            guard (1...600).contains(duration) else { throw ValidationError("--duration must be 1 to 600 seconds") }
            guard (1...1_000).contains(connections) else { throw ValidationError("--connections must be 1 to 1000") }
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        }

        var scripts: URL {
            scriptsDirectory.map { URL(fileURLWithPath: $0) }
                ?? SchemaLocation.sourceTree.deletingLastPathComponent().appendingPathComponent("Benchmarks/pgbench")
        }

        func run() async throws {
            Log.bootstrap()
            var logger = Logger(label: "samverkan")
            for tool in ["wrk", "pgbench"] where BenchTools.which(tool) == nil {
                throw CLIError("\(tool) is missing: run Deploy/install-dependencies --for-bench")
            }
            let migrations = try database.migrations()
            let target = database.target(environment: ProcessInfo.processInfo.environment)
            do {
                try await database.withDatabase(logger: logger) { application, _ in
                    let bypass: PostgresConfiguration? = switch target {
                    case .local: application.with(user: LocalCluster.superuser)
                    case .external: bypassDatabaseURL.map { PostgresConfiguration(connectionString: $0) }
                    }
                    let pool = PostgresPool(configuration: application, maxConnections: database.poolSize, logger: logger)
                    let store = Database(pool: pool)
                    do {
                        guard let targets = try await BenchmarkData.targets(in: store) else {
                            throw CLIError("no benchmark data here: run `samverkan bench generate` first")
                        }
                        let tokens = try await Self.tokens(for: targets, in: store)
                        let lookups = try await Self.lookupVariables(for: targets, in: store)
                        // The server's own request logs would cost as much as the requests.
                        logger.logLevel = .warning
                        let app = try await buildApplication(
                            configuration: ServerConfiguration(
                                host: "127.0.0.1", port: port, expectedSchemaVersion: migrations.last!.version),
                            database: store, logger: logger, metrics: MetricsRegistry.shared)
                        let figures = try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask { try await app.run() }
                            defer { group.cancelAll() }
                            return try await measure(
                                targets: targets, tokens: tokens, lookups: lookups, application: application, bypass: bypass)
                        }
                        await pool.close()
                        report(figures)
                    } catch {
                        await pool.close()
                        throw error
                    }
                }
            } catch {
                throw CLIError.describing(error)
            }
        }

        struct Tokens { var coordinator: String; var committee: String }

        /// The ids the server looks up after reading the contracts (their suppliers, parties, CPV
        /// labels and managers, `ContractNames.read`), for the member's list (`list_…`) and its
        /// contract (`contract_…`), as pgbench variables: the scripts then send the server's
        /// statements with the server's parameters.
        static func lookupVariables(for targets: BenchmarkData.Targets, in store: Database) async throws -> [String: String] {
            try await store.transaction(as: .system(of: targets.officeID), readOnly: true) { transaction in
                let list = try await transaction.contracts(ContractFilter(partyID: targets.organisationID))
                func variables(_ prefix: String, _ contracts: [Contract]) -> [String: String] {
                    func array(_ values: [String]) -> String { "{" + Set(values).sorted().joined(separator: ",") + "}" }
                    return [
                        prefix + "supplier_ids": array(contracts.flatMap(\.supplierIDs).map(\.text)),
                        prefix + "party_ids": array(contracts.flatMap(\.partyIDs).map(\.text)),
                        prefix + "cpv_digits": array(contracts.map(\.cpv.digits)),
                        prefix + "manager_ids": array(contracts.compactMap(\.managerID).map(\.text)),
                    ]
                }
                return variables("list_", list).merging(variables("contract_", list.filter { $0.id == targets.contractID })) { own, _ in own }
            }
        }

        static func tokens(for targets: BenchmarkData.Targets, in store: Database) async throws -> Tokens {
            let coordinator = SecretToken.generate(prefix: "svt_")
            let committee = SecretToken.generate(prefix: "svt_")
            try await store.transaction(as: .system(of: targets.officeID)) { transaction in
                let expires = Date().addingTimeInterval(86_400)
                try await transaction.insertAPIToken(
                    id: UUID(), userID: targets.coordinatorUserID, roleID: targets.coordinatorRoleID, name: "bench",
                    tokenHash: coordinator.hash, expiresAt: expires)
                try await transaction.insertAPIToken(
                    id: UUID(), userID: targets.committeeUserID, roleID: targets.committeeRoleID, name: "bench",
                    tokenHash: committee.hash, expiresAt: expires)
            }
            return Tokens(coordinator: coordinator.value, committee: committee.value)
        }

        /// One endpoint and the pgbench script that runs the same SQL.
        struct Case {
            var name: String
            var method: String
            var path: String
            var token: String
            var body: String?
            var script: String
            var identity: [String: String]
        }

        func measure(
            targets: BenchmarkData.Targets, tokens: Tokens, lookups: [String: String], application: PostgresConfiguration,
            bypass: PostgresConfiguration?
        ) async throws -> [Figure] {
            let base = "http://127.0.0.1:\(port)"
            try await BenchTools.waitForHealth("\(base)/health")
            let rssIdle = BenchTools.memory("VmRSS")
            let coordinator = [
                "office": targets.officeID.text, "org": targets.organisationID.text, "user": targets.coordinatorUserID.text,
                "role": "coordinator", "contract": targets.contractID.text, "token_hash": SecretToken.hash(tokens.coordinator),
                "cpv": targets.cpv,
            ].merging(lookups) { own, _ in own }
            var committee = coordinator
            committee["user"] = targets.committeeUserID.text
            committee["role"] = "committee_member"
            committee["org"] = targets.committeeOrganisationID?.text ?? ""
            committee["meeting"] = targets.meetingID.text
            committee["token_hash"] = SecretToken.hash(tokens.committee)
            let needBody = """
                {"cpv":"\(targets.cpv)","title":"Benchmark","quantity":"10","unit":"st","yearlyValue":"50000","wantedStart":"\(CalendarDateText.inDays(120))","months":24}
                """
            let cases = [
                Case(name: "contract_list", method: "GET", path: "/api/v1/contracts", token: tokens.coordinator,
                     script: "contract_list.sql", identity: coordinator),
                Case(name: "contract", method: "GET", path: "/api/v1/contracts/\(targets.contractID.text)", token: tokens.coordinator,
                     script: "contract.sql", identity: coordinator),
                Case(name: "meeting_agenda", method: "GET", path: "/api/v1/meetings/\(targets.meetingID.text)", token: tokens.committee,
                     script: "meeting_agenda.sql", identity: committee),
                Case(name: "register_need", method: "POST", path: "/api/v1/needs", token: tokens.coordinator, body: needBody,
                     script: "register_need.sql", identity: coordinator),
            ]
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-bench-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            var figures: [Figure] = []
            print("\(targets.officeSlug): member \(targets.organisationID.text) is party to \(targets.contractsOfOrganisation) contracts; \(connections) connections, \(duration) s each")
            for item in cases {
                let status = try await BenchTools.status(method: item.method, url: base + item.path, token: item.token, body: item.body)
                guard (200..<300).contains(status) else {
                    throw CLIError("\(item.method) \(item.path) answers \(status): the measurement would measure an error")
                }
                let http = try await BenchTools.wrk(
                    url: base + item.path, method: item.method, token: item.token, body: item.body,
                    connections: connections, duration: duration, work: work)
                let pg = try await BenchTools.pgbench(
                    script: scripts.appendingPathComponent(item.script), variables: item.identity,
                    connection: application, connections: connections, duration: duration, work: work, tag: item.name)
                figures.append(Figure(name: "http.\(item.name).throughput", value: http.rate, unit: "req/s", baseline: pg.rate))
                figures.append(Figure(name: "http.\(item.name).p50", value: http.p50, unit: "ms", baseline: pg.p50))
                figures.append(Figure(name: "http.\(item.name).p99", value: http.p99, unit: "ms", baseline: pg.p99))
                if http.errors > 0 {
                    figures.append(Figure(name: "http.\(item.name).errors", value: Double(http.errors), unit: "responses", baseline: nil))
                }
                // Row-level security: the same SQL, as a role that bypasses it. Mean latency, so
                // the ratio is the overhead factor (aim: under 1.15).
                if let bypass {
                    // The same SQL with the filters the policies add written out: a role that
                    // bypasses them would otherwise read every office's rows.
                    let free = try await BenchTools.pgbench(
                        script: scripts.appendingPathComponent(item.script.replacingOccurrences(of: ".sql", with: "_bypass.sql")), variables: item.identity,
                        connection: bypass, connections: connections, duration: duration, work: work, tag: item.name + "-bypass")
                    figures.append(Figure(name: "rls.\(item.name).mean_latency", value: pg.mean, unit: "ms", baseline: free.mean))
                }
            }
            let peak = BenchTools.memory("VmHWM")
            figures.append(Figure(name: "memory.peak_rss", value: peak / 1024, unit: "MiB", baseline: rssIdle / 1024))
            return figures
        }

        func report(_ figures: [Figure]) {
            Figure.printTable(figures)
            print("baselines: http.* against pgbench running the same SQL as the application role; rls.* against the same SQL bypassing row-level security with its filters written out; memory against the idle server")
            if let json { Figure.write(figures, to: json) }
        }
    }
}

/// One measured figure; `ratio` is value / baseline.
struct Figure: Encodable {
    var name: String
    var value: Double
    var unit: String
    var baseline: Double?
    var ratio: Double? { baseline.flatMap { $0 > 0 ? value / $0 : nil } }

    enum CodingKeys: String, CodingKey { case name, value, unit, baseline, ratio }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encode(unit, forKey: .unit)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(ratio, forKey: .ratio)
    }

    /// The figures as an aligned table: name, value, unit, baseline, ratio.
    static func printTable(_ figures: [Figure]) {
        func format(_ value: Double?) -> String {
            guard let value else { return "" }
            return value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        }
        let header = ["figure", "value", "unit", "baseline", "ratio"]
        let rows = figures.map { [$0.name, format($0.value), $0.unit, format($0.baseline), $0.ratio.map { String(format: "%.2f", $0) } ?? ""] }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        for row in [header] + rows {
            print(row.enumerated().map { index, cell in
                index == 0 || index == 2 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  "))
        }
    }

    static func write(_ figures: [Figure], to path: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(figures).write(to: URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(Data("could not write \(path): \(error)\n".utf8))
        }
    }
}

enum CalendarDateText {
    static func inDays(_ days: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }
}
