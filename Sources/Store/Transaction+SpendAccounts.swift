import Foundation
import Postgres
import Procurement

/// A row of the office's account map: a member's account (or account prefix) and the CPV code
/// its spend is categorised by. Without an organisation it applies to every member.
public struct SpendAccount: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organisationID: UUID?
    public var account: String
    public var cpv: CPVCode

    public init(id: UUID, organisationID: UUID? = nil, account: String, cpv: CPVCode) {
        self.id = id
        self.organisationID = organisationID
        self.account = account
        self.cpv = cpv
    }
}

extension Transaction {
    public func spendAccounts() async throws -> [SpendAccount] {
        try await query("""
            SELECT id, organisation_id, account, cpv FROM spend_accounts ORDER BY organisation_id NULLS FIRST, account
            """).map { row in
            SpendAccount(id: try row.decode(0), organisationID: try row.decode(1), account: try row.decode(2), cpv: try row.decode(3))
        }
    }

    /// Maps an account to a CPV code, replacing the mapping the account had. Spend imported
    /// afterwards is categorised by it; spend imported before keeps its category.
    @discardableResult
    public func setSpendAccount(organisationID: UUID?, account: String, cpv: CPVCode) async throws -> SpendAccount {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        let id: UUID = try await query("""
            INSERT INTO spend_accounts (office_id, id, organisation_id, account, cpv)
            VALUES (\(officeID), \(UUID()), \(organisationID), \(account), \(cpv))
            ON CONFLICT (office_id, organisation_id, account) DO UPDATE SET cpv = excluded.cpv
            RETURNING id
            """).single!.decode(0)
        return SpendAccount(id: id, organisationID: organisationID, account: account, cpv: cpv)
    }

    public func removeSpendAccount(id: UUID) async throws -> Bool {
        try await query("DELETE FROM spend_accounts WHERE id = \(id) RETURNING 1").count == 1
    }
}
