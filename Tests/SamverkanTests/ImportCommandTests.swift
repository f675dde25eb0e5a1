import ArgumentParser
import Foundation
import Procurement
@testable import samverkan
import SpendFiles
import Store
import Testing
import TestSupport

/// `samverkan import spend`: parsing, and a real import into a test database from files on disk.
@Suite struct ImportCommandTests {
    @Test func theColumnsAndFilesAreParsed() throws {
        let command = try #require(try Samverkan.parseAsRoot([
            "import", "spend", "--office", "jamtland", "--org", "212000-2460",
            "--column", "amount=Belopp SEK", "--column", "account=Kostnadsslag", "a.csv", "b.xml",
        ]) as? ImportCommand.Spend)
        #expect(command.files == ["a.csv", "b.xml"])
        #expect(try command.mapping() == CSVColumnMapping(amount: "Belopp SEK", account: "Kostnadsslag"))
        #expect(throws: (any Error).self, "no file") { try Samverkan.parseAsRoot(["import", "spend", "--office", "jamtland", "--org", "x"]) }
        #expect(throws: (any Error).self, "unknown field") {
            try Samverkan.parseAsRoot(["import", "spend", "--office", "j", "--org", "x", "--column", "price=Pris", "a.csv"])
        }
        #expect(throws: (any Error).self, "no header") {
            try Samverkan.parseAsRoot(["import", "spend", "--office", "j", "--org", "x", "--column", "amount=", "a.csv"])
        }
    }

    func parse(_ arguments: [String], _ database: TestDatabase) throws -> ImportCommand.Spend {
        try #require(try Samverkan.parseAsRoot(arguments + ["--database-url", database.connectionString(database.application)]) as? ImportCommand.Spend)
    }

    @Test func aFileIsImportedOnceAndABadOneNamesItsLine() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let supplier = DemoData.organisationNumber(group: 5, serial: 501).formatted
            let good = folder.appendingPathComponent("reskontra.csv")
            try Data("Orgnr,Leverantör,Fakturanr,Fakturadatum,Belopp,Konto\n\(supplier),Fjällbränsle AB,C-1,2025-06-01,1234.50,5611\n".utf8).write(to: good)
            let harjedalen = try #require(DemoData.jamtland.organisations.first { $0.kommunkod?.code == "2361" })

            let command = try parse(["import", "spend", "--office", "jamtland", "--org", harjedalen.organisationNumber.formatted, good.path], database)
            let first = try await command.perform(on: store)
            #expect(first.invoicesAdded == 1 && first.amountSEK == Money(decimal: "1234.50") && first.matchedSEK == first.amountSEK)
            let again = try await command.perform(on: store)
            #expect(again.importID == nil && again.invoicesSkipped == 1)
            #expect(ImportCommand.Spend.report(again).contains("nothing new"))

            let bad = folder.appendingPathComponent("trasig.csv")
            try Data("Orgnr,Leverantör,Fakturanr,Fakturadatum,Belopp,Konto\n\(supplier),Fjällbränsle AB,C-2,2025-06-31,10,5611\n".utf8).write(to: bad)
            let refused = try parse(["import", "spend", "--office", "jamtland", "--org", harjedalen.id.uuidString, bad.path], database)
            await #expect { try await refused.perform(on: store) } throws: { error in
                String(describing: error).hasPrefix("trasig.csv: line 2")
            }
            let unknown = try parse(["import", "spend", "--office", "jamtland", "--org", "559999-9999", good.path], database)
            await #expect(throws: CLIError.self) { try await unknown.perform(on: store) }
        }
    }
}
