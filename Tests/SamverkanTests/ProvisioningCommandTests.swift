import ArgumentParser
import Foundation
import Postgres
import Procurement
@testable import samverkan
import Store
import Testing
import TestSupport

/// An installation set up from the command line alone: office, member, user, role, token,
/// and the audit check, each a real command against a test database.
@Suite struct ProvisioningCommandTests {
    func run(_ arguments: [String], _ database: TestDatabase) async throws {
        var command = try Samverkan.parseAsRoot(arguments + ["--database-url", database.connectionString(database.application)])
        if var command = command as? any AsyncParsableCommand {
            try await command.run()
        } else {
            try command.run()
        }
    }

    @Test func anInstallationIsSetUpFromTheCommandLine() async throws {
        try await TestCluster.shared.withDatabase { database in
            try await run(["office", "create", "--slug", "vasternorrland", "--name", "Upphandling Västernorrland (test)", "--case-prefix", "UV"], database)
            let number = DemoData.organisationNumber(group: 2, serial: 300).formatted
            try await run(["org", "add", "--office", "vasternorrland", "--kind", "municipality", "--name", "Sollefteå kommun",
                           "--organisation-number", number, "--kommunkod", "2283", "--population", "19000", "--member-from", "2026-01-01"], database)
            try await run(["user", "add", "--office", "vasternorrland", "--email", "Samordnare@Solleftea.example", "--name", "Sam Ordnare"], database)
            try await run(["user", "grant", "--office", "vasternorrland", "--email", "samordnare@solleftea.example", "--role", "coordinator", "--org", "2283"], database)
            try await run(["token", "create", "--office", "vasternorrland", "--email", "samordnare@solleftea.example", "--name", "Ekonomisystem"], database)

            let store = await database.database()
            let office = try #require(try await store.transaction(as: .anonymous) { try await $0.officeDirectory() }.first { $0.slug == "vasternorrland" })
            let (users, roles, tokens, organisations) = try await store.transaction(as: .system(of: office.id)) { transaction in
                (try await transaction.users(), try await transaction.roleAssignments(), try await transaction.apiTokens(), try await transaction.organisations())
            }
            #expect(users.map(\.email.normalized) == ["samordnare@solleftea.example"])
            #expect(roles.count == 1 && roles[0].role == .coordinator && roles[0].organisationID == organisations[0].id)
            #expect(tokens.count == 1 && tokens[0].isLive)
            #expect(organisations[0].kommunkod?.code == "2283")

            // Mistakes are refused with a message, and change nothing.
            await #expect(throws: (any Error).self) {
                try await run(["org", "add", "--office", "vasternorrland", "--kind", "municipality", "--name", "X",
                               "--organisation-number", DemoData.organisationNumber(group: 2, serial: 301).formatted,
                               "--kommunkod", "9999", "--member-from", "2026-01-01"], database)
            }
            await #expect(throws: (any Error).self) {
                try await run(["user", "grant", "--office", "vasternorrland", "--email", "samordnare@solleftea.example", "--role", "orderer"], database)
            }
            await #expect(throws: (any Error).self) {
                try await run(["user", "add", "--office", "nowhere", "--email", "a@b.example", "--name", "A"], database)
            }
            #expect(try await store.transaction(as: .system(of: office.id)) { try await $0.organisations() }.count == 1)

            try await run(["token", "revoke", "--office", "vasternorrland", "--id", tokens[0].id.uuidString], database)
            #expect(try await store.transaction(as: .system(of: office.id)) { try await $0.apiTokens() }.first?.isLive == false)
            try await run(["audit", "verify"], database)
        }
    }

    @Test func provisioningCommandsParse() throws {
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["office", "create", "--slug", "Bad Slug", "--name", "X", "--case-prefix", "UK"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["org", "add", "--office", "x", "--kind", "municipality", "--name", "X", "--organisation-number", "212000-2412", "--kommunkod", "2309", "--member-from", "2026-01-01"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["user", "grant", "--office", "x", "--email", "a@b.example", "--role", "king"]) }
        let grant = try #require(try Samverkan.parseAsRoot(["user", "grant", "--office", "jamtland", "--email", "a@b.example", "--role", "committee_member", "--org", "2309"]) as? UserCommand.Grant)
        #expect(grant.role == .committeeMember && grant.organisation == "2309")
        #expect(try Samverkan.parseAsRoot(["audit", "verify", "--office", "jamtland"]) is AuditCommand.Verify)
    }
}
