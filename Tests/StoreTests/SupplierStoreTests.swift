import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// The supplier register in the database, as the application role with the demo people:
/// who writes suppliers and checks, that a check is recorded only in its maker's own name and
/// never changed, who reads the checks, and that the database's vetting rule is the domain's.
@Suite struct SupplierStoreTests {
    let jamtland = DemoData.jamtland.office.id
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    func acting(_ email: String, _ role: Role, office: DemoData.OfficeSeed = DemoData.jamtland) -> Identity {
        let seed = office.users.first { $0.user.email.normalized == email }!
        return .user(seed.user.id, of: office.office.id, as: seed.roles.first { $0.role == role })
    }

    func user(_ email: String) -> UUID { DemoData.id("user/\(email)") }

    /// An invented organisationsnummer of the tests' own series, `559888NNNC`.
    func number(_ serial: Int) -> String {
        let payload = [5, 5, 9, 8, 8, 8] + String(format: "%03d", serial).map { Int(String($0))! }
        return payload.map(String.init).joined() + String(Luhn.checkDigit(for: payload))
    }

    func check(_ supplier: UUID, _ kind: SupplierCheckKind, by: UUID?, _ result: SupplierCheckResult = .passed,
               on: String = "2026-11-20", until: String = "2027-11-19") -> SupplierCheck {
        SupplierCheck(id: UUID(), supplierID: supplier, kind: kind, checkedOn: CalendarDate(iso: on)!,
                      validUntil: CalendarDate(iso: until)!, result: result, checkedBy: by)
    }

    func refusal(_ body: () async throws -> Void) async -> PostgresError? {
        do { try await body() } catch let error as PostgresError { return error } catch { Issue.record(error) }
        return nil
    }

    @Test func aCheckIsRecordedOnlyInTheSignedInUsersOwnName() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let procurer = acting("upphandlare@jamtland.example", .procurer)
            let supplier = Supplier(id: UUID(), name: "Storbygg AB (test)", nationalID: number(21))
            try await store.transaction(as: procurer) { try await $0.insertSupplier(supplier, createdBy: user("upphandlare@jamtland.example")) }

            // In the controller's name, or in nobody's: refused by the policy.
            for other in [user("controller@jamtland.example"), nil] {
                let error = await refusal {
                    try await store.transaction(as: procurer) { try await $0.insertSupplierCheck(check(supplier.id, .fTax, by: other)) }
                }
                #expect(error?.sqlState == .insufficientPrivilege, "checked_by \(other?.uuidString ?? "NULL")")
            }
            #expect(try await store.transaction(as: procurer, readOnly: true) { try await $0.supplierCheckRecords(supplierID: supplier.id) }.isEmpty)

            // In their own name it is recorded, with their name beside it.
            try await store.transaction(as: procurer) {
                try await $0.insertSupplierCheck(check(supplier.id, .fTax, by: user("upphandlare@jamtland.example")))
            }
            let recorded = try await store.transaction(as: procurer, readOnly: true) { try await $0.supplierCheckRecords(supplierID: supplier.id) }
            let name = DemoData.jamtland.users.first { $0.user.id == user("upphandlare@jamtland.example") }?.user.name
            #expect(recorded.count == 1 && recorded.first?.checkedByName == name && name != nil)
            #expect(recorded.first?.check.checkedBy == user("upphandlare@jamtland.example"))

            // A check, once made, is a record: no role may change or remove it.
            let id = try #require(recorded.first?.check.id)
            for statement: PostgresQuery in [
                "UPDATE supplier_checks SET result = 'failed' WHERE id = \(id)",
                "DELETE FROM supplier_checks WHERE id = \(id)",
            ] {
                let error = await refusal { _ = try await store.transaction(as: procurer) { try await $0.query(statement) } }
                #expect(error?.sqlState == .insufficientPrivilege)
            }

