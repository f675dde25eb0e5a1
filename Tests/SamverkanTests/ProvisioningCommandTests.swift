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

    @Test func thresholdsAreCompletedAndExtendedFromTheCommandLine() async throws {
        try await TestCluster.shared.withDatabase { database in
            try await run(["office", "create", "--slug", "provkontor", "--name", "Provkontoret (test)", "--case-prefix", "PK"], database)
            let store = await database.database()
            let missing = try #require(try await store.transaction(as: .anonymous) { try await $0.thresholds() }.first {
                $0.threshold.sek == nil && $0.threshold.kind == .works
            })
            try await run(["threshold", "set-sek", "--office", "provkontor", "--id", missing.id.uuidString, "--sek", "58000000"], database)
            await #expect(throws: (any Error).self, "an amount once entered stays") {
                try await run(["threshold", "set-sek", "--office", "provkontor", "--id", missing.id.uuidString, "--sek", "1"], database)
            }
            try await run(["threshold", "add", "--office", "provkontor", "--law", "LOU", "--kind", "direct_award", "--buyer", "all",
                           "--valid-from", "2028-01-01", "--sek", "750000", "--source", "Prov (test)"], database)
            let thresholds = try await store.transaction(as: .anonymous) { try await $0.thresholds() }
            #expect(thresholds.first { $0.id == missing.id }?.threshold.sek == Money(kronor: 58_000_000))
            #expect(thresholds.contains { $0.threshold.validFrom == CalendarDate(year: 2028, month: 1, day: 1)! && $0.threshold.sek == Money(kronor: 750_000) })
            // Both are in the office's audit trail, and the chain holds.
            let office = try #require(try await store.transaction(as: .anonymous) { try await $0.officeDirectory() }.first { $0.slug == "provkontor" })
            let events = try await store.transaction(as: .system(of: office.id)) { try await $0.auditEvents() }
            #expect(events.filter { $0.entity == "thresholds" }.count == 2)
            try await run(["audit", "verify", "--office", "provkontor"], database)
        }
    }

    @Test func thresholdCommandsParse() throws {
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["threshold", "set-sek", "--office", "x", "--id", "nope", "--sek", "1"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["threshold", "set-sek", "--office", "x", "--id", UUID().uuidString, "--sek", "-5"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["threshold", "add", "--office", "x", "--law", "LOU", "--kind", "works", "--buyer", "all", "--valid-from", "2028-01-01", "--source", "S"]) }
        #expect(throws: (any Error).self) { try Samverkan.parseAsRoot(["threshold", "add", "--office", "x", "--law", "EU", "--kind", "works", "--buyer", "all", "--valid-from", "2028-01-01", "--eur", "5", "--source", "S"]) }
        let add = try #require(try Samverkan.parseAsRoot(["threshold", "add", "--office", "x", "--law", "LUF", "--kind", "supplies_services", "--buyer", "all", "--valid-from", "2028-01-01", "--eur", "443000", "--source", "S"]) as? ThresholdCommand.Add)
        #expect(add.law == .luf && add.kind == .suppliesServices && add.eur == 443_000)
    }
}
