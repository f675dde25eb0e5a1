import Foundation

/// Reads what PostgresNIO needs from a libpq URL
/// (`postgresql://user:password@host:port/database?host=/socket/folder&sslmode=disable`), so
/// one `--url` drives both clients. libpq reads the rest (`.pgpass`, service files) itself;
/// PostgresNIO gets only what the URL and the `PG*` variables say.
enum ConnectionURL {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func endpoint(_ url: String, environment: [String: String]) throws -> NIOEndpoint {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://"), let components = URLComponents(string: url) else {
            throw Problem(description: "--url must be a postgresql:// URL (key=value strings cannot be read for PostgresNIO)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        if let mode = query["sslmode"], !["disable", "allow", "prefer"].contains(mode) {
            throw Problem(description: "sslmode=\(mode): this benchmark compares the clients without TLS (loopback or Unix socket)")
        }
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? query["user"] ?? environment["PGUSER"]
            ?? ProcessInfo.processInfo.userName
        let password = components.password ?? query["password"] ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? (query["dbname"] ?? environment["PGDATABASE"] ?? user) : path
        let port = components.port ?? query["port"].flatMap(Int.init) ?? environment["PGPORT"].flatMap(Int.init) ?? 5432
        let host = query["host"] ?? components.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let address: NIOEndpoint.Address = host.hasPrefix("/")
            ? .unixSocket(host + "/.s.PGSQL.\(port)")
            : .tcp(host: host, port: port)
        return NIOEndpoint(address: address, user: user, password: password, database: database)
    }
}
