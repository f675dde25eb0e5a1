import Foundation
import Postgres
import Procurement

/// Why a call-off was not stored, when it is the contract's room rather than a rule the
/// database names.
public enum CallOffRefusal: Error, Equatable, Sendable {
    /// The call-off would pass the framework's maximum value; this much is left.
    case exceedsMaximum(remaining: Money)
}

extension Transaction {
    /// Stores a call-off. Call-offs on one contract are serialised, and one that would pass
    /// the framework's maximum is refused with what remains; the database's guard checks the
    /// contract is in force, the organisation a party and the supplier the contract's.
    public func insertCallOff(_ callOff: CallOff) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("SELECT pg_advisory_xact_lock(hashtextextended(\(callOff.contractID)::uuid::text, 7))")
        if let room: Money = try await query("SELECT call_off_room(\(callOff.contractID))").single?.decode(0),
           callOff.amount > room {
            throw CallOffRefusal.exceedsMaximum(remaining: max(room, .zero))
        }
        try await query("""
            INSERT INTO call_offs (office_id, id, contract_id, organisation_id, supplier_id, ordered_on, amount, description,
                                   reference, ordered_by)
            VALUES (\(officeID), \(callOff.id), \(callOff.contractID), \(callOff.organisationID), \(callOff.supplierID),
                    \(callOff.orderedOn), \(callOff.amount), \(callOff.description), \(callOff.reference), \(callOff.orderedBy))
            """)
    }

    /// The call-offs the identity sees (the office all, a member its own), on one contract or all, newest first.
    public func callOffs(contractID: UUID? = nil, limit: Int = 500) async throws -> [CallOff] {
        try await query("""
            SELECT \(fragment: CallOff.columns) FROM call_offs
             WHERE \(contractID)::uuid IS NULL OR contract_id = \(contractID)
             ORDER BY ordered_on DESC, created_at DESC LIMIT \(limit)
            """).map(CallOff.init(row:))
    }

}

extension CallOff {
    static let columns: PostgresQuery = "id, contract_id, organisation_id, supplier_id, ordered_on, amount, description, reference, ordered_by"

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), contractID: try row.decode(1), organisationID: try row.decode(2),
            supplierID: try row.decode(3), orderedOn: try row.decode(4), amount: try row.decode(5),
            description: try row.decode(6), reference: try row.decode(7), orderedBy: try row.decode(8))
    }
}
