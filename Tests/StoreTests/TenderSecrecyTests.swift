import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// Tender secrecy (OSL 19 kap. 3 §) as the database enforces it, on time and role, with the
/// demo data: before the opening nobody reads a bid, nor learns how many there are; until the
/// award decision only the office's staff; then everyone signed in to the office. And the
/// opening cannot be moved to read them earlier.
@Suite struct TenderSecrecyTests {
    let jamtland = DemoData.jamtland.office.id
    let food = DemoData.id("tender/jamtland/livsmedel")

    func acting(_ email: String, _ role: Role) -> Identity {
        let seed = DemoData.jamtland.users.first { $0.user.email.normalized == email }!
        return .user(seed.user.id, of: jamtland, as: seed.roles.first { $0.role == role })
    }

    var procurer: Identity { acting("upphandlare@jamtland.example", .procurer) }

    /// Every way of acting in Jämtland: the public, the system, each demo person in each role.
    func everyone() -> [(String, Identity)] {
        var result: [(String, Identity)] = [("public", .publicReader(of: jamtland)), ("system", .system(of: jamtland))]
        for person in DemoData.jamtland.users {
            for role in person.roles {
                result.append(("\(person.user.email) as \(role.role.rawValue)", .user(person.user.id, of: jamtland, as: role)))
            }
        }
        return result
    }

    struct Seen: Equatable { var rows: Int; var published: Int }

    /// The bids of a tender the identity reads, and how many the published counts say it had.
    func visibleBids(_ store: Database, _ identity: Identity, tender: UUID) async throws -> Seen {
        try await store.transaction(as: identity, readOnly: true) { transaction in
            let counted: Int = try await transaction.query("SELECT count(*) FROM bids WHERE tender_id = \(tender)").single!.decode(0)
            #expect(try await transaction.bids(tenderID: tender).count == counted)
            let lots = Set(try await transaction.lots(tenderID: tender).map(\.id))
            let published = try await transaction.awardedBidCounts().filter { lots.contains($0.key) }.values.reduce(0, +)
            return Seen(rows: counted, published: published)
        }
    }

    func refusal(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as PostgresError {
            return error.constraint ?? error.sqlState?.code
        } catch {
            return "\(error)"
        }
    }