            // The database checks the dates too.
            let backwards = await refusal {
                try await store.transaction(as: procurer) {
                    try await $0.insertSupplierCheck(check(supplier.id, .taxesAndDebts, by: user("upphandlare@jamtland.example"), until: "2026-11-19"))
                }
            }
            #expect(backwards?.sqlState == .checkViolation)
        }
    }

    @Test func membersReadTheRegisterButNeitherWriteItNorReadTheChecks() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let controller = acting("controller@jamtland.example", .controller)
            let supplier = Supplier(id: UUID(), name: "Mellanbygg AB (test)", nationalID: number(22))
            try await store.transaction(as: controller) { transaction in
                try await transaction.insertSupplier(supplier, createdBy: user("controller@jamtland.example"))
                try await transaction.insertSupplierCheck(check(supplier.id, .fTax, by: user("controller@jamtland.example")))
            }

            let krokom = acting("krokom@jamtland.example", .coordinator)
            let (seen, found, checks) = try await store.transaction(as: krokom, readOnly: true) { transaction in
                (try await transaction.supplier(id: supplier.id), try await transaction.suppliers(matching: "mellanbygg"),
                 try await transaction.supplierCheckRecords(supplierID: supplier.id))
            }
            #expect(seen?.name == "Mellanbygg AB (test)")
            #expect(found.map(\.id) == [supplier.id])
            #expect(checks.isEmpty)
            let insert = await refusal {
                try await store.transaction(as: krokom) {
                    try await $0.insertSupplier(Supplier(id: UUID(), name: "Krokoms AB", nationalID: number(23)), createdBy: user("krokom@jamtland.example"))
                }
            }
            #expect(insert?.sqlState == .insufficientPrivilege)
            let checkInsert = await refusal {
                try await store.transaction(as: krokom) {
                    try await $0.insertSupplierCheck(check(supplier.id, .taxesAndDebts, by: user("krokom@jamtland.example")))
                }
            }
            #expect(checkInsert?.sqlState == .insufficientPrivilege)
            #expect(try await store.transaction(as: krokom) { try await $0.updateSupplierName(id: supplier.id, name: "Omdöpt") } == false)

            // The other office sees nothing of it, and cannot attach a check to it.
            let mittnorr = acting("admin@mittnorr.example", .administrator, office: DemoData.mittnorr)
            let (theirs, theirList, theirChecks, theirCleared) = try await store.transaction(as: mittnorr, readOnly: true) { transaction in
                (try await transaction.supplier(id: supplier.id), try await transaction.suppliers(), try await transaction.supplierCheckRecords(),
                 try await transaction.supplierCleared(id: supplier.id, on: Self.today))
            }
            #expect(theirs == nil && !theirList.contains { $0.id == supplier.id } && !theirCleared)
            #expect(!theirChecks.contains { $0.check.supplierID == supplier.id }, "Mittnorr reads its own checks only")
            let across = await refusal {
                try await store.transaction(as: mittnorr) {
                    try await $0.insertSupplierCheck(check(supplier.id, .fTax, by: user("admin@mittnorr.example")))
                }
            }
            #expect(across?.sqlState == .foreignKeyViolation)
        }
    }

    /// The domain's `SupplierVetting` and the database's `supplier_cleared()`, which activating
    /// a contract applies, give the same answer on every day around the checks' dates.
    @Test func theDatabaseClearsASupplierExactlyWhenTheDomainDoes() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let procurer = acting("upphandlare@jamtland.example", .procurer)
            let me = user("upphandlare@jamtland.example")
            let supplier = Supplier(id: UUID(), name: "Jämförbygg AB (test)", nationalID: number(24))
            try await store.transaction(as: procurer) { try await $0.insertSupplier(supplier, createdBy: me) }
            // Each check in a transaction of its own, so that `created_at` orders them.
            let checks = [
                check(supplier.id, .fTax, by: me, on: "2026-01-10", until: "2026-12-31"),
                check(supplier.id, .taxesAndDebts, by: me, on: "2026-01-10", until: "2026-06-30"),
                check(supplier.id, .exclusionGrounds, by: me, on: "2026-01-12", until: "2026-12-31"),
                check(supplier.id, .taxesAndDebts, by: me, .failed, on: "2026-03-02", until: "2026-03-02"),
                check(supplier.id, .taxesAndDebts, by: me, on: "2026-03-16", until: "2026-09-30"),
                // Two of one kind on one day: the later record, failed, decides.
                check(supplier.id, .exclusionGrounds, by: me, on: "2026-08-03", until: "2026-12-31"),
                check(supplier.id, .exclusionGrounds, by: me, .failed, on: "2026-08-03", until: "2026-08-03"),
                check(supplier.id, .references, by: me, .failed, on: "2026-02-01", until: "2026-02-01"),
            ]
            for check in checks {
                try await store.transaction(as: procurer) { try await $0.insertSupplierCheck(check) }
            }
            let recorded = try await store.transaction(as: procurer, readOnly: true) { try await $0.supplierCheckRecords(supplierID: supplier.id) }
            #expect(recorded.count == checks.count)
            var day = CalendarDate(iso: "2026-01-01")!
            var clearedDays = 0
            while day <= CalendarDate(iso: "2027-01-05")! {
                let domain = SupplierVetting.missingChecks(recorded.map(\.check), on: day).isEmpty
                let cleared = try await store.transaction(as: procurer, readOnly: true) { try await $0.supplierCleared(id: supplier.id, on: day) }
                #expect(domain == cleared, "\(day)")
                if cleared { clearedDays += 1 }
                day = day.adding(days: 1)!
            }
            // Cleared from 12 January to 1 March and from 16 March to 2 August.
            #expect(clearedDays == 49 + 140)
        }
    }
}
