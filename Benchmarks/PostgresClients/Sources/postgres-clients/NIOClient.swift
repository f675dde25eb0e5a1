import Foundation
import Logging
import PostgresNIO

/// PostgresNIO's `PostgresClient`, sending the same statements with the same values as the
/// platform's layer: its own `withTransaction` sends a plain `BEGIN`, so the transaction is
/// written out to match `PostgresPool.withTransaction` statement for statement.
struct NIOClient: BenchClient {
    let name = "PostgresNIO"
    let client: PostgresClient
    let logger: Logger

    init(endpoint: NIOEndpoint, connections: Int, logger: Logger) {
        var configuration: PostgresClient.Configuration
        switch endpoint.address {
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: endpoint.user, password: endpoint.password, database: endpoint.database)
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: endpoint.user, password: endpoint.password, database: endpoint.database,
                tls: .disable)
        }
        // As many connections as the libpq pool, all opened up front as the warm-up opens libpq's.
        configuration.options.maximumConnections = connections
        configuration.options.minimumConnections = connections
        configuration.options.additionalStartupParameters = [("application_name", "postgres-clients")]
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// The client's connection pool: runs until its task is cancelled.
    func runPool() async { await client.run() }

    func run(_ workload: Workload, as member: Member) async throws -> Int {
        switch workload {
        case .selectOne:
            var sum = 0
            for try await row in try await client.query("SELECT 1", logger: logger) { sum += try row.decode(Int.self) }
            return sum
        case .contractList:
            return try await transaction(as: member) { connection in
                try await Self.decodeContracts(connection.query(PostgresQuery(unsafeSQL: SQL.contractList), logger: logger))
            }
        case .contract:
            var binds = PostgresBindings()
            binds.append(member.contractID)
            let query = PostgresQuery(unsafeSQL: SQL.contract, binds: binds)
            return try await transaction(as: member) { connection in
                try await Self.decodeContracts(connection.query(query, logger: logger))
            }
        }
    }

    private func transaction(as member: Member, _ body: (PostgresConnection) async throws -> Int) async throws -> Int {
        var binds = PostgresBindings()
        for (name, value) in member.settings {
            binds.append(name)
            binds.append(value)
        }
        let settings = PostgresQuery(unsafeSQL: SQL.setConfig(count: member.settings.count), binds: binds)
        return try await client.withConnection { connection in
            try await drain(connection.query(PostgresQuery(unsafeSQL: SQL.begin), logger: logger))
            do {
                try await drain(connection.query(settings, logger: logger))
                let value = try await body(connection)
                try await drain(connection.query("COMMIT", logger: logger))
                return value
            } catch {
                _ = try? await drain(connection.query("ROLLBACK", logger: logger))
                throw error
            }
        }
    }

    private func drain(_ rows: PostgresRowSequence) async throws {
        for try await _ in rows {}
    }

    /// Every column into the type PostgresNIO decodes it as natively (binary format).
    static func decodeContracts(_ rows: PostgresRowSequence) async throws -> Int {
        var contracts: [ContractRow] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            contracts.append(ContractRow(
                id: try cells[0].decode(UUID.self), reference: try cells[1].decode(String.self),
                title: try cells[2].decode(String.self), description: try cells[3].decode(String.self),
                cpv: try cells[4].decode(String.self), framework: try cells[5].decode(Bool.self),
                tenderID: try cells[6].decode(UUID?.self), lotID: try cells[7].decode(UUID?.self),
                startOn: try cells[8].decode(Date.self), endOn: try cells[9].decode(Date.self),
                estimatedValue: try cells[10].decode(Decimal.self), maximumValue: try cells[11].decode(Decimal?.self),
                callOffMethod: try cells[12].decode(String.self), managerID: try cells[13].decode(UUID?.self),
                activatedAt: try cells[14].decode(Date?.self), terminatedOn: try cells[15].decode(Date?.self),
                successorAssignmentID: try cells[16].decode(UUID?.self), supplierIDs: try cells[17].decode([UUID].self),
                partyIDs: try cells[18].decode([UUID].self), options: try cells[19].decode(String.self)))
        }
        return contracts.count
    }

    struct ContractRow {
        var id: UUID
        var reference: String
        var title: String
        var description: String
        var cpv: String
        var framework: Bool
        var tenderID: UUID?
        var lotID: UUID?
        var startOn: Date
        var endOn: Date
        var estimatedValue: Decimal
        var maximumValue: Decimal?
        var callOffMethod: String
        var managerID: UUID?
        var activatedAt: Date?
        var terminatedOn: Date?
        var successorAssignmentID: UUID?
        var supplierIDs: [UUID]
        var partyIDs: [UUID]
        var options: String
    }
}

/// Where PostgresNIO connects: read from the same libpq URL, or the private cluster's socket.
struct NIOEndpoint: Sendable {
    enum Address: Sendable {
        case unixSocket(String)
        case tcp(host: String, port: Int)
    }

    var address: Address
    var user: String
    var password: String?
    var database: String?
}
