import Foundation
import Postgres
import Procurement

/// One cell of the compliance report: a member's spend in one category and month, in SEK.
public struct ComplianceCell: Sendable, Equatable {
    public var organisationID: UUID
    public var month: CalendarDate
    /// The CPV group (three digits); empty when the spend has no category.
    public var cpvGroup: String
    public var figures: Compliance
}

/// A supplier's spend over a period: on contract, and off contract where a contract existed.
public struct SupplierSpend: Sendable, Equatable, Codable {
    public var supplierKey: String
    public var supplierName: String
    public var total: Money
    public var contracted: Money
    /// Off-contract spend in categories in which the member had a contract in force.
    public var leakage: Money
    public var organisations: Int
    public var cpvGroups: [String]
}

/// A stored import, as the list of imports shows it.
public struct SpendImportRecord: Sendable, Equatable, Codable {
    public var id: UUID
    public var organisationID: UUID
    public var files: [String]
    public var formats: [String]
    public var invoicesAdded: Int
    public var invoicesSkipped: Int
    public var linesAdded: Int
    public var amountSEK: Money
    public var importedAt: Date
    public var importedBy: String?
}

/// What a framework is used: call-offs registered and invoiced spend matched, against its maximum.
public struct ContractUse: Sendable, Equatable, Codable {
    public var contractID: UUID
    public var calledOff: Money
    public var invoiced: Money

    public init(contractID: UUID, calledOff: Money, invoiced: Money) {
        self.contractID = contractID
        self.calledOff = calledOff
        self.invoiced = invoiced
    }
}

extension Transaction {
    /// Compliance per member, month and category over `from`…`to`, for one member or (nil)
    /// every member the identity may see aggregates of. A member's users get their own only.
    public func compliance(from: CalendarDate, to: CalendarDate, organisationID: UUID?) async throws -> [ComplianceCell] {
        try await query("""
            SELECT organisation_id, month, cpv_group, total, coalesce(addressable, 0), coalesce(contracted, 0)
              FROM spend_compliance(\(from), \(to), \(organisationID))
             ORDER BY month, organisation_id, cpv_group
            """).map { row in
            ComplianceCell(
                organisationID: try row.decode(0), month: try row.decode(1), cpvGroup: try row.decode(2),
                figures: Compliance(total: try row.decode(3), addressable: try row.decode(4), contracted: try row.decode(5)))
        }
    }

    /// Suppliers by spend over the period, largest first; `offContractOnly` keeps those with
    /// leakage (the leakage list), ordered by it. Spend in SEK; the identity's rows only.
    public func supplierSpend(
        from: CalendarDate, to: CalendarDate, organisationID: UUID?, offContractOnly: Bool, limit: Int
    ) async throws -> [SupplierSpend] {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        return try await query("""
            WITH members AS (
                SELECT coalesce(array_agg(o.id), '{}') AS ids FROM organisations o
                 WHERE \(organisationID)::uuid IS NULL OR o.id = \(organisationID)
            ), covered AS (
                SELECT * FROM spend_covered_months(\(officeID), (SELECT ids FROM members), \(from), \(to))
            ), rows AS (
                SELECT m.*, (m.contract_id IS NULL AND c.month IS NOT NULL) AS leaks
                  FROM spend_months m
                  LEFT JOIN covered c ON c.organisation_id = m.organisation_id AND c.cpv_group = m.cpv_group AND c.month = m.month
                 WHERE m.currency = 'SEK' AND m.month BETWEEN date_trunc('month', \(from)::date)::date AND \(to)::date
                   AND (\(organisationID)::uuid IS NULL OR m.organisation_id = \(organisationID))
            )
            SELECT supplier_key, max(supplier_name), sum(amount),
                   coalesce(sum(amount) FILTER (WHERE contract_id IS NOT NULL), 0),
                   coalesce(sum(amount) FILTER (WHERE leaks), 0),
                   count(DISTINCT organisation_id)::integer,
                   array_agg(DISTINCT cpv_group) FILTER (WHERE cpv_group <> '')
              FROM rows
             GROUP BY supplier_key
            HAVING NOT \(offContractOnly) OR sum(amount) FILTER (WHERE leaks) > 0
             ORDER BY CASE WHEN \(offContractOnly) THEN coalesce(sum(amount) FILTER (WHERE leaks), 0) ELSE sum(amount) END DESC,
                      supplier_key
             LIMIT \(limit)
            """).map { row in
            SupplierSpend(
                supplierKey: try row.decode(0), supplierName: try row.decode(1), total: try row.decode(2),
                contracted: try row.decode(3), leakage: try row.decode(4), organisations: try row.decode(5),
                cpvGroups: (try row.decode(6, as: [String]?.self)) ?? [])
        }
    }

    /// The imports of one member, or of every member the identity sees, newest first.
    public func spendImports(organisationID: UUID?, limit: Int = 100) async throws -> [SpendImportRecord] {
        try await query("""
            SELECT i.id, i.organisation_id, i.files, i.formats, i.invoices_added, i.invoices_skipped, i.lines_added,
                   i.amount_sek, i.imported_at, u.name
              FROM spend_imports i LEFT JOIN users u ON u.office_id = i.office_id AND u.id = i.imported_by
             WHERE \(organisationID)::uuid IS NULL OR i.organisation_id = \(organisationID)
             ORDER BY i.imported_at DESC, i.id LIMIT \(limit)
            """).map { row in
            SpendImportRecord(
                id: try row.decode(0), organisationID: try row.decode(1), files: try row.decode(2), formats: try row.decode(3),
                invoicesAdded: try row.decode(4), invoicesSkipped: try row.decode(5), linesAdded: try row.decode(6),
                amountSEK: try row.decode(7), importedAt: try row.decode(8), importedBy: try row.decode(9))
        }
    }

    /// How much of each framework has been used, for the contracts the identity sees.
    public func contractUse(contractIDs: [UUID]) async throws -> [UUID: ContractUse] {
        guard !contractIDs.isEmpty else { return [:] }
        var use: [UUID: ContractUse] = [:]
        for row in try await query("SELECT contract_id, called_off, invoiced FROM contract_use(\(contractIDs))") {
            let entry = ContractUse(contractID: try row.decode(0), calledOff: try row.decode(1), invoiced: try row.decode(2))
            use[entry.contractID] = entry
        }
        return use
    }

    /// The office's compliance target in per cent.
    public func complianceTargetPercent() async throws -> Int {
        try await query("SELECT compliance_target_percent FROM offices WHERE id = current_office_id()").single?.decode(0) ?? 95
    }
}
