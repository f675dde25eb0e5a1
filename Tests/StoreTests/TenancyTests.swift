import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// Row-level security as the application role: one office never sees or touches another's rows.
@Suite struct TenancyTests {
    @Test func anOfficeSeesOnlyItsOwnOrganisations() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let jamtland = DemoData.jamtland.office.id
            let mittnorr = DemoData.mittnorr.office.id
            let seen = try await store.transaction(as: .system(of: jamtland)) { try await $0.organisations() }
            #expect(seen.count == DemoData.jamtland.organisations.count)
            #expect(seen.allSatisfy { $0.officeID == jamtland })

            let other = DemoData.mittnorr.organisations[0]
            let direct = try await store.transaction(as: .system(of: jamtland)) { try await $0.organisation(id: other.id) }
            #expect(direct == nil)

            let counts = try await store.transaction(as: .system(of: jamtland)) { transaction in
                try await transaction.query("""
                    SELECT (SELECT count(*) FROM organisations WHERE office_id = \(mittnorr)),
                           (SELECT count(*) FROM offices)
                    """).single!
            }
            #expect(try counts.decode(0, as: Int.self) == 0)
            #expect(try counts.decode(1, as: Int.self) == 1)
        }
    }

    @Test func noIdentityMeansNoRows() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let counts = try await store.transaction(as: .anonymous) { transaction in
                try await transaction.query("SELECT (SELECT count(*) FROM organisations), (SELECT count(*) FROM offices)").single!
            }
            #expect(try counts.decode(0, as: Int.self) == 0)
            #expect(try counts.decode(1, as: Int.self) == 0)
            // Without any transaction settings at all, too.
            let raw = try await database.applicationPool().withConnection {
                try await $0.query("SELECT count(*) FROM organisations").single!.decode(0, as: Int.self)
            }
            #expect(raw == 0)
            // The public directory is the one way to list offices without an identity.
            let directory = try await store.transaction(as: .anonymous) { try await $0.officeDirectory() }
            #expect(Set(directory.map(\.slug)) == ["jamtland", "mittnorr"])
        }
    }

    @Test func writesIntoAnotherOfficeAreRefusedOrReachNothing() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let jamtland = DemoData.jamtland.office.id
            var intruder = DemoData.mittnorr.organisations[0]
            intruder.id = UUID()
            intruder.organisationNumber = DemoData.organisationNumber(group: 2, serial: 999)
            await #expect {
                try await store.transaction(as: .system(of: jamtland)) { try await $0.insertOrganisation(intruder) }
            } throws: { error in
                (error as? PostgresError)?.sqlState == .insufficientPrivilege
            }
            let victim = DemoData.mittnorr.organisations[0]
            let updated = try await store.transaction(as: .system(of: jamtland)) { transaction in
                try await transaction.query("UPDATE organisations SET name = 'Kapad' WHERE id = \(victim.id)").affectedRows
            }
            #expect(updated == 0)
            let renamedOffices = try await store.transaction(as: .system(of: jamtland)) { transaction in
                try await transaction.query("UPDATE offices SET name = 'Kapad' WHERE id = \(DemoData.mittnorr.office.id)").affectedRows
            }
            #expect(renamedOffices == 0)
            // Moving one's own row into another office is refused as well.
            await #expect(throws: PostgresError.self) {
                try await store.transaction(as: .system(of: jamtland)) { transaction in
                    try await transaction.query("""
                        UPDATE organisations SET office_id = \(DemoData.mittnorr.office.id)
                        WHERE id = \(DemoData.jamtland.organisations[0].id)
                        """)
                }
            }
            let unchanged = try await store.transaction(as: .system(of: DemoData.mittnorr.office.id)) {
                try await $0.organisation(id: victim.id)
            }
            #expect(unchanged?.name == victim.name)
        }
    }

    @Test func demoDataLoadsOnceAndIsComplete() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            let first = try await DemoData.load(into: store, passwordHasher: .forTests)
            #expect(first == DemoData.offices.reduce(0) { $0 + 1 + $1.organisations.count + $1.users.reduce(0) { $0 + 1 + $1.roles.count } }
                + DemoData.poolingRowCount(today: .today) + DemoData.committeeRowCount(today: .today)
                + DemoData.contractRowCount(today: .today) + DemoData.spendRowCount(today: .today))
            let second = try await DemoData.load(into: store, passwordHasher: .forTests)
            #expect(second == 0)
            let jamtland = try await store.transaction(as: .system(of: DemoData.jamtland.office.id)) { try await $0.organisations() }
            #expect(jamtland.filter { $0.kind == .municipality }.count == 8)
            #expect(Set(jamtland.compactMap { $0.kommunkod?.code }) == ["2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"])
        }
    }
}
