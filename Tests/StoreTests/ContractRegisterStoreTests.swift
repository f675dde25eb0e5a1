import Foundation
import Procurement
import Store
import Testing
import TestSupport

/// The batched reads behind the contract register find what the one-at-a-time reads find, as
/// the same identity, and no more.
@Suite struct ContractRegisterStoreTests {
    let jamtland = DemoData.jamtland.office.id

    @Test func cpvLabelsFindWhatCPVFinds() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await store.transaction(as: .anonymous, readOnly: true) { transaction in
                let texts = [
                    "30192000-1", "30192000-9", " 30192000 ", "30192000", "09000000", "3019", "abcdefgh", "99999999", "30192000-1x", "",
                ]
                let labels = try await transaction.cpvLabels(texts)
                for text in texts {
                    #expect(labels[text] == (try await transaction.cpv(text))?.labelSV, "\(text)")
                }
                #expect(labels["30192000-1"] != nil && labels["30192000-9"] == nil)
                #expect(try await transaction.cpvLabels([]).isEmpty)
            }
        }
    }

    @Test func batchedNamesAreThoseTheIdentitySees() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let procurer = DemoData.id("user/upphandlare@jamtland.example")
            let member = try #require(DemoData.jamtland.users.first { $0.user.email.normalized == "krokom@jamtland.example" })
            let strangers = [UUID(), DemoData.mittnorr.organisations[0].id]
            let identities: [Identity] = [
                .system(of: jamtland), .user(member.user.id, of: jamtland, as: member.roles.first), .publicReader(of: jamtland),
            ]
            for identity in identities {
                try await store.transaction(as: identity, readOnly: true) { transaction in
                    let organisations = DemoData.jamtland.organisations.map(\.id) + strangers
                    let seen = try await transaction.organisations(ids: organisations)
                    let all = try await transaction.organisations()
                    #expect(Set(seen.map(\.id)) == Set(all.map(\.id)).intersection(organisations), "\(identity.acting)")

                    let directory = try await transaction.supplierDirectory()
                    let suppliers = try await transaction.supplierDirectory(ids: Array(directory.keys.prefix(3)) + strangers)
                    #expect(suppliers == directory.filter { suppliers.keys.contains($0.key) } && suppliers.count == min(3, directory.count))

                    let users = DemoData.jamtland.users.map(\.user.id) + strangers
                    let names = try await transaction.officeContactNames(userIDs: users)
                    for user in users {
                        #expect(names[user] == (try await transaction.officeContactName(userID: user)), "\(identity.acting) \(user)")
                    }
                    // Staff are named to those inside the office, and to nobody outside it.
                    #expect((names[procurer] != nil) == (identity.acting != .publicReader), "\(identity.acting)")
                }
            }
        }
    }
}
