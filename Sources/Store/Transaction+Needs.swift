import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The needs the identity sees: all of the office for its staff, a member's own otherwise.
    public func needs(includingWithdrawn: Bool = false) async throws -> [Need] {
        try await query("""
            SELECT \(fragment: Need.columns) FROM needs
            WHERE \(includingWithdrawn) OR status = 'submitted'
            ORDER BY cpv, wanted_start, created_at
            """).map(Need.init(row:))
    }

    public func need(id: UUID) async throws -> Need? {
        try await query("SELECT \(fragment: Need.columns) FROM needs WHERE id = \(id)").first.map(Need.init(row:))
    }

    public func insertNeed(_ need: Need) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO needs (office_id, id, organisation_id, cpv, title, description, quantity, unit, yearly_value,
                               wanted_start, months, status, created_by)
            VALUES (\(officeID), \(need.id), \(need.organisationID), \(need.cpv), \(need.title), \(need.description),
                    \(need.volume.quantity), \(need.volume.unit), \(need.volume.yearlyValue), \(need.period.start),
                    \(need.period.months), \(need.status.rawValue)::need_status, \(need.createdBy))
            """)
    }

    /// Withdraws a member's need that is not pooled yet. False when the identity cannot see it
    /// or may not change it.
    public func withdrawNeed(id: UUID) async throws -> Bool {
        try await query("""
            UPDATE needs SET status = 'withdrawn'
            WHERE id = \(id) AND status = 'submitted' AND pooled_procurement_id IS NULL
            """).affectedRows == 1
    }
}

extension Need {
    static let columns: PostgresQuery = """
        id, organisation_id, cpv, title, description, quantity, unit, yearly_value, wanted_start, months, status::text,
        pooled_procurement_id, created_by, created_at
        """

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), organisationID: try row.decode(1), cpv: try row.decode(2), title: try row.decode(3),
            description: try row.decode(4),
            volume: Volume(quantity: try row.decode(5), unit: try row.decode(6), yearlyValue: try row.decode(7)),
            period: try ContractPeriod.stored(start: try row.decode(8), months: try row.decode(9), optionMonths: []),
            status: try row.decodeEnum(10), pooledProcurementID: try row.decode(11),
            createdBy: try row.decode(12), createdAt: try row.decode(13))
    }
}
