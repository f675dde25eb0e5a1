import ArgumentParser
import Foundation
import Procurement
@testable import samverkan
import Store
import Testing
import TestSupport

/// `samverkan office ocid-prefix` and `samverkan ocds export` against a test database.
@Suite struct OCDSCommandTests {
    func parse(_ arguments: [String], _ database: TestDatabase) throws -> any ParsableCommand {
        try Samverkan.parseAsRoot(arguments + ["--database-url", database.connectionString(database.application)])
    }

    @Test func thePrefixIsSetAndThePackageExportedByIt() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            // The demo publishes under invented prefixes; this test starts from offices without one.
            for office in DemoData.offices {
                try await store.transaction(as: .system(of: office.office.id)) { try await $0.setOCIDPrefix(nil) }
            }

            let export = try #require(try parse(["ocds", "export", "--office", "jamtland"], database) as? OCDSCommand.Export)
            await #expect(throws: CLIError.self, "no prefix: nothing to publish") {
                try await export.package(from: store, siteRoot: "https://samverkan.example")
            }

            let set = try #require(try parse(["office", "ocid-prefix", "--office", "jamtland", "ocds-jmt001"], database) as? OfficeCommand.OCIDPrefix)
            try await set.run()
            #expect(try await store.ocidPrefixes() == [DemoData.jamtland.office.id: "ocds-jmt001"])
            let taken = try #require(try parse(["office", "ocid-prefix", "--office", "mittnorr", "ocds-jmt001"], database) as? OfficeCommand.OCIDPrefix)
            await #expect(throws: CLIError.self, "another office's prefix") { try await taken.run() }

            for office in ["jamtland", "ocds-jmt001", DemoData.jamtland.office.id.uuidString.lowercased()] {
                let command = try #require(try parse(["ocds", "export", "--office", office], database) as? OCDSCommand.Export)
                let data = try await command.package(from: store, siteRoot: "https://samverkan.example")
                let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect(package["uri"] as? String == "https://samverkan.example/kontor/jamtland/ocds.json")
                #expect((package["publisher"] as? [String: Any])?["name"] as? String == DemoData.jamtland.office.name)
                #expect(package["releases"] as? [Any] != nil)
            }
            let unknown = try #require(try parse(["ocds", "export", "--office", "ocds-zzz999"], database) as? OCDSCommand.Export)
            await #expect(throws: CLIError.self) { try await unknown.package(from: store, siteRoot: "https://samverkan.example") }

            let clear = try #require(try parse(["office", "ocid-prefix", "--office", "jamtland", "--clear"], database) as? OfficeCommand.OCIDPrefix)
            try await clear.run()
            #expect(try await store.ocidPrefixes().isEmpty)
        }
    }
}
