import Foundation
import Postgres

extension UUID {
    /// As PostgreSQL prints it, and as pgbench scripts take it.
    var text: String { uuidString.lowercased() }
}

/// The programs the benchmark drives (wrk, pgbench, curl), each bounded in time, and the
/// figures read from their output.
enum BenchTools {
    struct Result {
        var rate: Double
        var p50: Double
        var p99: Double
        var mean: Double
        var errors: Int
    }

    static func which(_ program: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        // pgbench ships with the server programs, which Debian keeps off PATH.
        if let configured = environment["PG_BINDIR"] { directories.append(configured) }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        directories += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        for directory in directories {
            let path = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program to its end, or kills it after `timeout` seconds; its standard output.
    /// The waiting happens on a Dispatch thread: the server under measurement runs in this
    /// process, and a blocked thread of the cooperative pool (one per core) would be taken
    /// from it.
    static func run(_ program: String, _ arguments: [String], timeout: Double) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result(catching: { try runBlocking(program, arguments, timeout: timeout) }))
            }
        }
    }

    static func runBlocking(_ program: String, _ arguments: [String], timeout: Double) throws -> (status: Int32, output: String) {
        guard let path = which(program) else { throw CLIError("\(program) is missing") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-bench-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                // SIGKILL: a child may have inherited SIGTERM ignored.
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw CLIError("\(program) did not finish within \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    static func status(method: String, url: String, token: String?, body: String?) async throws -> Int {
        var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method, "--max-time", "10"]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        if let body { arguments += ["-H", "Content-Type: application/json", "--data", body] }
        return Int(try await run("curl", arguments + [url], timeout: 15).output) ?? 0
    }

    static func waitForHealth(_ url: String) async throws {
        for _ in 0..<100 {
            if (try? await status(method: "GET", url: url, token: nil, body: nil)) == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLIError("the server did not answer \(url) within 10 s")
    }

    /// Lua for wrk: the bearer token, and the method and body of a write.
    static func luaScript(method: String, token: String, body: String?) -> String {
        var lua = "wrk.method = \"\(method)\"\nwrk.headers[\"Authorization\"] = \"Bearer \(token)\"\n"
        if let body {
            lua += "wrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[\(body)]]\n"
        }
        return lua
    }

    static func wrk(url: String, method: String, token: String, body: String?, connections: Int, duration: Int, work: URL) async throws -> Result {
        let script = work.appendingPathComponent("request-\(UUID().uuidString.prefix(8)).lua")
        try luaScript(method: method, token: token, body: body).write(to: script, atomically: true, encoding: .utf8)
        let threads = min(2, connections)
        let (status, output) = try await run("wrk", [
            "-t", String(threads), "-c", String(connections), "-d", "\(duration)s", "--timeout", "10s", "--latency",
            "-s", script.path, url,
        ], timeout: Double(duration) + 30)
        guard status == 0, let rate = number(after: "Requests/sec:", in: output) else {
            throw CLIError("wrk failed: \(output.prefix(500))")
        }
        return Result(
            rate: rate, p50: latency(percentile: "50%", in: output) ?? .nan, p99: latency(percentile: "99%", in: output) ?? .nan,
            mean: latency(percentile: "Latency", in: output) ?? .nan,
            errors: Int(number(after: "Non-2xx or 3xx responses:", in: output) ?? 0)
                + Int(number(after: "timeout", in: output.components(separatedBy: "Socket errors:").dropFirst().first ?? "") ?? 0))
    }

    /// pgbench with a custom script, the identity and targets as `-D` variables, and the
    /// per-transaction log, from which the percentiles come.
    static func pgbench(
        script: URL, variables: [String: String], connection: PostgresConfiguration,
        connections: Int, duration: Int, work: URL, tag: String
    ) async throws -> Result {
        guard FileManager.default.fileExists(atPath: script.path) else { throw CLIError("no pgbench script \(script.path)") }
        let logs = work.appendingPathComponent("pgbench-\(tag)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        var common = ["-n", "-f", script.path, "-c", String(connections), "-j", String(min(2, connections))]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { common += ["-D", "\(name)=\(value)"] }
        common.append(conninfo(connection))
        // pgbench's -T ends on SIGALRM, which a child of this process (a server with signal
        // handlers of its own, Dispatch threads) may have blocked: it would never end. A short
        // calibration run gives the rate, and -t a count of transactions lasting about `duration`.
        let started = Date()
        _ = try await run("pgbench", ["-t", "5"] + common, timeout: 60)
        let calibration = max(Date().timeIntervalSince(started), 0.01)
        let perClient = max(5, Int(5 * Double(duration) / calibration))
        let arguments = ["-t", String(perClient), "-l", "--log-prefix", logs.appendingPathComponent("tx").path] + common
        let (status, output) = try await run("pgbench", arguments, timeout: Double(duration) * 4 + 60)
        guard status == 0, let rate = number(after: "tps =", in: output) else {
            throw CLIError("pgbench \(script.lastPathComponent) failed: \(output.suffix(800))")
        }
        // Log lines: client transaction latency_us script epoch epoch_us.
        var latencies: [Double] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: logs.path) {
            let text = try String(contentsOf: logs.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count >= 3, let micros = Double(fields[2]) { latencies.append(micros / 1_000) }
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let mean = latencies.isEmpty ? .nan : latencies.reduce(0, +) / Double(latencies.count)
        return Result(rate: rate, p50: percentile(0.5), p99: percentile(0.99), mean: mean,
                      errors: Int(number(after: "number of failed transactions:", in: output) ?? 0))
    }

    /// A libpq connection string pgbench takes as its database name: the URL or key=value
    /// string as configured, with the overrides (the private cluster's socket, user, database).
    static func conninfo(_ configuration: PostgresConfiguration) -> String {
        let overrides = configuration.overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\(quote($0.value))" }
        if overrides.isEmpty { return configuration.connectionString }
        let base = configuration.connectionString.contains("://") ? "" : configuration.connectionString
        return ([base] + overrides).filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func number(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " }
        return Double(rest.prefix { $0.isNumber || $0 == "." })
    }

    /// A latency of wrk's output (`50%  1.23ms`, `Latency  2.00ms …`) in milliseconds.
    static func latency(percentile label: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, fields[0] == label else { continue }
            let token = fields[1]
            let digits = token.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(digits) else { return nil }
            switch token.dropFirst(digits.count) {
            case "us": return value / 1_000
            case "ms": return value
            case "s": return value * 1_000
            case "m": return value * 60_000
            default: return nil
            }
        }
        return nil
    }

    /// A line of /proc/self/status in KiB (VmRSS now, VmHWM the peak): the server runs in
    /// this process.
    static func memory(_ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? .nan
        }
        return .nan
    }
}
