import Foundation
import Postgres
import Procurement

/// A check of a supplier as the register keeps it: the check, who made it (their name as the
/// identity may see it) and when it was recorded.
public struct SupplierCheckRecord: Sendable, Equatable {
    public var check: SupplierCheck
    public var checkedByName: String?
    public var recordedAt: Date

    public init(check: SupplierCheck, checkedByName: String?, recordedAt: Date) {
        self.check = check
        self.checkedByName = checkedByName
        self.recordedAt = recordedAt
    }
}

extension Transaction {
    /// The suppliers of the office in Swedish alphabetical order; with a `term`, those whose
    /// name contains it (any case) or whose organisationsnummer (national id) starts with it,
    /// hyphen or not.
    ///
    /// The register is read whole and searched here: an office keeps hundreds or a few
    /// thousand suppliers. In SQL, `lower()` and `LIKE` are not leakproof, so under row-level
    /// security no index would serve them anyway, and with the cluster's C locale `lower()`
    /// leaves Å, Ä and Ö as they are, so "åre" would not find "Åre Bygg AB".
    public func suppliers(matching term: String = "") async throws -> [Supplier] {
        let suppliers = try await query("SELECT \(fragment: Supplier.columns) FROM suppliers").map(Supplier.init(row:))
        let text = term.trimmingCharacters(in: .whitespacesAndNewlines)
        // `556677-8899` and `5566778899` alike: the register keeps Swedish numbers as digits.
        let compact = text.filter { $0 != "-" && !$0.isWhitespace }
        let swedish = Locale(identifier: "sv_SE")
        return suppliers
            .filter { supplier in
                text.isEmpty || supplier.name.range(of: text, options: .caseInsensitive, locale: swedish) != nil
                    || (!compact.isEmpty && supplier.nationalID.range(of: compact, options: [.anchored, .caseInsensitive]) != nil)
            }
            .sorted { first, second in
                switch first.name.compare(second.name, options: .caseInsensitive, locale: swedish) {
                case .orderedAscending: true
                case .orderedDescending: false
                case .orderedSame: (first.country, first.nationalID) < (second.country, second.nationalID)
                }
            }
    }

    public func supplier(id: UUID) async throws -> Supplier? {
        try await query("SELECT \(fragment: Supplier.columns) FROM suppliers WHERE id = \(id)").first.map(Supplier.init(row:))
    }

    /// The supplier with this country and national id (organisationsnummer), if the office has it.
    public func supplier(country: String, nationalID: String) async throws -> Supplier? {
        try await query("""
            SELECT \(fragment: Supplier.columns) FROM suppliers WHERE country = \(country) AND national_id = \(nationalID)
            """).first.map(Supplier.init(row:))
    }

    /// Renames a supplier. False when the identity cannot see or change it.
    @discardableResult
    public func updateSupplierName(id: UUID, name: String) async throws -> Bool {
        try await query("UPDATE suppliers SET name = \(name) WHERE id = \(id)").affectedRows == 1
    }
}

extension Transaction {
    /// The checks the identity may read (the office-wide readers: all; anyone else: none), of
    /// one supplier or of all, with who made them, in the order they were made and recorded:
    /// the order `SupplierVetting` reads them in. (Adding suppliers and checks, and the bare
    /// checks of several suppliers, are in `Transaction+SupplierRecords.swift`.)
    public func supplierCheckRecords(supplierID: UUID? = nil) async throws -> [SupplierCheckRecord] {
        try await query("""
            SELECT c.id, c.supplier_id, c.kind::text, c.checked_on, c.valid_until, c.result::text, c.note, c.checked_by,
                   u.name, c.created_at
            FROM supplier_checks c LEFT JOIN users u ON u.office_id = c.office_id AND u.id = c.checked_by
            WHERE \(supplierID)::uuid IS NULL OR c.supplier_id = \(supplierID)
            ORDER BY c.supplier_id, c.checked_on, c.created_at, c.id
            """).map(SupplierCheckRecord.init(row:))
    }

    /// The database's own vetting rule (`supplier_cleared()`, which activating a contract
    /// applies): every required check's latest on `date` passed and still valid.
    public func supplierCleared(id: UUID, on date: CalendarDate) async throws -> Bool {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        guard let row = try await query("SELECT supplier_cleared(\(officeID), \(id), \(date))").first else { return false }
        return try row.decode(0, as: Bool?.self) ?? false
    }
}

extension Supplier {
    static let columns: PostgresQuery = "id, name, country, national_id"

    init(row: PostgresRow) throws {
        self.init(id: try row.decode(0), name: try row.decode(1), country: try row.decode(2), nationalID: try row.decode(3))
    }
}

extension SupplierCheckRecord {
    init(row: PostgresRow) throws {
        let kindText: String = try row.decode(2)
        let resultText: String = try row.decode(5)
        guard let kind = SupplierCheckKind(rawValue: kindText) else {
            throw PostgresError(kind: .decoding, context: "unknown supplier check kind", column: "kind")
        }
        guard let result = SupplierCheckResult(rawValue: resultText) else {
            throw PostgresError(kind: .decoding, context: "unknown supplier check result", column: "result")
        }
        self.init(
            check: SupplierCheck(
                id: try row.decode(0), supplierID: try row.decode(1), kind: kind, checkedOn: try row.decode(3),
                validUntil: try row.decode(4), result: result, note: try row.decode(6), checkedBy: try row.decode(7)),
            checkedByName: try row.decode(8), recordedAt: try row.decode(9))
    }
}
