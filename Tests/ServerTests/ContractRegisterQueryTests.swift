import Foundation
import Postgres
import Procurement
@testable import Server
import Store
import Testing
import TestSupport

/// The contract register costs a fixed number of statements, however many contracts, CPV codes,
/// suppliers, parties and managers it shows (the national benchmark has 5 000 contracts an
/// office), and names them exactly as reading each one by itself would.
@Suite struct ContractRegisterQueryTests {
    let today = CalendarDate.today
    let jamtland = DemoData.jamtland.office.id

    @Test func theRegisterReadsInTheSameStatementsForManyContractsAsForFew() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: today)
            let procurer = try identity("upphandlare@jamtland.example")
            let few = try await register(store, as: procurer)
            #expect(!few.views.isEmpty)

            try await addContracts(40, to: store)
            let many = try await register(store, as: procurer)
            #expect(many.views.count == few.views.count + 40)
            #expect(Set(many.views.map(\.cpv)).count >= Set(few.views.map(\.cpv)).count + 40)
            #expect(many.statements == few.statements)
            // Reading each contract's label and manager by itself, after both directories, cost more.
            let oneByOne = 3 + Set(many.views.map(\.cpv)).count + Set(many.views.compactMap(\.manager?.id)).count
            #expect(many.statements < oneByOne)
            // The contracts, then their suppliers, parties, CPV labels and managers: one each.
            #expect(many.statements <= 5)
        }
    }

    @Test func theRegisterNamesWhatItShowsAsReadingOneByOneWould() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: today)
            try await addContracts(12, to: store)
            let identities = [
                try identity("upphandlare@jamtland.example"), try identity("krokom@jamtland.example", role: .coordinator),
                Identity.publicReader(of: jamtland),
            ]
            for identity in identities {
                try await store.transaction(as: identity, readOnly: true) { transaction in
                    let views = try await ContractReader(transaction: transaction, today: today).contracts()
                    #expect(!views.isEmpty, "\(identity.acting)")
                    try await expectNamedOneByOne(views, in: transaction)
                    for view in views {
                        let single = try #require(try await ContractReader(transaction: transaction, today: today).contract(id: view.id))
                        #expect(single.cpvLabel == view.cpvLabel && single.manager?.name == view.manager?.name)
                        #expect(single.suppliers.map(\.name) == view.suppliers.map(\.name))
                        #expect(single.parties.map(\.name) == view.parties.map(\.name))
                    }
                }
            }
        }
    }

    // MARK: - Helpers

    func identity(_ email: String, role: Role? = nil) throws -> Identity {
        let person = try #require(DemoData.jamtland.users.first { $0.user.email.normalized == email })
        let assignment = try #require(person.roles.first { role == nil || $0.role == role })
        return .user(person.user.id, of: jamtland, as: assignment)
    }

    func register(_ store: Database, as identity: Identity) async throws -> (views: [ContractViews.ContractView], statements: Int) {
        try await store.transaction(as: identity, readOnly: true) { transaction in
            let before = transaction.connection.statementsSent
            let views = try await ContractReader(transaction: transaction, today: today).contracts()
            return (views, transaction.connection.statementsSent - before)
        }
    }

    /// What the reader used to do for each contract: the label, the manager's name, and the
    /// suppliers and parties from the whole directories, each as the identity sees them.
    func expectNamedOneByOne(_ views: [ContractViews.ContractView], in transaction: Transaction) async throws {
        let suppliers = try await transaction.supplierDirectory()
        let organisations = Dictionary(uniqueKeysWithValues: try await transaction.organisations().map { ($0.id, $0.name) })
        for view in views {
            #expect(view.cpvLabel == (try await transaction.cpv(view.cpv)?.labelSV ?? ""), "\(view.reference)")
            if let manager = view.manager {
                #expect(manager.name == (try await transaction.officeContactName(userID: manager.id) ?? ""), "\(view.reference)")
            }
            for supplier in view.suppliers {
                let known = suppliers[supplier.id]
                #expect(supplier.name == known?.name ?? "Okänd leverantör")
                #expect(supplier.country == known?.country ?? "" && supplier.nationalID == known?.nationalID ?? "")
            }
            #expect(view.parties.map(\.name) == view.parties.map { organisations[$0.id] ?? "Okänd organisation" })
            #expect(view.parties.map(\.name) == view.parties.map(\.name).sorted())
        }
    }

    /// Direct awards below the documentation limit, each in a CPV category of its own, spread
    /// over the demo's cleared suppliers, its members and two managers; every other one active.
    func addContracts(_ count: Int, to store: Database) async throws {
        let suppliers = ["fjallbransle", "jamtkontor", "norrfrukt", "arkivkonsult"].map { DemoData.id("supplier/jamtland/\($0)") }
        let organisations = DemoData.jamtland.organisations.map(\.id)
        let managers = ["upphandlare", "controller"].map { DemoData.id("user/\($0)@jamtland.example") }
        try await store.transaction(as: .system(of: jamtland)) { transaction in
            let used = Set(try await transaction.contracts().map(\.cpv.digits))
            let codes = try await transaction.query("SELECT code FROM cpv_codes ORDER BY code").compactMap { row in
                CPVCode(try row.decode(0, as: String.self))
            }.filter { !used.contains($0.digits) }.prefix(count)
            for (index, code) in codes.enumerated() {
                let contract = Contract(
                    id: UUID(), reference: "N1-\(index)", title: "Avtal \(index)", cpv: code, framework: false,
                    start: today.adding(days: -index)!, end: today.adding(days: 400 + index)!, estimatedValue: Money(kronor: 50_000),
                    callOffMethod: .renewedCompetition, managerID: managers[index % managers.count],
                    supplierIDs: [suppliers[index % suppliers.count], suppliers[(index + 1) % suppliers.count]],
                    partyIDs: [organisations[index % organisations.count], organisations[(index + 3) % organisations.count]])
                try await transaction.insertContract(contract, ranked: false, createdBy: nil)
                if index.isMultiple(of: 2) { #expect(try await transaction.activateContract(id: contract.id)) }
            }
        }
    }
}
