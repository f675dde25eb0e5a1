import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program the tests run beside the server (Python's OpenAPI and JSON Schema tools,
/// schemathesis), found on `PATH` as `Deploy/install-dependencies --for-tests` installs them.
struct ExternalProgram: Sendable {
    let url: URL

    /// The program named `name` on `PATH`, or the path in the environment variable `override`
    /// (for a program installed elsewhere, e.g. in a virtual environment).
    static func find(_ name: String, override: String? = nil) -> ExternalProgram? {
        let environment = ProcessInfo.processInfo.environment
        if let override, let path = environment[override], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? ExternalProgram(url: URL(fileURLWithPath: path)) : nil
        }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        // Last ~/.local/bin, where `pip install --user` puts scripts and which a non-login
        // shell may not have on PATH.
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
            + ["\(home)/.local/bin"]
        for directory in directories {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return ExternalProgram(url: URL(fileURLWithPath: path)) }
        }
        return nil
    }

    struct Result: Sendable {
        var status: Int32
        /// Standard output and error, interleaved as the program wrote them.
        var output: String
        var timedOut: Bool
    }

    /// Runs the program to its end, or stops it (SIGTERM, then SIGKILL) after `timeout`.
    ///
    /// Waits through the termination handler rather than `waitUntilExit()`, so no thread of the
    /// cooperative pool, which also serves the application under test, is blocked meanwhile; the
    /// output goes to a file, so a talkative program can never fill a pipe and stall.
    /// Runs in `directory` (default: the current one), where the program may leave files.
    func run(
        _ arguments: [String], environment extra: [String: String] = [:], directory: URL? = nil, timeout: Duration
    ) async throws -> Result {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice

        let running = Running(process: process)
        let watchdog = Task<Bool, any Error> {
            try await Task.sleep(for: timeout)
            guard running.process.isRunning else { return false }
            running.process.terminate()
            try await Task.sleep(for: .seconds(5))
            if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) }
            return true
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        watchdog.cancel()
        let timedOut = (try? await watchdog.value) ?? false
        try output.synchronize()
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        return Result(status: status, output: text, timedOut: timedOut)
    }

    /// `Process` is not `Sendable`, but `isRunning`, `terminate()` and `processIdentifier` may be
    /// called from any thread; the watchdog uses nothing else.
    private final class Running: @unchecked Sendable {
        let process: Process
        init(process: Process) { self.process = process }
    }
}
