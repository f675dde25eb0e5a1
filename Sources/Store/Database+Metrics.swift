import CoreMetrics
import Postgres

extension Database {
    /// The same database, its errors counted through `factory` (the HTTP application's
    /// registry, so that `/metrics` and the tests read what this database saw).
    public func reportingMetrics(to factory: any MetricsFactory) -> Database {
        var database = self
        database.metricsFactory = factory
        return database
    }

    /// Counts an error that left a transaction, once, however the caller goes on to handle it:
    /// server errors by SQLSTATE (`samverkan_db_errors_total{class, sqlstate}`), the others by
    /// what went wrong (`samverkan_db_client_errors_total{kind}`: pool timeouts, lost
    /// connections…). Labels carry codes only, never a message, a parameter or a table's data.
    func count(_ error: PostgresError) {
        let factory = metricsFactory ?? MetricsSystem.factory
        if error.kind == .server {
            let code = error.sqlState.map(\.code).flatMap(Self.wellFormedSQLState) ?? "unknown"
            let errorClass = code == "unknown" ? "unknown" : String(code.prefix(2))
            Counter(label: Self.errorsMetric, dimensions: [("class", errorClass), ("sqlstate", code)], factory: factory)
                .increment()
        } else {
            Counter(label: Self.clientErrorsMetric, dimensions: [("kind", error.kind.metricName)], factory: factory)
                .increment()
        }
    }

    public static let errorsMetric = "samverkan_db_errors_total"
    public static let clientErrorsMetric = "samverkan_db_client_errors_total"

    /// Five upper-case letters or digits, as the server sends them; anything else is not put
    /// into a label, so a broken response cannot create series without bound.
    private static func wellFormedSQLState(_ code: String) -> String? {
        code.utf8.count == 5 && code.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) } ? code : nil
    }
}

extension PostgresError.Kind {
    /// The kind's name in metrics: stable, snake case.
    var metricName: String {
        switch self {
        case .server: "server"
        case .connectionFailed: "connection_failed"
        case .connectionLost: "connection_lost"
        case .invalidParameter: "invalid_parameter"
        case .unexpectedResponse: "unexpected_response"
        case .decoding: "decoding"
        case .poolTimeout: "pool_timeout"
        case .poolClosed: "pool_closed"
        }
    }
}
