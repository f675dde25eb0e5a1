import Foundation
import Postgres
import Procurement
import Store

/// Tenders and contracts for the OCDS tests, written as the office's system with plain SQL
/// (the Store has no functions for them yet), dated relative to the database's today so the
/// policies judge them as they would in use:
/// - `secret`: in planning, no notice: the public must not learn it exists;
/// - `announced`: its notice is dated next week: not yet published either;
/// - `open`: published and opened, not awarded: two bids, an evaluation report;
/// - `awarded`: three bids, the award decision 100 days ago, a contract activated;
/// - `cancelled`: published, then cancelled;
/// - `direct`: a direct award, activated; `draft`: a direct award never activated.
struct OpenContractingScenario {
    let officeID: UUID

    func id(_ name: String) -> UUID { DemoData.id("ocds-test/\(officeID)/\(name)") }
    var secret: UUID { id("tender/secret") }
    var announced: UUID { id("tender/announced") }
    var open: UUID { id("tender/open") }
    var awarded: UUID { id("tender/awarded") }
    var cancelled: UUID { id("tender/cancelled") }
    var direct: UUID { id("contract/direct") }
    var draft: UUID { id("contract/draft") }
    var awardedContract: UUID { id("contract/awarded") }

    static let winnerPrice = Money(ore: 12_345_678)
    static let losingPrices = [Money(kronor: 150_000), Money(ore: 18_000_001)]
    static let openPrices = [Money(ore: 7_777_777), Money(ore: 8_888_888)]

    /// Loads the scenario; `titled` starts every title and supplier name, and `supplierSerials`
    /// numbers the suppliers, so that two offices' data tell apart.
    func load(into store: Database, titled title: String, parties: [UUID], supplierSerials: Int) async throws {
        try await store.transaction(as: .system(of: officeID)) { t in
            let office = officeID
            // Suppliers: the winners and the losers of the bids, a direct award's, a draft's.
            let suppliers = ["winner": "Vinnaren", "second": "Tvåan", "third": "Trean", "bidderA": "Anbudsgivare Ett",
                             "bidderB": "Anbudsgivare Två", "direct": "Direktleverantören", "draft": "Utkastleverantören"]
            for (serial, key) in suppliers.keys.sorted().enumerated() {
                let number = DemoData.organisationNumber(group: 5, serial: supplierSerials + serial).digits
                try await t.query("""
                    INSERT INTO suppliers (office_id, id, name, national_id)
                    VALUES (\(office), \(id("supplier/\(key)")), \("\(title) \(suppliers[key]!) AB"), \(number))
                    """)
                for kind in ["f_tax", "taxes_and_debts", "exclusion_grounds"] {
                    try await t.query("""
                        INSERT INTO supplier_checks (office_id, id, supplier_id, kind, checked_on, valid_until, result)
                        VALUES (\(office), \(id("check/\(key)/\(kind)")), \(id("supplier/\(key)")), \(kind)::text::supplier_check_kind,
                                swedish_today() - 110, swedish_today() + 200, 'passed')
                        """)
                }
            }

            try await t.query("""
                INSERT INTO tenders (office_id, id, title, cpv, contract_type, procedure, framework, planning_from)
                VALUES (\(office), \(secret), \("\(title) hemlig planerad upphandling"), '30192000-1', 'supplies', 'open', true,
                        swedish_today() - 30)
                """)
            try await t.query("""
                INSERT INTO tenders (office_id, id, title, cpv, contract_type, procedure, framework, planning_from,
                                     notice_published_on, notice_reference)
                VALUES (\(office), \(announced), \("\(title) annons nästa vecka"), '30192000-1', 'supplies', 'open', true,
                        swedish_today() - 30, swedish_today() + 7, 'TED kommande')
                """)
            try await insertTender(t, open, title: "\(title) städtjänster", noticeDaysAgo: 90, deadlineDaysAgo: 60)
            try await insertTender(t, awarded, title: "\(title) kontorsmaterial", noticeDaysAgo: 150, deadlineDaysAgo: 120)
            for (tender, prices, bidders) in [(open, Self.openPrices, ["bidderA", "bidderB"]),
                                             (awarded, [Self.winnerPrice] + Self.losingPrices, ["winner", "second", "third"])] {
                for (price, bidder) in zip(prices, bidders) {
                    try await t.query("""
                        INSERT INTO bids (office_id, id, tender_id, lot_id, supplier_id, price, received_at)
                        SELECT \(office), \(id("bid/\(bidder)")), id, \(id("lot/\(tender)")), \(id("supplier/\(bidder)")), \(price),
                               tender_deadline - interval '1 day'
                        FROM tenders WHERE id = \(tender)
                        """)
                }
            }
            try await t.query("""
                INSERT INTO tender_documents (office_id, id, tender_id, kind, title, reference, dated) VALUES
                    (\(office), \(id("doc/open/fu")), \(open), 'procurement_documents', 'Förfrågningsunderlag', 'https://upphandling.example/fu/1', swedish_today() - 90),
                    (\(office), \(id("doc/open/eval")), \(open), 'evaluation_report', 'Hemlig utvärderingsrapport', 'UR-1', swedish_today() - 5),
                    (\(office), \(id("doc/awarded/eval")), \(awarded), 'evaluation_report', 'Utvärderingsrapport', 'UR-2', swedish_today() - 100)
                """)

            // The award decision, the winner marked, the standstill over, the contract signed.
            try await t.query("""
                UPDATE tenders SET award_decision_on = swedish_today() - 100, standstill_last_day = swedish_today() - 85
                WHERE id = \(awarded)
                """)
            try await t.query("UPDATE bids SET awarded = true WHERE id = \(id("bid/winner"))")
            try await t.query("UPDATE tenders SET contract_signed_on = swedish_today() - 80 WHERE id = \(awarded)")

            try await t.query("""
                INSERT INTO tenders (office_id, id, title, cpv, contract_type, procedure, framework, planning_from,
                                     notice_published_on, notice_reference, cancelled_on, cancellation_reason)
                VALUES (\(office), \(cancelled), \("\(title) fordonsleasing"), '34100000-8', 'services', 'restricted', false,
                        swedish_today() - 90, swedish_today() - 60, 'TED 2026/S 001-000001', swedish_today() - 10,
                        'Inget anbud uppfyllde kraven.')
                """)

            try await insertContract(t, awardedContract, title: "\(title) kontorsmaterial, avtal", tender: awarded,
                                     value: Money(ore: 50_000_025), supplier: "winner", parties: parties)
            try await t.query("""
                INSERT INTO contract_options (office_id, id, contract_id, ordinal, months)
                VALUES (\(office), \(id("option/1")), \(awardedContract), 1, 12)
                """)
            try await insertContract(t, direct, title: "\(title) direktupphandlad konsult", tender: nil,
                                     value: Money(kronor: 50_000), supplier: "direct", parties: [parties[0]])
            try await insertContract(t, draft, title: "\(title) utkast som aldrig aktiverats", tender: nil,
                                     value: Money(kronor: 40_000), supplier: "draft", parties: [parties[0]], activate: false)
        }
    }

