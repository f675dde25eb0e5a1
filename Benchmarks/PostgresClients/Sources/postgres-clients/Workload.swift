import Foundation

/// Who the member's queries run as and what they ask for, found in the generated data once,
/// so both clients send byte for byte the same statements with the same values.
struct Member: Sendable {
    var officeID: UUID
    var organisationID: UUID
    var userID: UUID
    var role: String
    var contractID: UUID
    var officeSlug: String

    /// The transaction-local settings row-level security reads, in the order and with the
    /// statement timeout the platform's `Database.transaction` sets them.
    var settings: [(name: String, value: String)] {
        [
            ("app.office_id", officeID.uuidString.lowercased()),
            ("app.org_id", organisationID.uuidString.lowercased()),
            ("app.user_id", userID.uuidString.lowercased()),
            ("app.roles", role),
            ("statement_timeout", "10000"),
        ]
    }
}

/// The statements measured, shared as text: each client binds the values its own way.
enum SQL {
    static let begin = "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY"

    /// `SELECT set_config($1, $2, true), …`: the shape `PostgresPool.withTransaction` sends.
    static func setConfig(count: Int) -> String {
        "SELECT " + (0..<count).map { "set_config($\(2 * $0 + 1), $\(2 * $0 + 2), true)" }.joined(separator: ", ")
    }

    /// Benchmarks/pgbench/contract_list.sql's contract SELECT (what GET /api/v1/contracts reads).
    static let contractColumns = """
        SELECT c.id, c.reference, c.title, c.description, c.cpv, c.framework, c.tender_id, c.lot_id, c.start_on, c.end_on, \
        c.estimated_value, c.maximum_value, c.call_off_method::text, c.manager_id, c.activated_at, c.terminated_on, \
        c.successor_assignment_id, \
        coalesce((SELECT array_agg(s.supplier_id ORDER BY s.rank NULLS LAST, s.id) FROM contract_suppliers s WHERE s.office_id = c.office_id AND s.contract_id = c.id), '{}'), \
        coalesce((SELECT array_agg(p.organisation_id ORDER BY p.organisation_id) FROM contract_parties p WHERE p.office_id = c.office_id AND p.contract_id = c.id), '{}'), \
        coalesce((SELECT string_agg(o.ordinal || ':' || o.months || ':' || o.decision || ':' || coalesce(o.decided_on::text, ''), ',' ORDER BY o.ordinal) FROM contract_options o WHERE o.office_id = c.office_id AND o.contract_id = c.id), '') \
        FROM contracts c
        """
    static let contractList = contractColumns + " ORDER BY c.end_on, c.reference"
    /// Benchmarks/pgbench/contract.sql's main SELECT: one contract with its suppliers and parties.
    static let contract = contractColumns + " WHERE c.id = $1"
}

enum Workload: String, CaseIterable, Sendable {
    case selectOne = "select_1"
    case contractList = "contract_list"
    case contract = "contract"

    var summary: String {
        switch self {
        case .selectOne: "SELECT 1, the round-trip floor"
        case .contractList: "a member's contract list: BEGIN, set_config ×5, the list, COMMIT"
        case .contract: "one contract with suppliers and parties: BEGIN, set_config ×5, the contract, COMMIT"
        }
    }
}

/// One client under test. Every call returns the rows it decoded, so a client that silently
/// reads nothing shows at the start instead of looking fast.
protocol BenchClient: Sendable {
    var name: String { get }
    func run(_ workload: Workload, as member: Member) async throws -> Int
}