    @Test func beforeTheOpeningNobodyReadsABidNorTheirNumber() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            // The bids are there: the superuser, who bypasses row-level security, counts them.
            let stored = try await database.superuserPool().withConnection { connection in
                try await connection.query("SELECT count(*) FROM bids WHERE tender_id = \(food)").single!.decode(0, as: Int.self)
            }
            #expect(stored == 3)
            for (name, identity) in everyone() {
                #expect(try await visibleBids(store, identity, tender: food) == Seen(rows: 0, published: 0), "\(name) learns of bids before the opening")
            }
            // The audit trail says a bid was registered, never by whom or at what price.
            let trail = try await store.transaction(as: acting("controller@jamtland.example", .controller), readOnly: true) { transaction in
                try await transaction.query("""
                    SELECT count(*), count(*) FILTER (WHERE after ? 'price' OR after ? 'supplier_id') FROM audit_events
                    WHERE entity = 'bids'
                    """).single!
            }
            #expect(try trail.decode(0, as: Int.self) > 0)
            #expect(try trail.decode(1, as: Int.self) == 0)
        }
    }

    @Test func afterTheOpeningTheOfficeReadsThemAndAfterTheAwardTheMembersToo() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let now = Date()
            let tender = Tender(
                id: UUID(), title: "Städtjänster", cpv: CPVCode("90910000-9")!, contractType: .services, procedure: .open, framework: true,
                schedule: TenderSchedule(
                    planningFrom: .today.adding(days: -60)!, noticePublishedOn: .today.adding(days: -40)!, noticeReference: "TED (test)",
                    tenderDeadline: now.addingTimeInterval(-7200), openingAt: now.addingTimeInterval(-3600)))
            let lot = Lot(id: UUID(), tenderID: tender.id, number: 1, title: "Städning")
            let suppliers = try await store.transaction(as: procurer) { Array(try await $0.supplierDirectory().keys.sorted().prefix(2)) }
            try await store.transaction(as: procurer) { transaction in
                try await transaction.insertTender(tender, createdBy: nil)
                try await transaction.insertLot(lot)
                for (index, supplier) in suppliers.enumerated() {
                    try await transaction.insertBid(
                        Bid(id: UUID(), tenderID: tender.id, lotID: lot.id, supplierID: supplier, price: Money(kronor: Int64(100_000 + index)),
                            receivedAt: now.addingTimeInterval(-10_000)),
                        registeredBy: DemoData.id("user/upphandlare@jamtland.example"))
                }
            }
            let staff: Set<String> = ["system", "admin@jamtland.example as administrator", "upphandlare@jamtland.example as procurer",
                                      "controller@jamtland.example as controller"]
            for (name, identity) in everyone() {
                #expect(try await visibleBids(store, identity, tender: tender.id) == Seen(rows: staff.contains(name) ? 2 : 0, published: 0),
                        "\(name) before the award")
            }
            // The award decision: the members and the committee read the bids; the public only
            // learns how many there were.
            try await store.transaction(as: procurer) { transaction in
                var awarded = try #require(try await transaction.lockTender(id: tender.id))
                awarded.schedule.awardDecisionOn = .today
                try await transaction.updateTender(awarded)
                let winner = try await transaction.bids(tenderID: tender.id).first!.id
                #expect(try await transaction.markAwardedBids(tenderID: tender.id, winners: [winner]) == 1)
            }
            for (name, identity) in everyone() {
                let expected = Seen(rows: name == "public" ? 0 : 2, published: 2)
                #expect(try await visibleBids(store, identity, tender: tender.id) == expected, "\(name) after the award")
            }
            // A bid once the award is made, and one arriving late, are refused by the database.
            let late = await refusal {
                try await store.transaction(as: procurer) { transaction in
                    try await transaction.insertBid(
                        Bid(id: UUID(), tenderID: tender.id, lotID: lot.id, supplierID: suppliers[0], price: Money(kronor: 1), receivedAt: now),
                        registeredBy: DemoData.id("user/upphandlare@jamtland.example"))
                }
            }
            #expect(late == "bids_tender_open")
        }
    }

    @Test func theOpeningCannotBeMovedToReadTheBidsEarly() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let earlier = await refusal {
                try await store.transaction(as: procurer) { transaction in
                    var tender = try #require(try await transaction.lockTender(id: food))
                    tender.schedule.openingAt = Date().addingTimeInterval(-60)
                    try await transaction.updateTender(tender)
                }
            }
            #expect(earlier == "tenders_opening_past")
            // Moving it later is allowed while it is ahead; a bid after the deadline is not.
            try await store.transaction(as: procurer) { transaction in
                var tender = try #require(try await transaction.lockTender(id: food))
                tender.schedule.openingAt = tender.schedule.openingAt!.addingTimeInterval(3600)
                try await transaction.updateTender(tender)
            }
            let afterDeadline = await refusal {
                try await store.transaction(as: procurer) { transaction in
                    try await transaction.insertBid(
                        Bid(id: UUID(), tenderID: food, lotID: DemoData.id("lot/jamtland/livsmedel/2"),
                            supplierID: DemoData.id("supplier/jamtland/jamtkontor"), price: Money(kronor: 10), receivedAt: Date()),
                        registeredBy: DemoData.id("user/upphandlare@jamtland.example"))
                }
            }
            #expect(afterDeadline == "bids_deadline")
            // A member's coordinator registers no bid at all.
            let member = await refusal {
                try await store.transaction(as: acting("krokom@jamtland.example", .coordinator)) { transaction in
                    try await transaction.insertBid(
                        Bid(id: UUID(), tenderID: food, lotID: DemoData.id("lot/jamtland/livsmedel/2"),
                            supplierID: DemoData.id("supplier/jamtland/jamtkontor"), price: Money(kronor: 10),
                            receivedAt: Date().addingTimeInterval(-200_000)),
                        registeredBy: DemoData.id("user/krokom@jamtland.example"))
                }
            }
            #expect(member == SQLState.insufficientPrivilege.code)
        }
    }
}
