import Foundation
import LocalPostgres
import Logging
import Postgres
import Procurement

/// The platform's own layer: `PostgresPool` over libpq, as `Store.Database` uses it.
struct LibPQClient: BenchClient {
    let name = "libpq"
    let pool: PostgresPool

    init(configuration: LibPQConfiguration, connections: Int, logger: Logger) {
        pool = PostgresPool(configuration: configuration.value, maxConnections: connections, logger: logger)
    }

    func close() async { await pool.close() }

    func run(_ workload: Workload, as member: Member) async throws -> Int {
        switch workload {
        case .selectOne:
            return try await pool.withConnection { connection in
                let rows = try await connection.query("SELECT 1")
                var sum = 0
                for row in rows { sum += try row.decode(0, as: Int.self) }
                return sum
            }
        case .contractList:
            return try await pool.withTransaction(Self.options(member)) { connection in
                try Self.decodeContracts(try await connection.query(PostgresQuery(stringLiteral: SQL.contractList)))
            }
        case .contract:
            let query: PostgresQuery = "\(fragment: PostgresQuery(stringLiteral: SQL.contractColumns)) WHERE c.id = \(member.contractID)"
            return try await pool.withTransaction(Self.options(member)) { connection in
                try Self.decodeContracts(try await connection.query(query))
            }
        }
    }

    /// What `Database.transaction(as:readOnly: true)` passes: the identity's settings and the
    /// default statement timeout, which `withTransaction` sends as one `set_config` SELECT.
    static func options(_ member: Member) -> TransactionOptions {
        TransactionOptions(readOnly: true, statementTimeout: .seconds(10), settings: Array(member.settings.dropLast()))
    }

    /// Every column into the type the platform's store reads it as.
    static func decodeContracts(_ rows: PostgresRows) throws -> Int {
        var contracts: [ContractRow] = []
        contracts.reserveCapacity(rows.count)
        for row in rows {
            contracts.append(ContractRow(
                id: try row.decode(0), reference: try row.decode(1), title: try row.decode(2), description: try row.decode(3),
                cpv: try row.decode(4), framework: try row.decode(5), tenderID: try row.decode(6), lotID: try row.decode(7),
                startOn: try row.decode(8), endOn: try row.decode(9), estimatedValue: try row.decode(10),
                maximumValue: try row.decode(11), callOffMethod: try row.decode(12), managerID: try row.decode(13),
                activatedAt: try row.decode(14), terminatedOn: try row.decode(15), successorAssignmentID: try row.decode(16),
                supplierIDs: try row.decode(17), partyIDs: try row.decode(18), options: try row.decode(19)))
        }
        return contracts.count
    }

    struct ContractRow {
        var id: UUID
        var reference: String
        var title: String
        var description: String
        var cpv: CPVCode
        var framework: Bool
        var tenderID: UUID?
        var lotID: UUID?
        var startOn: CalendarDate
        var endOn: CalendarDate
        var estimatedValue: Money
        var maximumValue: Money?
        var callOffMethod: String
        var managerID: UUID?
        var activatedAt: Date?
        var terminatedOn: CalendarDate?
        var successorAssignmentID: UUID?
        var supplierIDs: [UUID]
        var partyIDs: [UUID]
        var options: String
    }

    /// The member with the most contracts in the first benchmark office, one of its
    /// coordinators and one of its active contracts: what `samverkan bench run` measures as.
    /// Asked as the application role, first as a visitor (the office directory is public),
    /// then as the office's system identity, so no superuser is needed.
    func findMember() async throws -> Member? {
        let anonymous = TransactionOptions(readOnly: true, settings: [
            ("app.office_id", ""), ("app.org_id", ""), ("app.user_id", ""), ("app.roles", "public"),
        ])
        let office = try await pool.withTransaction(anonymous) { connection -> (UUID, String)? in
            guard let row = try await connection.query(
                "SELECT id, slug FROM office_directory() WHERE slug LIKE 'bench-%' ORDER BY slug LIMIT 1").first
            else { return nil }
            return (try row.decode(0), try row.decode(1))
        }
        guard let (officeID, slug) = office else { return nil }
        let system = TransactionOptions(readOnly: true, settings: [
            ("app.office_id", officeID.uuidString.lowercased()), ("app.org_id", ""), ("app.user_id", ""), ("app.roles", "system"),
        ])
        return try await pool.withTransaction(system) { connection -> Member? in
            guard let busiest = try await connection.query("""
                    SELECT organisation_id FROM contract_parties
                    GROUP BY organisation_id ORDER BY count(*) DESC, organisation_id LIMIT 1
                    """).first else { return nil }
            let organisationID: UUID = try busiest.decode(0)
            guard let coordinator = try await connection.query("""
                    SELECT user_id FROM role_assignments
                    WHERE role = 'coordinator' AND organisation_id = \(organisationID) ORDER BY id LIMIT 1
                    """).first,
                  let contract = try await connection.query("""
                    SELECT c.id FROM contracts c JOIN contract_parties p ON p.office_id = c.office_id AND p.contract_id = c.id
                    WHERE p.organisation_id = \(organisationID) AND c.activated_at IS NOT NULL ORDER BY c.id LIMIT 1
                    """).first
            else { return nil }
            return Member(
                officeID: officeID, organisationID: organisationID, userID: try coordinator.decode(0), role: "coordinator",
                contractID: try contract.decode(0), officeSlug: slug)
        }
    }
}

/// The libpq side's connection settings, kept opaque so files that speak PostgresNIO need
/// not import the platform's module, whose type names are the same.
struct LibPQConfiguration: Sendable {
    var value: PostgresConfiguration

    init(url: String) {
        value = PostgresConfiguration(connectionString: url, applicationName: "postgres-clients")
    }

    init(_ value: PostgresConfiguration) { self.value = value }
}

/// The platform's private cluster, started as `samverkan bench run` starts it.
struct Cluster {
    /// `DatabaseOptions.localDatabase`: where `samverkan bench generate` puts the data.
    static let database = "samverkan"
    static let user = LocalCluster.applicationRole

    let cluster: LocalCluster
    let started: Bool

    init(directory: String, logger: Logger) throws {
        cluster = LocalCluster(directory: URL(fileURLWithPath: directory), logger: logger)
        started = try cluster.start()
    }

    var libpq: LibPQConfiguration {
        var configuration = cluster.configuration(user: Self.user, database: Self.database)
        configuration.applicationName = "postgres-clients"
        return LibPQConfiguration(configuration)
    }

    var socketPath: String { cluster.socketDirectory + "/.s.PGSQL.5432" }

    func stopIfStarted() throws {
        if started { try cluster.stop() }
    }
}
