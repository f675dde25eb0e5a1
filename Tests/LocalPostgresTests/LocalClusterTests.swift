import Foundation
@testable import LocalPostgres
import Postgres
import Testing

@Suite struct LocalClusterTests {
    @Test func aClusterKeepsItsDataAcrossARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-cluster-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = LocalCluster(directory: folder, durability: .throwaway)
        #expect(try cluster.start())
        #expect(try !cluster.start(), "a running cluster is reused, not started twice")
        try await cluster.prepareDatabase("kept")
        let owner = cluster.configuration(user: LocalCluster.ownerRole, database: "kept")
        try await owner.withConnection { try await $0.simpleQuery("CREATE TABLE marker (note text); INSERT INTO marker VALUES ('still here')") }
        try cluster.stop()

        #expect(try cluster.start())
        try await cluster.prepareDatabase("kept")  // idempotent
        let note = try await owner.withConnection { try await $0.query("SELECT note FROM marker").single!.decode(0, as: String.self) }
        #expect(note == "still here")
        let application = cluster.configuration(user: LocalCluster.applicationRole, database: "kept")
        let privileges = try await application.withConnection { connection in
            try await connection.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").single!
        }
        #expect(try !privileges.decode(0, as: Bool.self) && !privileges.decode(1, as: Bool.self))
        try cluster.stop()
    }

    @Test func aDeepFolderGetsAShortSocketPath() {
        let deep = URL(fileURLWithPath: "/tmp/" + String(repeating: "nested-folder/", count: 10))
        let cluster = LocalCluster(directory: deep)
        #expect(cluster.socketDirectory.hasPrefix("/tmp/samverkan-pg-"))
        #expect(cluster.socketDirectory == LocalCluster(directory: deep).socketDirectory)
        let shallow = LocalCluster(directory: URL(fileURLWithPath: "/tmp/s"))
        #expect(shallow.socketDirectory == "/tmp/s")
    }
}
