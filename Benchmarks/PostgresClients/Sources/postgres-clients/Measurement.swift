import Foundation

struct Measurement: Sendable {
    var queries: Int
    var seconds: Double
    /// Sorted, in milliseconds.
    var latencies: [Double]

    var rate: Double { Double(queries) / seconds }
    var p50: Double { percentile(0.50) }
    var p99: Double { percentile(0.99) }

    mutating func add(_ other: Measurement) {
        queries += other.queries
        seconds += other.seconds
        latencies = (latencies + other.latencies).sorted()
    }

    func percentile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let index = Int((Double(latencies.count) * fraction).rounded(.up)) - 1
        return latencies[min(max(index, 0), latencies.count - 1)]
    }

    /// `connections` tasks, each sending one query after the other (closed loop, as pgbench
    /// and wrk do), first for `warmup` unmeasured so connections are open and plans cached.
    static func run(
        _ client: some BenchClient, _ workload: Workload, as member: Member,
        connections: Int, warmup: Duration, duration: Duration
    ) async throws -> Measurement {
        let clock = ContinuousClock()
        _ = try await loop(client, workload, member, connections: connections, until: clock.now + warmup)
        let start = clock.now
        let perTask = try await loop(client, workload, member, connections: connections, until: start + duration)
        let elapsed = start.duration(to: clock.now)
        let latencies = perTask.flatMap { $0 }.sorted()
        return Measurement(queries: latencies.count, seconds: elapsed.seconds, latencies: latencies)
    }

    private static func loop(
        _ client: some BenchClient, _ workload: Workload, _ member: Member, connections: Int, until deadline: ContinuousClock.Instant
    ) async throws -> [[Double]] {
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<connections {
                group.addTask {
                    let clock = ContinuousClock()
                    var latencies: [Double] = []
                    latencies.reserveCapacity(100_000)
                    while clock.now < deadline {
                        let start = clock.now
                        _ = try await client.run(workload, as: member)
                        latencies.append(start.duration(to: clock.now).seconds * 1_000)
                    }
                    return latencies
                }
            }
            var all: [[Double]] = []
            for try await latencies in group { all.append(latencies) }
            return all
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// One figure, in the shape `samverkan bench run --json` writes: `ratio` is value / baseline.
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
}
