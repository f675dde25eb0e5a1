import Foundation
import Postgres
import Procurement
import SpendFiles
import Store
import Testing
import TestSupport

/// The spend import as the application role: PEPPOL examples and CSV exports in, credit
/// notes lowering spend, the same file twice adding nothing, bad files refused with nothing
/// kept, matching to contracts, and members seeing only their own spend.
@Suite struct SpendImportTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!
    let jamtland = DemoData.jamtland.office.id

    func acting(_ email: String, _ role: Role, office: DemoData.OfficeSeed = DemoData.jamtland) -> Identity {
        let seed = office.users.first { $0.user.email.normalized == email }!
        return .user(seed.user.id, of: office.office.id, as: seed.roles.first { $0.role == role })
    }

    func org(_ code: String) -> UUID { DemoData.id("org/jamtland/\(code)") }

    static var peppolFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/testdata/peppol")
    }

    func peppol(_ name: String) throws -> SpendFileUpload {
        SpendFileUpload(name: name, bytes: Array(try Data(contentsOf: Self.peppolFolder.appendingPathComponent(name))))
    }

    func csv(_ name: String, _ text: String) -> SpendFileUpload {
        SpendFileUpload(name: name, bytes: Array(text.utf8))
    }

    func importing(_ store: Database, as identity: Identity, _ organisation: UUID, _ files: [SpendFileUpload]) async throws -> SpendImportSummary {
        try await store.transaction(as: identity) { try await $0.importSpend(organisationID: organisation, files: files, importedBy: identity.userID) }
    }

    func refusal(_ body: () async throws -> Void) async -> SpendImportError? {
        do { try await body() } catch let error as SpendImportError { return error } catch { Issue.record(error) }
        return nil
    }

    func invoiceCount(_ store: Database, as identity: Identity) async throws -> Int {
        try await store.transaction(as: identity, readOnly: true) {
            try await $0.query("SELECT count(*)::integer FROM spend_invoices").single!.decode(0)
        }
    }

    @Test func thePEPPOLExamplesImportAndACreditNoteLowersTheSpend() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            let before = try await invoiceCount(store, as: controller)

            let first = try await importing(store, as: controller, org("2309"), [try peppol("base-example.xml"), try peppol("vat-category-E.xml")])
            #expect(first.invoicesAdded == 2)
            #expect(first.otherCurrencies == ["EUR": Money(kronor: 1325), "GBP": Money(kronor: 1200)])
            #expect(first.amountSEK == .zero)
            let credit = try await importing(store, as: controller, org("2309"), [try peppol("base-creditnote-correction.xml")])
            #expect(credit.invoicesAdded == 1)
            #expect(credit.otherCurrencies == ["EUR": Money(kronor: -1325)])
            let net: Money = try await store.transaction(as: controller, readOnly: true) {
                try await $0.query("""
                    SELECT sum(amount) FROM spend_months WHERE organisation_id = \(org("2309")) AND supplier_key = '0088:9482348239847239874'
                    """).single!.decode(0)
            }
            #expect(net == .zero)

            // Again: nothing added, no import recorded.
            let again = try await importing(store, as: controller, org("2309"), [try peppol("base-example.xml"), try peppol("base-creditnote-correction.xml")])
            #expect(again.importID == nil && again.invoicesAdded == 0 && again.invoicesSkipped == 2)
            #expect(try await invoiceCount(store, as: controller) == before + 3)

            // Two different invoices "Snippet1" from one supplier: the second conflicts.
            _ = try await importing(store, as: controller, org("2309"), [try peppol("Allowance-example.xml")])
            let conflict = await refusal { _ = try await importing(store, as: controller, org("2309"), [try peppol("Vat-category-S.xml")]) }
            guard case .invoiceConflicts(let number, _, let file, _, _) = conflict else { Issue.record("\(String(describing: conflict))"); return }
            #expect(number == "Snippet1" && file == "Vat-category-S.xml")
            // In two files of one import, for another member: refused as well, nothing kept.
            let twice = await refusal {
                _ = try await importing(store, as: controller, org("2380"), [try peppol("Allowance-example.xml"), try peppol("Vat-category-S.xml")])
            }
            guard case .invoiceInTwoFiles = twice else { Issue.record("\(String(describing: twice))"); return }
            #expect(try await invoiceCount(store, as: controller) == before + 4)
        }
    }

    static let header = "Leverantörens organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto\n"
    /// Fjällbränsle AB (demo), on the fuel framework from 2025-04-01, and Norrdrivmedel, not on it.
    static let fuelSupplier = DemoData.organisationNumber(group: 5, serial: 501).formatted
    static let otherFuelSupplier = DemoData.organisationNumber(group: 5, serial: 502).formatted

    /// Härjedalen (2361): party to the fuel framework, without spend in the demo.
    var harjedalen: UUID { org("2361") }

    func invoiceCount(_ store: Database, as identity: Identity, of organisation: UUID) async throws -> Int {
        try await store.transaction(as: identity, readOnly: true) {
            try await $0.query("SELECT count(*)::integer FROM spend_invoices WHERE organisation_id = \(organisation)").single!.decode(0)
        }
    }

    @Test func aCSVExportIsMatchedToTheContractAndCompliancePerMonthFollows() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            let file = csv("reskontra.csv", Self.header + """
                \(Self.fuelSupplier);Fjällbränsle AB;T-1;2025-05-10;10 000,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;T-2;2025-05-20;2 500,50;5611
                \(Self.otherFuelSupplier);Norrdrivmedel AB;N-1;2025-05-15;1 000,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;T-0;2025-03-15;4 000,00;5611
                5560360793;Kafferosteriet AB;K-1;2025-05-02;700,00;4990
                """)
            let summary = try await importing(store, as: controller, harjedalen, [file])
            #expect(summary.invoicesAdded == 5 && summary.linesAdded == 5)
            #expect(summary.amountSEK == Money(decimal: "18200.50"))
            #expect(summary.matchedSEK == Money(decimal: "12500.50"), "May's Fjällbränsle invoices; March is before the contract")

            let year2025 = (from: CalendarDate(iso: "2025-01-01")!, to: CalendarDate(iso: "2025-12-31")!)
            let cells = try await store.transaction(as: controller, readOnly: true) {
                try await $0.compliance(from: year2025.from, to: year2025.to, organisationID: harjedalen)
            }
            let may = cells.filter { $0.month == CalendarDate(iso: "2025-05-01")! }.reduce(Compliance()) { $0 + $1.figures }
            #expect(may.total == Money(decimal: "14200.50"))
            #expect(may.contracted == Money(decimal: "12500.50"))
            #expect(may.addressable == Money(decimal: "13500.50"), "fuel (account 5611, CPV group 091) had a contract in May; coffee (4990) has no category")
            #expect(may.percentText == "92,6\u{00A0}%")
            let march = cells.filter { $0.month == CalendarDate(iso: "2025-03-01")! }.reduce(Compliance()) { $0 + $1.figures }
            #expect(march.addressable == .zero && march.total == Money(kronor: 4000))

            let leakage = try await store.transaction(as: controller, readOnly: true) {
                try await $0.supplierSpend(from: year2025.from, to: year2025.to, organisationID: harjedalen, offContractOnly: true, limit: 10)
            }
            #expect(leakage.map(\.supplierName) == ["Norrdrivmedel AB"])
            #expect(leakage.first?.leakage == Money(kronor: 1000))

            // Another member's coordinator and the committee see none of Härjedalen's invoices.
            let krokom = acting("krokom@jamtland.example", .coordinator)
            #expect(try await invoiceCount(store, as: krokom, of: harjedalen) == 0)
            #expect(try await invoiceCount(store, as: krokom, of: org("2309")) > 0, "its own, from the demo")
            let chair = acting("ordforande@jamtland.example", .committeeChair)
            #expect(try await invoiceCount(store, as: chair, of: harjedalen) == 0)
            // The committee gets the aggregates.
            let committeeCells = try await store.transaction(as: chair, readOnly: true) {
                try await $0.compliance(from: year2025.from, to: year2025.to, organisationID: harjedalen)
            }
            #expect(committeeCells.reduce(Compliance()) { $0 + $1.figures }.total == Money(decimal: "18200.50"))
            // Krokom's coordinator asking for Härjedalen's figures gets nothing, nor may it import for it.
            let peeking = try await store.transaction(as: krokom, readOnly: true) {
                try await $0.compliance(from: year2025.from, to: year2025.to, organisationID: harjedalen)
            }
            #expect(peeking.isEmpty)
            let refused = await refusal { _ = try await importing(store, as: krokom, harjedalen, [file]) }
            #expect(refused == .notAllowed)
            // Mittnorr sees nothing of it at all.
            let mittnorr = acting("admin@mittnorr.example", .administrator, office: DemoData.mittnorr)
            #expect(try await invoiceCount(store, as: mittnorr, of: harjedalen) == 0)
        }
    }

    /// A file with invoices stored already and new ones: the stored are skipped with their
    /// lines, the new come in whole, and the rollup counts each line once.
    @Test func storedInvoicesAreSkippedWithTheirLinesBesideNewOnes() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            let first = Self.header + """
                \(Self.fuelSupplier);Fjällbränsle AB;S-1;2025-05-10;100,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;S-1;2025-05-10;50,00;5611
                """
            _ = try await importing(store, as: controller, harjedalen, [csv("forsta.csv", first)])
            let second = first + """

                \(Self.otherFuelSupplier);Norrdrivmedel AB;S-2;2025-05-11;30,00;5611
                \(Self.otherFuelSupplier);Norrdrivmedel AB;S-2;2025-05-11;20,00;5611
                \(Self.otherFuelSupplier);Norrdrivmedel AB;S-2;2025-05-11;10,00;5611
                """
            let summary = try await importing(store, as: controller, harjedalen, [csv("andra.csv", second)])
            #expect(summary.invoicesAdded == 1 && summary.invoicesSkipped == 1 && summary.linesAdded == 3)
            #expect(summary.amountSEK == Money(kronor: 60))
            let (lines, rollupLines, rollup): (Int, Int, Money) = try await store.transaction(as: controller, readOnly: true) {
                let row = try await $0.query("""
                    SELECT (SELECT count(*)::integer FROM spend_lines WHERE organisation_id = \(harjedalen)),
                           (SELECT sum(lines)::integer FROM spend_months WHERE organisation_id = \(harjedalen)),
                           (SELECT sum(amount) FROM spend_months WHERE organisation_id = \(harjedalen))
                    """).single!
                return (try row.decode(0), try row.decode(1), try row.decode(2))
            }
            #expect(lines == 5 && rollupLines == 5 && rollup == Money(kronor: 210))
        }
    }

    @Test func aBadFileIsRefusedWithItsLineAndNothingIsKept() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            let before = try await invoiceCount(store, as: controller)
            let good = csv("bra.csv", Self.header + "\(Self.fuelSupplier);Fjällbränsle AB;G-1;2025-05-10;100,00;5611\n")
            let bad = csv("dalig.csv", Self.header + """
                \(Self.fuelSupplier);Fjällbränsle AB;B-1;2025-05-10;100,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;B-2;2025-05-11;tolv;5611
                """)
            let error = await refusal { _ = try await importing(store, as: controller, org("2309"), [good, bad]) }
            guard case .unreadable(let file, let problem) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(file == "dalig.csv" && problem.line == 3)
            #expect(try await invoiceCount(store, as: controller) == before)

            var truncated = try peppol("base-example.xml")
            truncated.bytes = Array(truncated.bytes.prefix(truncated.bytes.count / 2))
            let cut = await refusal { _ = try await importing(store, as: controller, org("2309"), [good, truncated]) }
            guard case .unreadable("base-example.xml", _) = cut else { Issue.record("\(String(describing: cut))"); return }
            #expect(try await invoiceCount(store, as: controller) == before)
        }
    }

    @Test func anActivatedContractMatchesSpendImportedBefore() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            // Åre's snow clearing: a draft direct award whose supplier lacks checks.
            let snow = DemoData.organisationNumber(group: 5, serial: 510).formatted
            _ = try await importing(store, as: controller, org("2321"), [csv("are.csv", Self.header + "\(snow);Snöröj Norr AB;S-1;2026-12-20;50 000,00;5191\n")])
            let matched: () async throws -> Money = {
                try await store.transaction(as: controller, readOnly: true) {
                    try await $0.query("SELECT coalesce(sum(amount), 0) FROM spend_months WHERE contract_id = \(DemoData.id("contract/jamtland/snorojning"))").single!.decode(0)
                }
            }
            #expect(try await matched() == .zero)
            let contractID = DemoData.id("contract/jamtland/snorojning")
            try await store.transaction(as: .system(of: jamtland)) { transaction in
                try await transaction.query("""
                    INSERT INTO supplier_checks (office_id, id, supplier_id, kind, checked_on, valid_until, result)
                    SELECT \(jamtland), gen_random_uuid(), \(DemoData.id("supplier/jamtland/snorojning")), k::supplier_check_kind,
                           swedish_today(), swedish_today() + 300, 'passed'
                      FROM unnest(ARRAY['f_tax', 'taxes_and_debts', 'exclusion_grounds']) k
                    """)
                #expect(try await transaction.activateContract(id: contractID))
            }
            #expect(try await matched() == Money(kronor: 50_000))
        }
    }

    /// The spend tables' references are checked once per statement (Schema/0011), as keys would
    /// check them row by row, and a little more strictly: a line needs an invoice of its own
    /// organisation, an invoice an import of its own, and a parent still referred to is neither
    /// removed nor re-keyed, not even by a role past row-level security.
    @Test func spendRowsNeedTheirParentsOfTheSameOrganisation() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            let ostersund = org("2380"), harjedalen = org("2361")
            let summary = try await importing(
                store, as: controller, ostersund,
                [csv("a.csv", Self.header + "\(Self.fuelSupplier);Fjällbränsle AB;REF-1;2025-05-10;100,00;5611\n")])
            let importID = try #require(summary.importID)
            let invoice: UUID = try await store.transaction(as: controller, readOnly: true) {
                try await $0.query("SELECT id FROM spend_invoices WHERE import_id = \(importID)").single!.decode(0)
            }
            func refusal(of statement: PostgresQuery) async -> SQLState? {
                do {
                    try await store.transaction(as: controller) { _ = try await $0.query(statement) }
                    return nil
                } catch let error as PostgresError { return error.sqlState } catch { Issue.record(error); return nil }
            }
            let line: (UUID, Int, UUID) -> PostgresQuery = { invoice, number, organisation in
                "INSERT INTO spend_lines (office_id, invoice_id, line_no, organisation_id, amount) VALUES (\(jamtland), \(invoice), \(number), \(organisation), 1)"
            }
            #expect(await refusal(of: line(UUID(), 1, ostersund)) == .foreignKeyViolation, "no such invoice")
            #expect(await refusal(of: line(invoice, 2, harjedalen)) == .foreignKeyViolation, "another member's invoice")
            #expect(await refusal(of: line(invoice, 2, ostersund)) == nil, "its own invoice")
            #expect(await refusal(of: """
                INSERT INTO spend_invoices (office_id, id, organisation_id, import_id, supplier_key, supplier_name, number, kind,
                                            invoice_date, currency, amount, line_count, fingerprint)
                VALUES (\(jamtland), \(UUID()), \(harjedalen), \(importID), '5560000001', 'X', 'REF-2', 'invoice', '2025-05-10', 'SEK', 1, 1, 'x')
                """) == .foreignKeyViolation, "another member's import")

            try await database.superuserPool().withConnection { connection in
                let refused: [PostgresQuery] = [
                    "DELETE FROM spend_invoices WHERE id = \(invoice)", "UPDATE spend_invoices SET id = \(UUID()) WHERE id = \(invoice)",
                    "DELETE FROM spend_imports WHERE id = \(importID)", "TRUNCATE spend_invoices",
                ]
                for statement in refused {
                    do {
                        try await connection.query(statement)
                        Issue.record("went through: \(statement.sql)")
                    } catch let error as PostgresError { #expect(error.sqlState == .foreignKeyViolation, "\(statement.sql)") }
                }
                // Children first, then the parents: as with keys.
                try await connection.query("DELETE FROM spend_lines WHERE invoice_id = \(invoice)")
                try await connection.query("DELETE FROM spend_invoices WHERE id = \(invoice)")
                try await connection.query("DELETE FROM spend_imports WHERE id = \(importID)")
            }
        }
    }
}
