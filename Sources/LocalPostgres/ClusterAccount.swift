import Foundation

/// The operating-system account the cluster runs as: the current user, or `postgres` when
/// the current user is root (PostgreSQL refuses root).
struct ClusterAccount {
    /// Set when commands must switch to another account.
    var switchTo: (name: String, uid: uid_t, gid: gid_t)?

    var isSwitched: Bool { switchTo != nil }

    static func current() throws -> ClusterAccount {
        guard geteuid() == 0 else { return ClusterAccount(switchTo: nil) }
        guard let entry = getpwnam("postgres") else { throw LocalClusterError.noUnprivilegedAccount }
        return ClusterAccount(switchTo: ("postgres", entry.pointee.pw_uid, entry.pointee.pw_gid))
    }

    func takeOwnership(of path: String, mode: mode_t) throws {
        if let account = switchTo { chown(path, account.uid, account.gid) }
        chmod(path, mode)
    }

    /// Whether the account can get to `path`, or to the folder it will be created in.
    func canReach(nearestExisting path: URL) -> Bool {
        var candidate = path
        while !FileManager.default.fileExists(atPath: candidate.path), candidate.path != "/" {
            candidate = candidate.deletingLastPathComponent()
        }
        return (try? status("/usr/bin/test", ["-x", candidate.path])) == 0
    }

    func checkCanReach(_ path: String) throws {
        guard let account = switchTo else { return }
        if try status("/usr/bin/test", ["-w", path]) != 0 {
            throw LocalClusterError.folderNotReachable(path, account: account.name)
        }
    }

    /// Runs a program as the account; throws with its output when it fails.
    func run(_ executable: String, _ arguments: [String], what: String) throws {
        let (status, output) = try execute(executable, arguments)
        guard status == 0 else { throw LocalClusterError.commandFailed(what, status: status, output: output) }
    }

    /// Runs a program as the account and returns its exit status.
    func status(_ executable: String, _ arguments: [String]) throws -> Int32 {
        try execute(executable, arguments).status
    }

    private func execute(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let command = switchTo.map { ["/usr/sbin/runuser", "-u", $0.name, "--", executable] } ?? [executable]
        // The server must not inherit a locale or variables meant for the caller's own client.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["LC_ALL"] = "C"
        return try ChildProcess.run(command + arguments, environment: environment)
    }
}
