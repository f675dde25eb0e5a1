import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Authentication
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// The real `samverkan serve` killed with SIGKILL in the middle of a spend import: afterwards
/// the member's spend is the whole import or none of it (invoices, lines, the monthly rollup
/// and the import's record agree), and the import can be sent again.
@Suite struct KillImportTests {
    static let lines = 40_000

    /// An accounts-payable export of `lines` invoices for Härjedalen, half on the fuel framework.
    static func export() -> Data {
        var text = "Leverantörens organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto\n"
        let onContract = DemoData.organisationNumber(group: 5, serial: 501).formatted
        let offContract = DemoData.organisationNumber(group: 5, serial: 502).formatted
        for index in 0..<lines {
            let month = 5 + index % 7
            let supplier = index % 2 == 0 ? "\(onContract);Fjällbränsle AB" : "\(offContract);Norrdrivmedel AB"
            text += "\(supplier);K-\(index);2025-\(month < 10 ? "0" : "")\(month)-\(10 + index % 18);\(100 + index % 900),\(index % 100 < 10 ? "0" : "")\(index % 100);5611\n"
        }
        return Data(text.utf8)
    }

    static func upload(_ session: URLSession, port: Int, token: String, body: Data) async -> Int? {
        let boundary = "kill-\(UUID().uuidString)"
        var payload = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"organisation\"\r\n\r\n\(DemoData.id("org/jamtland/2361"))\r\n".utf8)
        payload += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"reskontra.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        payload += body
        payload += Data("\r\n--\(boundary)--\r\n".utf8)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/spend/imports")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        request.httpBody = payload
        guard let (_, response) = try? await session.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// Härjedalen's spend as the superuser sees it: imports, invoices, lines, rollup lines and sums.
    struct Stored: Equatable {
        var imports: Int
        var invoices: Int
        var lines: Int
        var rollupLines: Int
        var lineSum: Money
        var rollupSum: Money
    }

    static func stored(_ database: TestDatabase) async throws -> Stored {
        let harjedalen = DemoData.id("org/jamtland/2361")
        return try await database.superuserPool().withConnection { connection in
            let row = try await connection.query("""
                SELECT (SELECT count(*) FROM spend_imports WHERE organisation_id = \(harjedalen))::int8,
                       (SELECT count(*) FROM spend_invoices WHERE organisation_id = \(harjedalen))::int8,
                       (SELECT count(*) FROM spend_lines WHERE organisation_id = \(harjedalen))::int8,
                       (SELECT coalesce(sum(lines), 0) FROM spend_months WHERE organisation_id = \(harjedalen))::int8,
                       (SELECT coalesce(sum(amount), 0) FROM spend_lines WHERE organisation_id = \(harjedalen)),
                       (SELECT coalesce(sum(amount), 0) FROM spend_months WHERE organisation_id = \(harjedalen))
                """).single!
            return Stored(imports: try row.decode(0), invoices: try row.decode(1), lines: try row.decode(2),
                          rollupLines: try row.decode(3), lineSum: try row.decode(4), rollupSum: try row.decode(5))
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func killedMidImportTheSpendIsWholeOrAbsentAndTheImportCanBeRepeated() async throws {
        let executable = try #require(KillTests.executable, "the samverkan program is built beside the tests")
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: .today)
            let office = DemoData.jamtland
            let person = try #require(office.users.first { $0.user.email.normalized == "controller@jamtland.example" })
            let secret = SecretToken.generate(prefix: "svt_")
            try await store.transaction(as: .system(of: office.office.id)) { transaction in
                try await transaction.insertAPIToken(
                    id: UUID(), userID: person.user.id, roleID: person.roles[0].id, name: "kill test", tokenHash: secret.hash, expiresAt: nil)
            }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = 120
            let session = URLSession(configuration: configuration)
            let url = database.connectionString(database.application)
            let body = Self.export()
            let empty = Stored(imports: 0, invoices: 0, lines: 0, rollupLines: 0, lineSum: .zero, rollupSum: .zero)
            var whole: Stored?

            // Kill at moments spread over the import: while the body arrives, while it is read
            // and copied, while the rows move in, and (nil) just after it answered. Each time:
            // all of it or none of it.
            for delay in [150, 600, 1_200, 2_500, nil] {
                let server = try KillTests.Server(executable: executable, databaseURL: url, port: try KillTests.freePort())
                try await server.waitUntilReady(session: session)
                let answer = Task { await Self.upload(session, port: server.port, token: secret.value, body: body) }
                if let delay { try await Task.sleep(for: .milliseconds(delay)) } else { _ = await answer.value }
                await server.kill()
                let status = await answer.value
                if delay == nil { #expect(status == 201 || status == 200) }
                let now = try await Self.stored(database)
                print("kill after \(delay.map { "\($0) ms" } ?? "the answer"): answered \(status.map(String.init) ?? "nothing"), \(now.invoices) invoices stored")
                if now == empty { continue }
                #expect(now.imports == 1 && now.invoices == Self.lines && now.lines == Self.lines, "\(now)")
                #expect(now.rollupLines == now.lines && now.rollupSum == now.lineSum, "the rollup agrees with the lines")
                whole = whole ?? now
                #expect(now == whole, "a second import added nothing")
            }

            // Sent again to a server that is not killed: stored once, whole.
            let server = try KillTests.Server(executable: executable, databaseURL: url, port: try KillTests.freePort())
            try await server.waitUntilReady(session: session)
            let status = await Self.upload(session, port: server.port, token: secret.value, body: body)
            #expect(status == (whole == nil ? 201 : 200))
            await server.kill()
            let final = try await Self.stored(database)
            #expect(final.imports == 1 && final.invoices == Self.lines && final.lines == Self.lines && final.rollupLines == Self.lines)
            #expect(final.rollupSum == final.lineSum)
            let verification = try await store.transaction(as: .system(of: office.office.id), readOnly: true) { transaction in
                try await transaction.verifyAuditChain()
            }
            #expect(verification.isIntact, "\(verification)")
        }
    }
}
