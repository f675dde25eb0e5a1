import Foundation
import Logging
import Postgres

/// A private PostgreSQL cluster in a folder, for running the platform and its tests without a
/// database server of one's own: created with `initdb` on first use, started and stopped with
/// `pg_ctl`, reachable only through a Unix socket (no TCP port) that only the user running it
/// can open, so local connections need no password.
///
/// PostgreSQL refuses to run as root. Run as root, the cluster belongs to and runs as the
/// unprivileged `postgres` account that Debian's server package creates.
public struct LocalCluster: Sendable {
    /// The folder holding the cluster (`data/`) and, when its path is short enough, the socket.
    public let directory: URL
    public let durability: Durability
    let logger: Logger
    /// How many connections the server takes at once.
    public var maxConnections = 100
    /// Also listen on 127.0.0.1 with TLS only, password authentication (tests of
    /// `sslmode=verify-full`); nil: the Unix socket only.
    public var tls: TLSListener?

    /// A TCP listener on 127.0.0.1 that takes TLS connections only, with SCRAM passwords.
    public struct TLSListener: Sendable {
        public var port: Int
        /// The server's certificate chain and private key, PEM.
        public var certificate: String
        public var key: String

        public init(port: Int, certificate: String, key: String) {
            self.port = port
            self.certificate = certificate
            self.key = key
        }
    }

    /// The cluster's superuser, used only to create the roles and databases.
    public static let superuser = "postgres"
    /// Owns the schema and runs migrations.
    public static let ownerRole = "samverkan_owner"
    /// What the server connects as: owns nothing, no SUPERUSER, no BYPASSRLS.
    /// Schema/0001 grants it what it may do.
    public static let applicationRole = "samverkan_app"

    public enum Durability: Sendable {
        /// Every commit on disk before it is acknowledged: for data that should survive.
        case durable
        /// No fsync: fast for throwaway test clusters; a power cut may corrupt them.
        case throwaway
    }

    /// A cluster in `directory`. Run as root, where the `postgres` account cannot reach that
    /// folder (a home folder of mode 0700, say), the cluster lives in
    /// `/var/lib/samverkan/clusters/` instead, under a name derived from the folder asked
    /// for, so the same folder finds the same data again.
    public init(directory: URL, durability: Durability = .durable, logger: Logger = Logger(label: "local-postgres")) {
        let asked = directory.standardizedFileURL
        if let account = try? ClusterAccount.current(), account.isSwitched, !account.canReach(nearestExisting: asked) {
            self.directory = URL(fileURLWithPath: "/var/lib/samverkan/clusters/" + Self.shortHash(asked.path))
            logger.notice("the postgres account cannot reach the folder asked for; using another", metadata: [
                "asked": "\(asked.path)", "using": "\(self.directory.path)",
            ])
        } else {
            self.directory = asked
        }
        self.durability = durability
        self.logger = logger
    }

    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    var logFile: URL { dataDirectory.appendingPathComponent("server.log") }

    /// Unix domain socket paths are limited to 107 bytes; a deep working folder gets a short
    /// private folder under the system's temporary folder instead.
    public var socketDirectory: String {
        let candidate = directory.path
        if candidate.utf8.count + "/.s.PGSQL.5432".utf8.count <= 100 { return candidate }
        return "/tmp/samverkan-pg-" + Self.shortHash(candidate)
    }