    private func insertTender(_ t: Transaction, _ tender: UUID, title: String, noticeDaysAgo: Int, deadlineDaysAgo: Int) async throws {
        try await t.query("""
            INSERT INTO tenders (office_id, id, title, description, cpv, contract_type, procedure, framework, estimated_value,
                                 planning_from, notice_published_on, notice_reference, tender_deadline, opening_at)
            VALUES (\(officeID), \(tender), \(title), 'Ramavtal', '30192000-1', 'supplies', 'open', true, 800000.50,
                    swedish_today() - \(Int32(noticeDaysAgo + 30)), swedish_today() - \(Int32(noticeDaysAgo)), 'TED 2026/S 100-000100',
                    now() - make_interval(days => \(Int32(deadlineDaysAgo))), now() - make_interval(days => \(Int32(deadlineDaysAgo)), hours => -1))
            """)
        try await t.query("""
            INSERT INTO tender_lots (office_id, id, tender_id, number, title)
            VALUES (\(officeID), \(id("lot/\(tender)")), \(tender), 1, 'Hela uppdraget')
            """)
    }

    private func insertContract(
        _ t: Transaction, _ contract: UUID, title: String, tender: UUID?, value: Money, supplier: String, parties: [UUID],
        activate: Bool = true
    ) async throws {
        try await t.query("""
            INSERT INTO contracts (office_id, id, reference, title, cpv, framework, tender_id, lot_id, start_on, end_on,
                                   estimated_value, call_off_method)
            VALUES (\(officeID), \(contract), \("REF-\(contract.uuidString.prefix(8))"), \(title), '30192000-1', \(tender != nil),
                    \(tender), \(tender.map { id("lot/\($0)") }), swedish_today() - 75, swedish_today() + 650, \(value), 'single_supplier')
            """)
        try await t.query("""
            INSERT INTO contract_suppliers (office_id, id, contract_id, supplier_id)
            VALUES (\(officeID), \(id("cs/\(contract)")), \(contract), \(id("supplier/\(supplier)")))
            """)
        for party in parties {
            try await t.query("""
                INSERT INTO contract_parties (office_id, id, contract_id, organisation_id)
                VALUES (\(officeID), \(id("cp/\(contract)/\(party)")), \(contract), \(party))
                """)
        }
        if activate { try await t.query("UPDATE contracts SET activated_at = now() WHERE id = \(contract)") }
    }
}
