import Logging

/// How a transaction begins.
public struct TransactionOptions: Sendable {
    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    public var isolation: Isolation
    public var readOnly: Bool
    /// Overrides the connection's statement timeout inside this transaction.
    public var statementTimeout: Duration?
    /// Transaction-local settings (`set_config(name, value, true)`), such as the identity of
    /// the request that row-level security policies read. They vanish at commit or rollback,
    /// so a pooled connection never carries one request's identity into the next.
    public var settings: [(name: String, value: String)]
    /// How often a serialization failure or deadlock runs the whole body again.
    public var retries: Int

    public init(
        isolation: Isolation = .readCommitted, readOnly: Bool = false, statementTimeout: Duration? = nil,
        settings: [(name: String, value: String)] = [], retries: Int = 0
    ) {
        self.isolation = isolation
        self.readOnly = readOnly
        self.statementTimeout = statementTimeout
        self.settings = settings
        self.retries = retries
    }
}

extension PostgresPool {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// A connection found dead at `BEGIN` (the server restarted, the backend was terminated
    /// while idle) is discarded and the transaction starts again on a fresh one: nothing had
    /// been done on it yet, so this is always safe.
    public nonisolated func withTransaction<T>(
        _ options: TransactionOptions = TransactionOptions(),
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 0
        var staleConnectionRetries = maxConnections
        while true {
            do {
                return try await withConnection { connection in
                    try await connection.begin(options)
                    do {
                        let value = try await body(connection)
                        try await connection.simpleQuery("COMMIT")
                        return value
                    } catch {
                        if connection.isInTransaction { try? await connection.simpleQuery("ROLLBACK") }
                        throw error
                    }
                }
            } catch let error as PostgresError where error.isRetryable && attempt < options.retries {
                attempt += 1
                logger.debug("retrying transaction", metadata: ["sqlstate": "\(error.sqlState?.code ?? "")"])
            } catch let error as StaleConnection where staleConnectionRetries > 0 {
                staleConnectionRetries -= 1
                _ = error
            } catch let error as StaleConnection {
                throw error.underlying
            }
        }
    }
}

struct StaleConnection: Error {
    var underlying: PostgresError
}

extension PostgresConnection {
    func begin(_ options: TransactionOptions) async throws {
        var begin = "BEGIN ISOLATION LEVEL \(options.isolation.rawValue)"
        if options.readOnly { begin += " READ ONLY" }
        do {
            try await simpleQuery(begin)
        } catch let error as PostgresError where error.kind == .connectionLost {
            throw StaleConnection(underlying: error)
        }
        var settings = options.settings
        if let timeout = options.statementTimeout {
            settings.append(("statement_timeout", String(timeout.milliseconds)))
        }
        guard !settings.isEmpty else { return }
        var query: PostgresQuery = "SELECT "
        for (index, setting) in settings.enumerated() {
            query = "\(fragment: query)\(fragment: index > 0 ? ", " : "")set_config(\(setting.name), \(setting.value), true)"
        }
        try await self.query(query)
    }
}