    /// A stable short name for a path (FNV-1a).
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return String(hash, radix: 36)
    }

    /// Connection settings for `user` to `database` over the cluster's socket.
    public func configuration(user: String, database: String) -> PostgresConfiguration {
        var configuration = PostgresConfiguration.unixSocket(directory: socketDirectory, user: user, database: database)
        // The socket's name carries the port.
        if let tls { configuration.overrides["port"] = String(tls.port) }
        return configuration
    }

    // MARK: Starting and stopping

    /// Creates the cluster if it does not exist and starts it unless it runs already.
    /// Returns whether this call started it (and so should stop it).
    @discardableResult
    public func start() throws -> Bool {
        let binaries = try PostgresBinaries.locate()
        let account = try ClusterAccount.current()
        try prepareFolders(for: account)
        if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            logger.info("creating a private PostgreSQL cluster", metadata: ["directory": "\(dataDirectory.path)"])
            try account.run(binaries.initdb, [
                "-D", dataDirectory.path, "-U", Self.superuser, "--encoding=UTF8", "--locale=C",
                "--auth-local=trust", "--auth-host=reject", "--no-instructions",
            ], what: "initdb")
            try appendInclude()
        }
        try writeSettings(for: account)
        if try isRunning(binaries, account) { return false }
        logger.info("starting PostgreSQL", metadata: ["socket": "\(socketDirectory)"])
        do {
            try account.run(binaries.pgCtl, [
                "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "start",
            ], what: "pg_ctl start")
        } catch {
            throw LocalClusterError.startFailed(log: tailOfLog())
        }
        return true
    }

    /// Stops the cluster, letting running statements be cancelled (pg_ctl's fast mode).
    public func stop() throws {
        let binaries = try PostgresBinaries.locate()
        let account = try ClusterAccount.current()
        guard try isRunning(binaries, account) else { return }
        logger.info("stopping PostgreSQL")
        try account.run(binaries.pgCtl, ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"], what: "pg_ctl stop")
    }

    private func isRunning(_ binaries: PostgresBinaries, _ account: ClusterAccount) throws -> Bool {
        let status = try account.status(binaries.pgCtl, ["-D", dataDirectory.path, "status"])
        return status == 0
    }

    private func prepareFolders(for account: ClusterAccount) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        if !manager.fileExists(atPath: dataDirectory.path) {
            try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: false)
        }
        try account.takeOwnership(of: dataDirectory.path, mode: 0o700)
        if socketDirectory != directory.path {
            if !manager.fileExists(atPath: socketDirectory) {
                try manager.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false)
            }
            try account.takeOwnership(of: socketDirectory, mode: 0o700)
        } else if account.isSwitched {
            try account.takeOwnership(of: directory.path, mode: 0o755)
        }
        try account.checkCanReach(dataDirectory.path)
    }

    private func appendInclude() throws {
        let conf = dataDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: conf)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# Written by samverkan on each start.\ninclude_if_exists = 'samverkan.conf'\n".utf8))
    }

    /// The settings that keep the cluster private, rewritten on each start so that a moved
    /// folder gets its socket where it is now.
    private func writeSettings(for account: ClusterAccount) throws {
        func quoted(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
        var lines = [
            "listen_addresses = ''",
            "unix_socket_directories = \(quoted(socketDirectory))",
            "unix_socket_permissions = 0700",
            "max_connections = \(maxConnections)",
        ]
        if durability == .throwaway {
            lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        }
        if let tls {
            let files = [("server.crt", tls.certificate), ("server.key", tls.key)]
            for (name, text) in files {
                let path = dataDirectory.appendingPathComponent(name).path
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                try account.takeOwnership(of: path, mode: 0o600)
            }
            // Local connections as before; over TCP, TLS and a password or nothing.
            let hba = dataDirectory.appendingPathComponent("samverkan_hba.conf").path
            try Data("""
                local all all trust
                hostssl all all 127.0.0.1/32 scram-sha-256
                hostnossl all all 127.0.0.1/32 reject

                """.utf8).write(to: URL(fileURLWithPath: hba))
            try account.takeOwnership(of: hba, mode: 0o600)
            lines[0] = "listen_addresses = '127.0.0.1'"
            lines += ["port = \(tls.port)", "ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'",
                      "hba_file = \(quoted(hba))", "password_encryption = 'scram-sha-256'"]
        }
        let path = dataDirectory.appendingPathComponent("samverkan.conf").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try account.takeOwnership(of: path, mode: 0o600)
    }

    private func tailOfLog() -> String {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else { return "(no server log)" }
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}

public enum LocalClusterError: Error, CustomStringConvertible {
    case serverNotInstalled
    case commandFailed(String, status: Int32, output: String)
    case noUnprivilegedAccount
    case folderNotReachable(String, account: String)
    case startFailed(log: String)

    public var description: String {
        switch self {
        case .serverNotInstalled:
            "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install them with "
                + "`apt-get install postgresql` (Debian, Ubuntu), or set PG_BINDIR to the folder that holds them, "
                + "or set DATABASE_URL to use a server you already have."
        case .commandFailed(let what, let status, let output):
            "\(what) failed (exit status \(status)):\n\(output)"
        case .noUnprivilegedAccount:
            "PostgreSQL refuses to run as root and there is no `postgres` account to run it as. "
                + "Install Debian's `postgresql` package (which creates it), run as an ordinary user, "
                + "or set DATABASE_URL."
        case .folderNotReachable(let path, let account):
            "The account `\(account)` that runs PostgreSQL cannot reach \(path). Give it search "
                + "permission on the folders above (chmod o+x), or run from a folder it can reach."
        case .startFailed(let log):
            "PostgreSQL did not start. The end of its log:\n\(log)"
        }
    }
}
