import CoreMetrics
import Foundation
import Logging
import Postgres
import Procurement

/// The platform's database as the application sees it: a pool of connections as the
/// application role, and transactions that carry the identity row-level security reads.
public struct Database: Sendable {
    public let pool: PostgresPool
    /// How long one statement may run before the server cancels it (`statement_timeout`, set
    /// for each transaction, so `SET LOCAL`), zero for no limit; nil leaves the connection's own
    /// (`PostgresConfiguration.statementTimeout`). One slow query must not hold a pooled
    /// connection, and with it other requests, without bound.
    public var statementTimeout: Duration?
    /// Where database errors are counted; nil: swift-metrics' global system, as bootstrapped.
    public var metricsFactory: (any MetricsFactory)?

    /// Ten seconds: far beyond any page or API call of the platform, short enough that a
    /// runaway query gives its connection back before the pool's waiters time out for long.
    public static let defaultStatementTimeout: Duration = .seconds(10)

    public init(
        pool: PostgresPool, statementTimeout: Duration? = Database.defaultStatementTimeout,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.pool = pool
        self.statementTimeout = statementTimeout
        self.metricsFactory = metricsFactory
    }

    /// Runs `body` in one transaction as `identity`: committed if it returns, rolled back if
    /// it throws. One request, one transaction.
    @discardableResult
    public func transaction<T>(
        as identity: Identity,
        readOnly: Bool = false,
        _ body: (Transaction) async throws -> T
    ) async throws -> T {
        let options = TransactionOptions(
            readOnly: readOnly, statementTimeout: statementTimeout, settings: identity.settings, retries: 2)
        do {
            return try await pool.withTransaction(options) { connection in
                try await body(Transaction(connection: connection, identity: identity))
            }
        } catch let error as PostgresError {
            count(error)
            throw error
        }
    }

    /// Whether the database answers at all.
    public func ping() async throws {
        do {
            try await pool.withConnection { connection in _ = try await connection.query("SELECT 1") }
        } catch let error as PostgresError {
            count(error)
            throw error
        }
    }
}

/// One transaction of the application, with the identity it runs as. The aggregate files
/// (`Transaction+Offices.swift`, …) add what can be done in it.
public struct Transaction {
    public let connection: PostgresConnection
    public let identity: Identity

    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await connection.query(query)
    }
}

/// Who a transaction acts for. Row-level security policies read these settings; an office
/// of `nil` sees no tenant rows at all.
public struct Identity: Sendable, Equatable {
    public var officeID: UUID?
    public var organisationID: UUID?
    public var userID: UUID?
    public var acting: Acting

    /// In what capacity the transaction acts, as the policies name it in `app.roles`.
    public enum Acting: Sendable, Equatable {
        /// A visitor: reads only what an office publishes.
        case publicReader
        /// The office's own system: the command line, demo loading.
        case system
        /// A logged-in user before any role is chosen: sees only their own account.
        case authenticated
        /// A logged-in user acting in one of their roles.
        case role(Role)

        var settingValue: String {
            switch self {
            case .publicReader: "public"
            case .system: "system"
            case .authenticated: "authenticated"
            case .role(let role): role.rawValue
            }
        }

        public var role: Role? {
            if case .role(let role) = self { role } else { nil }
        }
    }

    public init(officeID: UUID?, organisationID: UUID? = nil, userID: UUID? = nil, acting: Acting) {
        self.officeID = officeID
        self.organisationID = organisationID
        self.userID = userID
        self.acting = acting
    }

    /// A visitor who has not logged in and has not chosen an office.
    public static let anonymous = Identity(officeID: nil, acting: .publicReader)

    /// A visitor reading what an office publishes.
    public static func publicReader(of officeID: UUID) -> Identity {
        Identity(officeID: officeID, acting: .publicReader)
    }

    /// The office's own system acting, e.g. when provisioning or loading demo data.
    public static func system(of officeID: UUID) -> Identity {
        Identity(officeID: officeID, acting: .system)
    }

    /// A user acting in one of their roles.
    public static func user(_ userID: UUID, of officeID: UUID, as assignment: RoleAssignment?) -> Identity {
        Identity(
            officeID: officeID, organisationID: assignment?.organisationID, userID: userID,
            acting: assignment.map { .role($0.role) } ?? .authenticated)
    }

    var settings: [(name: String, value: String)] {
        [
            ("app.office_id", officeID?.uuidString.lowercased() ?? ""),
            ("app.org_id", organisationID?.uuidString.lowercased() ?? ""),
            ("app.user_id", userID?.uuidString.lowercased() ?? ""),
            ("app.roles", acting.settingValue),
        ]
    }
}
