import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where chromedriver and chromium are.
struct Executables: Sendable {
    let chromedriver: String
    let chromium: String

    static let installHint = "run Deploy/install-dependencies --for-tests (Debian: apt-get install chromium chromium-driver)"

    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Executables {
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        let inPath = { (name: String) in path.map { "\($0)/\(name)" } }
        guard let chromedriver = firstExecutable(inPath("chromedriver") + ["/usr/bin/chromedriver"]) else {
            throw WebDriverError.notInstalled("chromedriver is not in PATH nor /usr/bin/chromedriver; \(installHint)")
        }
        guard let chromium = firstExecutable(["/usr/bin/chromium"] + inPath("chromium")) else {
            throw WebDriverError.notInstalled("chromium is not at /usr/bin/chromium nor in PATH; \(installHint)")
        }
        return Executables(chromedriver: chromedriver, chromium: chromium)
    }

    private static func firstExecutable(_ candidates: [String]) -> String? {
        candidates.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory)
                && !isDirectory.boolValue && access(candidate, X_OK) == 0
        }
    }
}

/// A running chromedriver, in a process group of its own that also holds the chromium it
/// starts, so that stopping kills them all.
///
/// Started with `posix_spawn` rather than Foundation's `Process` (see LocalPostgres's
/// ChildProcess): chromium would inherit the descriptor `Process` watches. A watchdog shell
/// in the same group reads a pipe whose only writer is this process; if this process ends
/// without stopping the driver (a crash, or a Browser kept until exit), the pipe closes and
/// the watchdog kills the group and removes the temporary folder.
final class DriverProcess: @unchecked Sendable {
    let port: Int
    /// chromedriver's process id, which is also its process group's.
    let pid: pid_t
    let folder: URL
    private let watchdogPID: pid_t
    private let lock = NSLock()
    private var watchdogPipe: Int32
    private var driverStatus: Int32?
    private var watchdogReaped = false
    private var stopped = false

    var logPath: String { folder.appendingPathComponent("chromedriver.log").path }
    var profilePath: String { folder.appendingPathComponent("profile").path }

    private init(port: Int, pid: pid_t, folder: URL, watchdogPID: pid_t, watchdogPipe: Int32) {
        self.port = port
        self.pid = pid
        self.folder = folder
        self.watchdogPID = watchdogPID
        self.watchdogPipe = watchdogPipe
    }

    deinit {
        stopNow()
    }

