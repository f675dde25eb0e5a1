import ArgumentParser
import Foundation
import Logging

@main
struct PostgresClients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres-clients",
        abstract: "The platform's libpq layer against PostgresNIO on the same queries, connections and decoding.",
        discussion: """
            Needs data from `samverkan bench generate`. Each query runs through each client with the same \
            number of connections, each connection sending one query after the other, for a warm-up and then \
            the measured duration. Ratio: libpq / PostgresNIO (throughput above 1: libpq is faster; \
            latency below 1: libpq is faster).
            """
    )

    @Option(help: ArgumentHelp(
        "libpq URL of the application role (postgresql://…). Default: $DATABASE_URL, else the private cluster.",
        valueName: "url"))
    var url: String?

    @Option(name: .customLong("cluster-directory"), help: ArgumentHelp(
        "Folder of the platform's private cluster, started if needed and stopped afterwards. Default: $SAMVERKAN_CLUSTER_DIR, else .samverkan/postgres.",
        valueName: "path"))
    var clusterDirectory: String?

    @Option(help: "Concurrent connections of each client.")
    var connections: Int = 8

    @Option(help: "Seconds each client runs each query, measured.")
    var duration: Int = 10

    @Option(help: "Seconds each client runs each query before the measurement.")
    var warmup: Int = 2

    @Option(help: "Rounds the measured seconds are split into, the clients taking turns (first libpq, then PostgresNIO first, …), so a change in the machine's load falls on both.")
    var rounds: Int = 2

    @Option(help: ArgumentHelp("Only these queries (comma-separated: select_1, contract_list, contract).", valueName: "names"))
    var queries: String?

    @Option(help: ArgumentHelp("Also write every figure as JSON to this file.", valueName: "file"))
    var json: String?

    func validate() throws {
        guard (1...90).contains(connections) else { throw ValidationError("--connections must be 1 to 90 (both clients' connections are open at once)") }
        guard (1...600).contains(duration) else { throw ValidationError("--duration must be 1 to 600 seconds") }
        guard (1...duration).contains(rounds) else { throw ValidationError("--rounds must be 1 to --duration") }
        guard (0...60).contains(warmup) else { throw ValidationError("--warmup must be 0 to 60 seconds") }
        _ = try workloads()
    }

    func workloads() throws -> [Workload] {
        guard let queries else { return Workload.allCases }
        return try queries.split(separator: ",").map { name in
            guard let workload = Workload(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("unknown query \(name): select_1, contract_list or contract")
            }
            return workload
        }
    }

    func run() async throws {
        var logger = Logger(label: "postgres-clients")
        logger.logLevel = .warning
        let environment = ProcessInfo.processInfo.environment
        let url = url ?? (clusterDirectory == nil ? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } : nil)
        let libpq: LibPQConfiguration
        let endpoint: NIOEndpoint
        var cluster: Cluster?
        if let url {
            libpq = LibPQConfiguration(url: url)
            endpoint = try ConnectionURL.endpoint(url, environment: environment)
        } else {
            let directory = clusterDirectory ?? environment["SAMVERKAN_CLUSTER_DIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ".samverkan/postgres"
            let started = try Cluster(directory: directory, logger: logger)
            cluster = started
            libpq = started.libpq
            endpoint = NIOEndpoint(
                address: .unixSocket(started.socketPath), user: Cluster.user, password: nil, database: Cluster.database)
        }
        do {
            try await measure(libpq: libpq, endpoint: endpoint, logger: logger)
            try cluster?.stopIfStarted()
        } catch {
            try? cluster?.stopIfStarted()
            throw error
        }
    }

    func measure(libpq: LibPQConfiguration, endpoint: NIOEndpoint, logger: Logger) async throws {
        let platform = LibPQClient(configuration: libpq, connections: connections, logger: logger)
        let nio = NIOClient(endpoint: endpoint, connections: connections, logger: logger)
        let workloads = try workloads()
        let results = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await nio.runPool() }
            defer { group.cancelAll() }
            do {
                let results = try await measure(platform, nio, workloads)
                await platform.close()
                return results
            } catch {
                await platform.close()
                throw error
            }
        }
        report(results)
    }

    struct Result {
        var workload: Workload
        var rows: Int
        var libpq: Measurement
        var nio: Measurement
    }

    func measure(_ platform: LibPQClient, _ nio: NIOClient, _ workloads: [Workload]) async throws -> [Result] {
        guard let member = try await platform.findMember() else {
            throw ValidationError("no benchmark data here: run `samverkan bench generate` first")
        }
        print("\(member.officeSlug): coordinator \(member.userID.uuidString.lowercased()) of member \(member.organisationID.uuidString.lowercased()); contract \(member.contractID.uuidString.lowercased())")
        print("\(connections) connections per client, \(warmup) s warm-up, \(duration) s measured per client and query in \(rounds) round(s)")
        var results: [Result] = []
        for workload in workloads {
            // Both clients must read the same rows, or the comparison compares different work.
            let rows = try await platform.run(workload, as: member)
            let nioRows = try await nio.run(workload, as: member)
            guard rows == nioRows else {
                throw ValidationError("\(workload.rawValue): libpq decoded \(rows) rows, PostgresNIO \(nioRows)")
            }
            print("\(workload.rawValue): \(workload.summary); \(rows) row(s) decoded per query")
            var libpqMeasurement = Measurement(queries: 0, seconds: 0, latencies: [])
            var nioMeasurement = libpqMeasurement
            let slice = Duration.seconds(duration) / rounds
            for round in 0..<rounds {
                for client in round % 2 == 0 ? ["libpq", "nio"] : ["nio", "libpq"] {
                    // The warm-up before each turn: the other client's turn let this one's connections idle.
                    if client == "libpq" {
                        libpqMeasurement.add(try await Measurement.run(
                            platform, workload, as: member, connections: connections, warmup: .seconds(warmup), duration: slice))
                    } else {
                        nioMeasurement.add(try await Measurement.run(
                            nio, workload, as: member, connections: connections, warmup: .seconds(warmup), duration: slice))
                    }
                }
            }
            results.append(Result(workload: workload, rows: rows, libpq: libpqMeasurement, nio: nioMeasurement))
        }
        return results
    }

    func report(_ results: [Result]) {
        func format(_ value: Double) -> String {
            value >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
        }
        let header = ["query", "rows", "client", "queries/s", "p50 ms", "p99 ms", "libpq/NIO q/s"]
        var table: [[String]] = []
        var figures: [Figure] = []
        for result in results {
            let ratio = result.nio.rate > 0 ? String(format: "%.2f", result.libpq.rate / result.nio.rate) : ""
            table.append([result.workload.rawValue, String(result.rows), "libpq", format(result.libpq.rate),
                          format(result.libpq.p50), format(result.libpq.p99), ratio])
            table.append(["", "", "PostgresNIO", format(result.nio.rate), format(result.nio.p50), format(result.nio.p99), ""])
            let name = "clients.\(result.workload.rawValue)"
            figures.append(Figure(name: "\(name).throughput", value: result.libpq.rate, unit: "queries/s", baseline: result.nio.rate))
            figures.append(Figure(name: "\(name).p50", value: result.libpq.p50, unit: "ms", baseline: result.nio.p50))
            figures.append(Figure(name: "\(name).p99", value: result.libpq.p99, unit: "ms", baseline: result.nio.p99))
        }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max()! }
        for row in [header] + table {
            print(row.enumerated().map { index, cell in
                index <= 2 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  "))
        }
        print("value: libpq (the platform's PostgresPool); baseline: PostgresNIO's PostgresClient; ratio: value / baseline")
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            do {
                try encoder.encode(figures).write(to: URL(fileURLWithPath: json))
            } catch {
                FileHandle.standardError.write(Data("could not write \(json): \(error)\n".utf8))
            }
        }
    }
}
