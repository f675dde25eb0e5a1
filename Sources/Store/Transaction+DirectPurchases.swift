import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The direct purchases the identity sees since `from`, newest first.
    public func directPurchases(since from: CalendarDate? = nil) async throws -> [DirectPurchaseRecord] {
        try await query("""
            SELECT \(fragment: DirectPurchaseRecord.columns) FROM direct_purchases
            WHERE \(from)::date IS NULL OR purchase_date >= \(from)
            ORDER BY purchase_date DESC, registered_at DESC
            """).map(DirectPurchaseRecord.init(row:))
    }

    public func insertDirectPurchase(_ purchase: DirectPurchaseRecord) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO direct_purchases (office_id, id, organisation_id, cpv, description, supplier_name,
                                          supplier_organisation_number, purchase_date, value, registered_by)
            VALUES (\(officeID), \(purchase.id), \(purchase.organisationID), \(purchase.cpv), \(purchase.description),
                    \(purchase.supplierName), \(purchase.supplierOrganisationNumber?.digits), \(purchase.date),
                    \(purchase.value), \(purchase.registeredBy))
            """)
    }
}

extension DirectPurchaseRecord {
    static let columns: PostgresQuery = """
        id, organisation_id, cpv, description, supplier_name, supplier_organisation_number, purchase_date, value,
        registered_by, registered_at
        """

    init(row: PostgresRow) throws {
        let number: String? = try row.decode(5)
        self.init(
            id: try row.decode(0), organisationID: try row.decode(1), cpv: try row.decode(2), description: try row.decode(3),
            supplierName: try row.decode(4), supplierOrganisationNumber: number.flatMap { try? OrganisationNumber($0) },
            date: try row.decode(6), value: try row.decode(7), registeredBy: try row.decode(8), registeredAt: try row.decode(9))
    }
}