    /// Starts chromedriver on a free port of 127.0.0.1 and waits until it says it is ready.
    static func start(_ chromedriver: String, timeout: Duration = .seconds(15)) async throws -> DriverProcess {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("samverkan-webdriver-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var attempt = 0
        while true {
            attempt += 1
            let driver: DriverProcess
            do {
                driver = try spawn(chromedriver, port: try freePort(), folder: folder)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            let status = HTTPClient(port: driver.port)
            let deadline = ContinuousClock.now + timeout
            while true {
                if try await status.isReady() { return driver }
                if driver.hasExited() {
                    let log = driver.log()
                    driver.stopNow(removingFolder: false)
                    // The port was taken between finding it and chromedriver binding it: try another.
                    if attempt < 3 && log.localizedCaseInsensitiveContains("address already in use") { break }
                    try? FileManager.default.removeItem(at: folder)
                    throw WebDriverError.driverFailed("\(chromedriver) exited at start. Its output:\n\(log)")
                }
                if ContinuousClock.now >= deadline {
                    let log = driver.log()
                    await driver.stop()
                    throw WebDriverError.driverFailed("\(chromedriver) was not ready on port \(driver.port) within \(timeout). Its output:\n\(log)")
                }
                try? await Task.sleep(for: .milliseconds(25))
            }
        }
    }

    /// chromedriver's output so far (the end of it, if long).
    func log(limit: Int = 4000) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.count > limit ? "…" + String(text.suffix(limit)) : text
    }

    /// Whether `stop()` has begun.
    var isStopping: Bool {
        lock.withLock { stopped }
    }

    /// Whether chromedriver has exited (reaping it if so).
    func hasExited() -> Bool {
        lock.withLock { reapDriver(blocking: false) }
    }

    /// Stops chromedriver, chromium and the watchdog, waits for them, and removes the folder.
    func stop() async {
        guard beginStop() else { return }
        let deadline = ContinuousClock.now + .seconds(5)
        while !finished(), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        finishStop(removingFolder: true)
    }

    /// `stop()` for where we cannot await (deinit): the same, waiting on this thread.
    private func stopNow(removingFolder: Bool = true) {
        guard beginStop() else { return }
        let deadline = ContinuousClock.now + .seconds(5)
        while !finished(), ContinuousClock.now < deadline {
            usleep(20_000)
        }
        finishStop(removingFolder: removingFolder)
    }

    /// Kills the watchdog (this process is still here to clean up) and asks the group to end.
    private func beginStop() -> Bool {
        lock.withLock {
            guard !stopped else { return false }
            stopped = true
            if !watchdogReaped {
                kill(watchdogPID, SIGKILL)
                var status: Int32 = 0
                while waitpid(watchdogPID, &status, 0) < 0 && errno == EINTR {}
                watchdogReaped = true
            }
            close(watchdogPipe)
            watchdogPipe = -1
            // chromedriver's pid is not reused until it is reaped, so the group id is still ours.
            if driverStatus == nil { kill(-pid, SIGTERM) }
            return true
        }
    }

    /// Whether chromedriver is reaped and nothing of its group is left running.
    private func finished() -> Bool {
        lock.withLock { reapDriver(blocking: false) } && !groupHasLiveMembers()
    }

    private func finishStop(removingFolder: Bool) {
        lock.withLock {
            if driverStatus == nil {
                kill(-pid, SIGKILL)
                _ = reapDriver(blocking: true)
            }
            killGroupByScan()
        }
        if removingFolder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Call with the lock held.
    private func reapDriver(blocking: Bool) -> Bool {
        if driverStatus != nil { return true }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { driverStatus = status; return true }
            if result == 0 { return false }
            if errno != EINTR { driverStatus = -1; return true }  // not our child any more
        }
    }

    /// Once chromedriver is reaped its group id may be reused, so stragglers are found in /proc.
    private func killGroupByScan() {
        for member in liveGroupMembers() { kill(member, SIGKILL) }
    }

    private func groupHasLiveMembers() -> Bool {
        !liveGroupMembers().isEmpty
    }

    /// Running (not zombie) processes of chromedriver's group, and those whose command line names
    /// the temporary folder: chromium's crash handlers start a session of their own, but their
    /// database is in the profile.
    private func liveGroupMembers() -> [pid_t] {
        #if os(Linux)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let folderBytes = Array(folder.path.utf8)
        return entries.compactMap { entry -> pid_t? in
            guard let member = pid_t(entry), member != getpid(),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (comm)": state, ppid, pgrp, ...
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", fields[0] != "X" else { return nil }
            if pid_t(fields[2]) == pid { return member }
            guard let commandLine = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            return Array(commandLine).firstRange(of: folderBytes) == nil ? nil : member
        }
        #else
        return kill(-pid, 0) == 0 ? [pid] : []
        #endif
    }

    // MARK: - Starting

    private static func spawn(_ chromedriver: String, port: Int, folder: URL) throws -> DriverProcess {
        let logPath = folder.appendingPathComponent("chromedriver.log").path
        let logFD = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard logFD >= 0 else { throw posixError("cannot create \(logPath)") }
        defer { close(logFD) }
        // The watchdog's line to this process: a socket pair rather than a pipe, as
        // SOCK_CLOEXEC is there in Swift where pipe2 is not.
        var pipeFDs: [Int32] = [0, 0]
        #if os(Linux)
        let pairType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let pairType = SOCK_STREAM | SOCK_CLOEXEC
        #endif
        guard socketpair(AF_UNIX, pairType, 0, &pipeFDs) == 0 else { throw posixError("socketpair") }

        let driverPID: pid_t
        do {
            driverPID = try spawnProcess(
                [chromedriver, "--port=\(port)"], stdin: nil, output: logFD, processGroup: 0
            )
        } catch {
            close(pipeFDs[0])
            close(pipeFDs[1])
            throw error
        }
        let script = """
            trap '' TERM
            read -r _ignored
            kill -TERM 0
            sleep 2
            rm -rf -- "$1"
            kill -KILL 0
            """
        let watchdogPID: pid_t
        do {
            watchdogPID = try spawnProcess(
                ["/bin/sh", "-c", script, "samverkan-webdriver-watchdog", folder.path],
                stdin: pipeFDs[0], output: nil, processGroup: driverPID
            )
        } catch {
            close(pipeFDs[0])
            close(pipeFDs[1])
            kill(-driverPID, SIGKILL)
            var status: Int32 = 0
            while waitpid(driverPID, &status, 0) < 0 && errno == EINTR {}
            throw error
        }
        close(pipeFDs[0])
        return DriverProcess(port: port, pid: driverPID, folder: folder, watchdogPID: watchdogPID, watchdogPipe: pipeFDs[1])
    }

    /// Starts a program with standard input from `stdin` (or /dev/null) and output to `output`
    /// (or /dev/null), no other descriptors, default signal handling, in process group
    /// `processGroup` (0: a new one).
    private static func spawnProcess(_ arguments: [String], stdin: Int32?, output: Int32?, processGroup: pid_t) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // Nothing else of this process's: glibc 2.34 and later can close the rest in the child.
        if let closeFrom = closeFromAction {
            _ = closeFrom(&actions, 3)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, processGroup)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw WebDriverError.driverFailed("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not show.
    private static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// A TCP port of 127.0.0.1 that nothing listens on right now (the kernel's pick for port 0).
    private static func freePort() throws -> Int {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw posixError("socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw posixError("bind 127.0.0.1:0") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func posixError(_ what: String) -> WebDriverError {
        .driverFailed("\(what): \(String(cString: strerror(errno)))")
    }
}
