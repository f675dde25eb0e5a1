import Foundation
import Postgres
import Procurement

extension BenchmarkData {
    /// What a member's generated accounts-payable export is drawn from: the office's
    /// suppliers, the member's contract terms and the accounts the office maps to their
    /// categories, so that a realistic share of the lines matches a contract, some leak to
    /// other suppliers in contracted categories and the rest has no contract at all.
    public struct SpendSource: Sendable {
        public var organisationID: UUID
        public var suppliers: [(key: String, name: String)]
        public var terms: [(supplierKey: String, supplierName: String, cpvGroup: String, start: CalendarDate, end: CalendarDate)]
        /// The mapped account of each contracted CPV group.
        public var accounts: [String: String]
    }

    /// The generated accounts' prefix: "5" and the CPV group, so the map is one row per group.
    static func benchAccount(group: String) -> String { "5" + group }

    /// Accounts the map leaves out: spend with no category, never addressable.
    static let unmappedAccounts = ["4010", "4620", "6110", "6540", "7690"]

    /// Maps an account to every CPV group the office's contracts are in (office-wide rows;
    /// existing rows are kept), and reads what the member's export is drawn from. Runs as the
    /// office's system identity.
    public static func spendSource(organisationID: UUID, in transaction: Transaction) async throws -> SpendSource {
        guard let officeID = transaction.identity.officeID else { throw StoreError.noOffice }
        try await transaction.query("""
            INSERT INTO spend_accounts (office_id, id, organisation_id, account, cpv)
            SELECT DISTINCT ON (left(cpv, 3)) \(officeID), gen_random_uuid(), NULL, '5' || left(cpv, 3), cpv
              FROM contracts WHERE NOT EXISTS (SELECT FROM spend_accounts a WHERE a.organisation_id IS NULL AND a.account = '5' || left(cpv, 3))
             ORDER BY left(cpv, 3), cpv
            ON CONFLICT DO NOTHING
            """)
        let suppliers = try await transaction.query("SELECT national_id, name FROM suppliers ORDER BY national_id, id").map { row in
            (key: try row.decode(0, as: String.self), name: try row.decode(1, as: String.self))
        }
        let names = Dictionary(suppliers.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        let terms = try await transaction.query("""
            SELECT supplier_key, cpv_group, start_on, end_on FROM spend_contract_terms(\(officeID), ARRAY[\(organisationID)]::uuid[])
             ORDER BY contract_id, supplier_key
            """).map { row in
            let key: String = try row.decode(0)
            return (supplierKey: key, supplierName: names[key] ?? "Leverantör \(key)", cpvGroup: try row.decode(1, as: String.self),
                    start: try row.decode(2, as: CalendarDate.self), end: try row.decode(3, as: CalendarDate.self))
        }
        let groups = Set(terms.map(\.cpvGroup))
        return SpendSource(
            organisationID: organisationID, suppliers: suppliers, terms: terms,
            accounts: Dictionary(uniqueKeysWithValues: groups.map { ($0, benchAccount(group: $0)) }))
    }

    /// A member's accounts-payable export over `from`…`to` as its system would write it
    /// (semicolons, decimal commas, the formatted organisationsnummer), `lines` lines of about
    /// two per invoice. Of the invoices, 55 % go to a contract's supplier within its period in
    /// its category, 20 % to another supplier in a contracted category (leakage), 25 % to any
    /// supplier on an unmapped account. The same seed gives the same bytes.
    public static func spendCSV(
        _ source: SpendSource, lines: Int, seed: UInt64, from: CalendarDate, to: CalendarDate, invoicePrefix: String
    ) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines * 90 + 200)
        bytes += Array(DemoData.spendHeader.utf8)
        bytes.append(10)
        let span = max(0, from.days(until: to))
        func day(in start: CalendarDate, _ end: CalendarDate) -> CalendarDate? {
            let first = max(start, from), last = min(end, to)
            guard first <= last else { return nil }
            return first.adding(days: random.int(0...first.days(until: last)))
        }
        var written = 0
        var invoice = 0
        while written < lines {
            invoice += 1
            let count = min(lines - written, random.int(1...3))
            let roll = random.int(0...99)
            var supplier: (key: String, name: String)
            var date: CalendarDate
            var account: String
            let term = roll < 75 && !source.terms.isEmpty ? random.pick(source.terms) : nil
            if let term, let inside = day(in: term.start, term.end) {
                date = inside
                account = source.accounts[term.cpvGroup] ?? unmappedAccounts[0]
                supplier = (term.supplierKey, term.supplierName)
                if roll >= 55, !source.suppliers.isEmpty {
                    supplier = random.pick(source.suppliers)
                }
            } else {
                date = from.adding(days: random.int(0...span))!
                account = random.pick(unmappedAccounts)
                supplier = source.suppliers.isEmpty ? ("5599999999", "Leverantör AB") : random.pick(source.suppliers)
            }
            let key = supplier.key
            let formatted = key.count == 10 ? "\(key.prefix(6))-\(key.suffix(4))" : key
            let head = "\(formatted);\(supplier.name);\(invoicePrefix)\(invoice);\(date.iso);"
            for _ in 0..<count {
                let ore = random.int(10_000...5_000_000)
                bytes += Array("\(head)\(ore / 100),\(ore % 100 < 10 ? "0" : "")\(ore % 100);\(account)\n".utf8)
                written += 1
            }
        }
        return bytes
    }
}
