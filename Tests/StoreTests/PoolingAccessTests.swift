import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// Inside the Jämtland office, who sees which plan answers, needs, direct purchases and
/// participants, and who may change them, as the application role with the demo data.
@Suite struct PoolingAccessTests {
    let jamtland = DemoData.jamtland.office.id
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    func acting(_ email: String, _ role: Role) -> Identity {
        let seed = DemoData.jamtland.users.first { $0.user.email.normalized == email }!
        return .user(seed.user.id, of: jamtland, as: seed.roles.first { $0.role == role })
    }

    struct Seen: Equatable, CustomStringConvertible {
        var answers: Int, needs: Int, purchases: Int, participants: Int, pooled: Int, planItems: Int
        var description: String { "answers \(answers), needs \(needs), purchases \(purchases), participants \(participants), pooled \(pooled), plan \(planItems)" }
    }

    func seen(_ store: Database, _ identity: Identity) async throws -> Seen {
        try await store.transaction(as: identity, readOnly: true) { transaction in
            Seen(answers: try await transaction.planAnswers().count, needs: try await transaction.needs().count,
                 purchases: try await transaction.directPurchases().count, participants: try await transaction.participants().count,
                 pooled: try await transaction.pooledProcurements().count, planItems: try await transaction.planItems().count)
        }
    }

    @Test func eachRoleSeesItsOwnMembersVolumesAndTheOfficeSeesAll() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            // Every role sees the two pooled procurements and the published plan; the volumes
            // differ: a member its own (and the fuel procurement's, whose list is published).
            let expected: [(String, Role, Seen)] = [
                ("upphandlare@jamtland.example", .procurer, Seen(answers: 7, needs: 4, purchases: 3, participants: 7, pooled: 2, planItems: 2)),
                ("lasare@jamtland.example", .viewer, Seen(answers: 7, needs: 4, purchases: 3, participants: 7, pooled: 2, planItems: 2)),
                ("krokom@jamtland.example", .coordinator, Seen(answers: 1, needs: 1, purchases: 3, participants: 5, pooled: 2, planItems: 2)),
                ("ostersund@jamtland.example", .coordinator, Seen(answers: 2, needs: 1, purchases: 0, participants: 5, pooled: 2, planItems: 2)),
                ("bestallare.are@jamtland.example", .orderer, Seen(answers: 1, needs: 1, purchases: 0, participants: 4, pooled: 2, planItems: 2)),
                // The committee reads the answers behind the office supplies, whose assignment is
                // on the coming meeting's agenda; nothing else of the members' volumes.
                ("krokom@jamtland.example", .committeeMember, Seen(answers: 4, needs: 0, purchases: 0, participants: 7, pooled: 2, planItems: 2)),
            ]
            for (email, role, want) in expected {
                let got = try await seen(store, acting(email, role))
                #expect(got == want, "\(email) as \(role)")
            }
            // Everyone may know a pooled procurement's size, not its members' volumes.
            let totals = try await store.transaction(as: acting("krokom@jamtland.example", .coordinator), readOnly: true) {
                try await $0.pooledTotals()
            }
            #expect(totals[DemoData.id("pooled/jamtland/kontorsmateriel")] == PooledTotals(
                participants: 3, confirmed: 2, yearlyValue: Money(kronor: 1_330_000)))

            // A draft is the office's until it is published.
            let procurer = acting("upphandlare@jamtland.example", .procurer)
            let draft = PlanItem(
                id: UUID(), title: "Utkast", description: "", cpv: CPVCode("30192000-1")!, contractType: .supplies, law: .lou,
                framework: true, period: try ContractPeriod(start: CalendarDate(year: 2027, month: 9, day: 1)!, months: 24),
                answerDeadline: CalendarDate(year: 2027, month: 1, day: 15)!)
            try await store.transaction(as: procurer) { try await $0.insertPlanItem(draft, createdBy: nil) }
            #expect(try await seen(store, procurer).planItems == 3)
            #expect(try await seen(store, acting("krokom@jamtland.example", .coordinator)).planItems == 2)
        }
    }

    @Test func aCoordinatorChangesOnlyTheirOwnMembersDecision() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let krokom = acting("krokom@jamtland.example", .coordinator)
            let krokomUser = DemoData.id("user/krokom@jamtland.example")
            // Östersund's participation is out of reach: no row changes.
            let ostersundRow = DemoData.id("participant/kontor/2380")
            #expect(try await store.transaction(as: krokom) {
                try await $0.decideParticipation(id: ostersundRow, status: .withdrawn, by: krokomUser)
            } == false)
            // Its own: the decision, yes; the volume, no.
            let ownRow = DemoData.id("participant/kontor/2309")
            await #expect(throws: PostgresError.self) {
                try await store.transaction(as: krokom) { try await $0.query("UPDATE pooled_participants SET yearly_value = 1 WHERE id = \(ownRow)") }
            }
            await #expect(throws: PostgresError.self, "a decision in someone else's name") {
                try await store.transaction(as: krokom) {
                    try await $0.decideParticipation(id: ownRow, status: .confirmed, by: DemoData.id("user/ostersund@jamtland.example"))
                }
            }
            #expect(try await store.transaction(as: krokom) { try await $0.decideParticipation(id: ownRow, status: .confirmed, by: krokomUser) })
            // An answer for another member is refused by the policy.
            await #expect(throws: PostgresError.self) {
                try await store.transaction(as: krokom) { transaction in
                    _ = try await transaction.savePlanAnswer(PlanAnswer(
                        id: UUID(), planItemID: DemoData.id("plan/jamtland/livsmedel"), organisationID: DemoData.id("org/jamtland/2380"),
                        decision: .decline, volume: nil, comment: "", answeredBy: krokomUser, answeredAt: Date()))
                }
            }
            // The committee and the orderer answer nothing; the orderer registers direct purchases.
            let orderer = acting("bestallare.are@jamtland.example", .orderer)
            await #expect(throws: PostgresError.self) {
                try await store.transaction(as: orderer) { transaction in
                    _ = try await transaction.savePlanAnswer(PlanAnswer(
                        id: UUID(), planItemID: DemoData.id("plan/jamtland/livsmedel"), organisationID: DemoData.id("org/jamtland/2321"),
                        decision: .decline, volume: nil, comment: "", answeredBy: DemoData.id("user/bestallare.are@jamtland.example"),
                        answeredAt: Date()))
                }
            }
            // The office pools a need but does not rewrite it.
            let need = DemoData.id("need/2309/snorojning")
            await #expect(throws: PostgresError.self) {
                try await store.transaction(as: acting("upphandlare@jamtland.example", .procurer)) {
                    try await $0.query("UPDATE needs SET yearly_value = 1 WHERE id = \(need)")
                }
            }
        }
    }
}
