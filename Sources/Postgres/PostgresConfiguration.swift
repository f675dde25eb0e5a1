/// How to reach PostgreSQL and how each connection is set up.
public struct PostgresConfiguration: Sendable {
    /// A libpq connection string: a URL (`postgresql://user@host/db?sslmode=verify-full`) or
    /// `key=value` pairs. Empty means libpq's defaults: the `PG*` variables, `.pgpass`, the
    /// service file.
    public var connectionString: String
    /// libpq keywords that override the connection string (`host`, `user`, `dbname`, …).
    public var overrides: [String: String]
    /// Shown in `pg_stat_activity`, unless the connection string names one.
    public var applicationName: String
    /// Statements running longer are cancelled by the server; `nil` keeps the server's setting.
    public var statementTimeout: Duration?
    /// How long opening a connection may take, unless the connection string says.
    public var connectTimeoutSeconds: Int

    public init(
        connectionString: String = "",
        overrides: [String: String] = [:],
        applicationName: String = "samverkan",
        statementTimeout: Duration? = .seconds(30),
        connectTimeoutSeconds: Int = 10
    ) {
        self.connectionString = connectionString
        self.overrides = overrides
        self.applicationName = applicationName
        self.statementTimeout = statementTimeout
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// A connection over the Unix socket in `directory`, as `user`, to `database`.
    public static func unixSocket(directory: String, user: String, database: String) -> PostgresConfiguration {
        PostgresConfiguration(overrides: ["host": directory, "user": user, "dbname": database])
    }

    /// The same server and options, as another user or to another database.
    public func with(user: String? = nil, database: String? = nil) -> PostgresConfiguration {
        var copy = self
        if let user { copy.overrides["user"] = user }
        if let database { copy.overrides["dbname"] = database }
        return copy
    }

    /// Keywords and values for `PQconnectdbParams`, in the order libpq applies them (later
    /// wins): our defaults, then the connection string expanded, then the overrides.
    func connectParameters() -> [(keyword: String, value: String)] {
        var parameters: [(keyword: String, value: String)] = [
            ("connect_timeout", String(connectTimeoutSeconds)),
            ("fallback_application_name", applicationName),
        ]
        if !connectionString.isEmpty { parameters.append(("dbname", connectionString)) }
        for keyword in overrides.keys.sorted() { parameters.append((keyword, overrides[keyword]!)) }
        // Text in and out is UTF-8, whatever the connection string or PGCLIENTENCODING says.
        parameters.append(("client_encoding", "UTF8"))
        return parameters
    }
}
