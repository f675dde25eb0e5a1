import Foundation
import Postgres
import Procurement
@testable import samverkan
import Store
import Testing
import TestSupport

/// `bench import` end to end on a small file: the generated export goes through the import for
/// two fresh members, psql copies the same rows, and every figure has its baseline.
@Suite struct BenchImportTests {
    @Test(.enabled(if: BenchTools.which("psql") != nil)) func aSmallImportIsMeasuredAgainstPsql() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let figures = try await BenchCommand.Import.measure(
                store: store, officeID: DemoData.jamtland.office.id, application: database.application, owner: database.owner,
                lines: 2_000, seed: 7, rounds: 2, say: { _ in })
            for round in ["import.r1", "import.r2"] {
                let wall = try #require(figures.first { $0.name == "\(round).wall" })
                #expect(wall.value > 0 && (wall.baseline ?? 0) > 0)
                #expect(figures.contains { $0.name == "\(round).copy" && $0.baseline != nil })
                #expect(figures.contains { $0.name == "\(round).step.rollup" })
                let floor = try #require(figures.first { $0.name == "\(round).psql_write_floor" })
                #expect(floor.value > 0 && figures.contains { $0.name == "\(round).wall_vs_write_floor" && $0.baseline == floor.value })
            }
            let leftOver: Int = try await database.ownerPool().withConnection {
                try await $0.query("SELECT count(*)::integer FROM pg_tables WHERE tablename LIKE 'bench_%'").single!.decode(0)
            }
            #expect(leftOver == 0, "the floor's tables are dropped")
            let lines: Int = try await store.transaction(as: .system(of: DemoData.jamtland.office.id), readOnly: true) {
                try await $0.query("SELECT coalesce(sum(lines_added), 0)::integer FROM spend_imports WHERE files[1] LIKE 'leverantorsreskontra-_.csv'").single!.decode(0)
            }
            #expect(lines == 4_000)
        }
    }
}
