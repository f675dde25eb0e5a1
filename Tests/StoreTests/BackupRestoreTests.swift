import Foundation
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// Backup and restore as the README documents them: `pg_dump --format=custom` of a database
/// with the demo data, `pg_restore` into an empty one, and every table compared row for row;
/// the restored database then works for the application role, row-level security and the
/// audit chain included.
@Suite struct BackupRestoreTests {
    /// Runs a PostgreSQL client program (found on PATH, as Debian installs them), failing with
    /// its output when it fails.
    func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(program) failed: \(text)")
    }

    /// Every table of the schema with its row count and a digest of its rows in a fixed order.
    func fingerprint(_ configuration: PostgresConfiguration) async throws -> [String: String] {
        try await configuration.withConnection { connection in
            let tables = try await connection.query("""
                SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1
                """).map { try $0.decode(0, as: String.self) }
            var result: [String: String] = [:]
            for table in tables {
                let row = try await connection.query("""
                    SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')
                    FROM \(identifier: table) t
                    """).single
                result[table] = try row?.decode(0, as: String.self)
            }
            return result
        }
    }

    @Test func aDumpRestoresEveryTableAsItWas() async throws {
        try await TestCluster.shared.withDatabase { original in
            let store = await original.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let dump = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-\(UUID().uuidString.prefix(8)).dump")
            defer { try? FileManager.default.removeItem(at: dump) }
            try run("pg_dump", ["--format=custom", "--file=\(dump.path)", "--dbname=\(original.connectionString(original.superuser))"])
            let before = try await fingerprint(original.superuser)
            #expect(before.count >= 25 && before["audit_events"]?.hasPrefix("0:") == false)

            try await TestCluster.shared.withDatabase(migrated: false) { restored in
                try run("pg_restore", ["--exit-on-error", "--dbname=\(restored.connectionString(restored.superuser))", dump.path])
                let after = try await fingerprint(restored.superuser)
                #expect(after == before)

                // The copy works for the application: its role, its policies, its audit chain.
                let copy = await restored.database()
                let jamtland = DemoData.jamtland.office.id
                let organisations = try await copy.transaction(as: .system(of: jamtland), readOnly: true) { try await $0.organisations() }
                #expect(organisations.count == DemoData.jamtland.organisations.count)
                #expect(try await copy.transaction(as: .anonymous, readOnly: true) { try await $0.organisations() }.isEmpty)
                let chain = try await copy.transaction(as: .system(of: jamtland), readOnly: true) { try await $0.verifyAuditChain() }
                if case .intact(let events) = chain { #expect(events > 0) } else { Issue.record("the restored chain is \(chain)") }
            }
        }
    }
}
