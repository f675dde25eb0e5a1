import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Authentication
import Postgres
import Procurement
import Store
import Testing
import TestSupport

/// The real `samverkan serve` killed with SIGKILL while it writes contracts (each a contract
/// row, its supplier, three parties, two options, the direct-award documentation and their
/// audit events, in one transaction): whatever the moment, the database afterwards holds each
/// contract whole or not at all, the audit chain is intact, and the writes that were lost can
/// be made again.
@Suite struct KillTests {
    /// The program as built beside this test bundle.
    static var executable: URL? {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("samverkan"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("samverkan"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// A port of 127.0.0.1 that nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One run of the server as a child process.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int

        init(executable: URL, databaseURL: String, port: Int) throws {
            self.port = port
            process.executableURL = executable
            process.arguments = ["serve", "--database-url", databaseURL, "--host", "127.0.0.1", "--port", String(port), "--pool-size", "4"]
            var environment = ProcessInfo.processInfo.environment
            environment["LOG_LEVEL"] = "error"
            environment["SAMVERKAN_SCHEMA_DIR"] = SchemaLocation.sourceTree.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        /// Waits until `/ready` answers 200, for a minute at most.
        func waitUntilReady(session: URLSession) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                guard process.isRunning else {
                    Issue.record("the server exited with status \(process.terminationStatus) before it was ready")
                    return
                }
                if let (_, response) = try? await session.data(from: URL(string: "http://127.0.0.1:\(port)/ready")!),
                   (response as? HTTPURLResponse)?.statusCode == 200 {
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the server was not ready within a minute")
        }

        /// SIGKILL: no shutdown, no rollback by the program, connections cut mid-statement.
        func kill() async {
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    self.process.waitUntilExit()
                    continuation.resume()
                }
            }
        }
    }

    static func contract(_ title: String) -> String {
        let today = CalendarDate.today
        return """
            {"cpv": "72224000-1", "supplierID": "\(DemoData.id("supplier/jamtland/arkivkonsult"))",
             "partyIDs": ["\(DemoData.id("org/jamtland/2303"))", "\(DemoData.id("org/jamtland/2361"))", "\(DemoData.id("org/jamtland/2321"))"],
             "terms": {"title": "\(title)", "start": "\(today.iso)", "end": "\(today.adding(months: 12)!.adding(days: -1)!.iso)",
                       "optionMonths": [12, 12], "estimatedValue": "150000"},
             "documentation": {"competitionMethod": "Förfrågan till tre", "suppliersAsked": 3, "answersReceived": 2, "winnerReason": "Lägst pris"}}
            """
    }

    static func post(_ session: URLSession, port: Int, token: String, title: String) async -> Int? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/contracts")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(contract(title).utf8)
        guard let (_, response) = try? await session.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// A contract of the run as the database holds it, counted by superuser (behind RLS).
    struct Stored: Equatable {
        var title: String
        var suppliers: Int
        var parties: Int
        var options: Int
        var documentation: Int
        var auditEvents: Int
    }

    @Test(.timeLimit(.minutes(5)))
    func killedMidWriteTheDatabaseHoldsEachContractWholeOrNotAtAll() async throws {
        let executable = try #require(Self.executable, "the samverkan program is built beside the tests")
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: .today)
            let office = DemoData.jamtland
            let person = try #require(office.users.first { $0.user.email.normalized == "upphandlare@jamtland.example" })
            let secret = SecretToken.generate(prefix: "svt_")
            try await store.transaction(as: .system(of: office.office.id)) { transaction in
                try await transaction.insertAPIToken(
                    id: UUID(), userID: person.user.id, roleID: person.roles[0].id, name: "kill test", tokenHash: secret.hash, expiresAt: nil)
            }
            let token = secret.value
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = 10
            let session = URLSession(configuration: configuration)
            let url = database.connectionString(database.application)
            let run = "kill-\(UUID().uuidString.prefix(8))"
            var sent: [String] = []
            var created: Set<String> = []

            // Rounds: start the server, send eight writes a few milliseconds apart, and kill it at
            // a random moment after the first is answered, while the others are under way (on a
            // busy machine a kill on a timer alone may come before any write began).
            for round in 0..<5 {
                let server = try Server(executable: executable, databaseURL: url, port: try Self.freePort())
                try await server.waitUntilReady(session: session)
                let titles = (0..<8).map { "\(run) \(round)-\($0)" }
                sent += titles
                let (firstAnswers, firstAnswered) = AsyncStream<Void>.makeStream()
                let answers = Task {
                    let all = await withTaskGroup(of: (String, Int?).self) { group in
                        for (index, title) in titles.enumerated() {
                            group.addTask {
                                try? await Task.sleep(for: .milliseconds(index * 8))
                                let status = await Self.post(session, port: server.port, token: token, title: title)
                                if status == 201 { firstAnswered.yield() }
                                return (title, status)
                            }
                        }
                        return await group.reduce(into: [(String, Int?)]()) { $0.append($1) }
                    }
                    firstAnswered.finish()
                    return all
                }
                var first = firstAnswers.makeAsyncIterator()
                _ = await first.next()
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...40)))
                await server.kill()
                for (title, status) in await answers.value where status == 201 { created.insert(title) }
            }

            // After the kills, a server starts on the same database and the lost writes succeed.
            let server = try Server(executable: executable, databaseURL: url, port: try Self.freePort())
            try await server.waitUntilReady(session: session)
            let before = try await Self.stored(database, run: run)
            let beforeTitles = Set(before.map(\.title))
            print("kill: \(sent.count) writes sent over 5 kills, \(created.count) answered 201, \(beforeTitles.count) stored")
            #expect(created.count >= 5, "each round wrote something before the kill")
            #expect(created.isSubset(of: beforeTitles), "every write answered 201 is there")
            for title in sent where !beforeTitles.contains(title) {
                #expect(await Self.post(session, port: server.port, token: token, title: title) == 201, "the lost write \(title) again")
            }
            await server.kill()

            // Each contract whole: one supplier, three parties, two options, its documentation
            // and audit events; nothing of one that is not there.
            let after = try await Self.stored(database, run: run)
            #expect(Set(after.map(\.title)) == Set(sent))
            for contract in after {
                #expect(contract.suppliers == 1 && contract.parties == 3 && contract.options == 2 && contract.documentation == 1,
                        "\(contract)")
                #expect(contract.auditEvents >= 1, "\(contract.title) has its audit event")
            }
            let orphans = try await database.superuserPool().withConnection { connection in
                try await connection.query("""
                    SELECT (SELECT count(*) FROM contract_parties p WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = p.contract_id))
                         + (SELECT count(*) FROM contract_options o WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = o.contract_id))
                         + (SELECT count(*) FROM contract_suppliers s WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.id = s.contract_id))
                    """).map { try $0.decode(0, as: Int.self) }
            }
            #expect(orphans == [0])
            let verification = try await store.transaction(as: .system(of: office.office.id), readOnly: true) { transaction in
                try await transaction.verifyAuditChain()
            }
            #expect(verification.isIntact, "\(verification)")
        }
    }

    static func stored(_ database: TestDatabase, run: String) async throws -> [Stored] {
        try await database.superuserPool().withConnection { connection in
            try await connection.query("""
                SELECT c.title,
                       (SELECT count(*) FROM contract_suppliers s WHERE s.contract_id = c.id)::int8,
                       (SELECT count(*) FROM contract_parties p WHERE p.contract_id = c.id)::int8,
                       (SELECT count(*) FROM contract_options o WHERE o.contract_id = c.id)::int8,
                       (SELECT count(*) FROM direct_award_documentation d WHERE d.contract_id = c.id)::int8,
                       (SELECT count(*) FROM audit_events a WHERE a.entity_id = c.id::text)::int8
                FROM contracts c WHERE c.title LIKE \(run + " %")
                """).map { row in
                Stored(title: try row.decode(0), suppliers: try row.decode(1), parties: try row.decode(2), options: try row.decode(3),
                       documentation: try row.decode(4), auditEvents: try row.decode(5))
            }
        }
    }
}
