import Foundation
import Postgres
import Procurement

extension Transaction {
    /// Every supplier the identity sees, by id: the names beside contracts and bids.
    public func supplierDirectory() async throws -> [UUID: Supplier] {
        var suppliers: [UUID: Supplier] = [:]
        for supplier in try await query("SELECT \(fragment: Supplier.columns) FROM suppliers").map(Supplier.init(row:)) {
            suppliers[supplier.id] = supplier
        }
        return suppliers
    }

    /// The suppliers among `ids` that the identity sees, by id, in one query: the names beside
    /// a page of contracts, without the whole directory.
    public func supplierDirectory(ids: [UUID]) async throws -> [UUID: Supplier] {
        guard !ids.isEmpty else { return [:] }
        var suppliers: [UUID: Supplier] = [:]
        for supplier in try await query("SELECT \(fragment: Supplier.columns) FROM suppliers WHERE id = ANY (\(ids)::uuid[])")
            .map(Supplier.init(row:)) {
            suppliers[supplier.id] = supplier
        }
        return suppliers
    }

    /// The checks of the given suppliers (all the identity sees when nil), oldest first.
    public func supplierChecks(supplierIDs: [UUID]? = nil) async throws -> [SupplierCheck] {
        try await query("""
            SELECT id, supplier_id, kind::text, checked_on, valid_until, result::text, note, checked_by FROM supplier_checks
            WHERE \(supplierIDs == nil) OR supplier_id = ANY (\(supplierIDs ?? [])::uuid[])
            ORDER BY supplier_id, checked_on, created_at
            """).map { row in
            SupplierCheck(
                id: try row.decode(0), supplierID: try row.decode(1), kind: try row.decodeEnum(2), checkedOn: try row.decode(3),
                validUntil: try row.decode(4), result: try row.decodeEnum(5), note: try row.decode(6), checkedBy: try row.decode(7))
        }
    }

    public func insertSupplier(_ supplier: Supplier, createdBy: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO suppliers (office_id, id, name, country, national_id, created_by)
            VALUES (\(officeID), \(supplier.id), \(supplier.name), \(supplier.country), \(supplier.nationalID), \(createdBy))
            """)
    }

    public func insertSupplierCheck(_ check: SupplierCheck) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO supplier_checks (office_id, id, supplier_id, kind, checked_on, valid_until, result, note, checked_by)
            VALUES (\(officeID), \(check.id), \(check.supplierID), \(check.kind.rawValue)::supplier_check_kind, \(check.checkedOn),
                    \(check.validUntil), \(check.result.rawValue)::supplier_check_result, \(check.note), \(check.checkedBy))
            """)
    }
}
