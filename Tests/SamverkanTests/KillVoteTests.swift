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

/// The real `samverkan serve` killed with SIGKILL while the committee votes and decides:
/// afterwards every vote is stored once or not at all, every decision has its paragraph and
/// the paragraphs run without a gap (a rolled-back decision takes no number), and the votes
/// and decisions that were lost can be made again.
@Suite struct KillVoteTests {
    static let voters = ["ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.stromsund@jamtland.example",
                         "ledamot.harjedalen@jamtland.example", "ledamot.bracke@jamtland.example", "ledamot.berg@jamtland.example"]

    static func send(_ session: URLSession, port: Int, _ method: String, _ path: String, token: String, json: String? = nil)
        async -> (Int?, [String: Any])
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        guard let (data, response) = try? await session.data(for: request) else { return (nil, [:]) }
        return ((response as? HTTPURLResponse)?.statusCode, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    @Test(.timeLimit(.minutes(5)))
    func killedWhileVotingVotesAreWholeAndParagraphsRunWithoutAGap() async throws {
        let executable = try #require(KillTests.executable, "the samverkan program is built beside the tests")
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: .today)
            let office = DemoData.jamtland
            var issued: [String: String] = [:]
            for email in Self.voters + ["upphandlare@jamtland.example"] {
                let person = try #require(office.users.first { $0.user.email.normalized == email })
                let secret = SecretToken.generate(prefix: "svt_")
                try await store.transaction(as: .system(of: office.office.id)) { transaction in
                    try await transaction.insertAPIToken(
                        id: UUID(), userID: person.user.id, roleID: person.roles[0].id, name: "kill test", tokenHash: secret.hash, expiresAt: nil)
                }
                issued[email] = secret.value
            }
            let tokens = issued
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = 20
            let session = URLSession(configuration: configuration)
            let url = database.connectionString(database.application)
            let procurer = tokens["upphandlare@jamtland.example"]!
            let chair = tokens["ordforande@jamtland.example"]!

            // A meeting of six matters, six of nine seats present: quorate.
            var server = try KillTests.Server(executable: executable, databaseURL: url, port: try KillTests.freePort())
            try await server.waitUntilReady(session: session)
            let items = (1...6).map { #"{"title": "Information \#($0)", "proposal": "Noteras"}"# }.joined(separator: ", ")
            let (created, meeting) = await Self.send(session, port: server.port, "POST", "/api/v1/meetings", token: procurer,
                                                     json: #"{"startsAt": "\#(CalendarDate.today.adding(days: 3)!.iso)T09:00:00Z", "items": [\#(items)]}"#)
            #expect(created == 201, "\(meeting)")
            let meetingID = try #require(meeting["id"] as? String)
            let itemIDs = try #require(meeting["items"] as? [[String: Any]]).compactMap { ($0["id"] as? String)?.lowercased() }
            for email in Self.voters {
                let (status, _) = await Self.send(session, port: server.port, "PUT", "/api/v1/meetings/\(meetingID)/attendance", token: procurer,
                                                  json: #"{"userID": "\#(DemoData.id("user/\(email)").uuidString)", "present": true}"#)
                #expect(status == 200)
            }
            await server.kill()

            // Matters in turn: for the even ones everyone votes at once and the server is killed
            // at a random moment after the first vote is answered; for the odd ones the votes are
            // all in and the server is killed a few milliseconds after the chair asks for the decision.
            for (index, itemID) in itemIDs.enumerated() {
                server = try KillTests.Server(executable: executable, databaseURL: url, port: try KillTests.freePort())
                try await server.waitUntilReady(session: session)
                let port = server.port
                let (firstAnswers, firstAnswered) = AsyncStream<Void>.makeStream()
                let votes = Task {
                    await withTaskGroup(of: Void.self) { group in
                        for email in Self.voters {
                            group.addTask {
                                let (status, _) = await Self.send(session, port: port, "PUT", "/api/v1/meetings/\(meetingID)/items/\(itemID)/vote",
                                                                  token: tokens[email]!, json: #"{"ballot": "yes"}"#)
                                if status == 200 { firstAnswered.yield() }
                            }
                        }
                    }
                    firstAnswered.finish()
                }
                if index % 2 == 0 {
                    var first = firstAnswers.makeAsyncIterator()
                    _ = await first.next()
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...25)))
                    await server.kill()
                    await votes.value
                } else {
                    await votes.value
                    let decision = Task {
                        await Self.send(session, port: port, "POST", "/api/v1/meetings/\(meetingID)/items/\(itemID)/decision", token: chair).0
                    }
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...15)))
                    await server.kill()
                    _ = await decision.value
                }
            }

            let stored: () async throws -> (votes: [String: Int], paragraphs: [Int]) = {
                try await database.superuserPool().withConnection { connection in
                    var votes: [String: Int] = [:]
                    for row in try await connection.query("""
                        SELECT agenda_item_id::text, count(*)::int8 FROM votes WHERE meeting_id = \(UUID(uuidString: meetingID)!) GROUP BY 1
                        """) {
                        votes[try row.decode(0, as: String.self).lowercased()] = try row.decode(1)
                    }
                    let paragraphs = try await connection.query("""
                        SELECT paragraph FROM decisions WHERE office_id = \(office.office.id) AND year = \(CalendarDate.today.adding(days: 3)!.year)
                        ORDER BY paragraph
                        """).map { try $0.decode(0, as: Int.self) }
                    return (votes, paragraphs)
                }
            }
            let afterKills = try await stored()
            print("kill: votes per matter after the kills \(itemIDs.map { afterKills.votes[$0] ?? 0 }), paragraphs \(afterKills.paragraphs)")
            #expect(afterKills.votes.values.allSatisfy { $0 <= Self.voters.count }, "no vote twice")
            #expect(afterKills.paragraphs == Array(1..<(1 + afterKills.paragraphs.count)), "the paragraphs run from § 1 without a gap")

            // What was lost is done again: a vote already stored answers 409, a decision made answers 409.
            server = try KillTests.Server(executable: executable, databaseURL: url, port: try KillTests.freePort())
            try await server.waitUntilReady(session: session)
            for itemID in itemIDs {
                for email in Self.voters {
                    let (status, body) = await Self.send(session, port: server.port, "PUT", "/api/v1/meetings/\(meetingID)/items/\(itemID)/vote",
                                                         token: tokens[email]!, json: #"{"ballot": "yes"}"#)
                    #expect(status == 200 || status == 409, "vote again: \(String(describing: status)) \(body["error"] ?? "")")
                }
                let (status, _) = await Self.send(session, port: server.port, "POST", "/api/v1/meetings/\(meetingID)/items/\(itemID)/decision", token: chair)
                #expect(status == 200 || status == 409, "decide again: \(String(describing: status))")
            }
            await server.kill()
            let final = try await stored()
            #expect(itemIDs.allSatisfy { final.votes[$0] == Self.voters.count }, "every vote once: \(final.votes)")
            #expect(final.paragraphs == Array(1...itemIDs.count), "six decisions, § 1–6")
            let verification = try await store.transaction(as: .system(of: office.office.id), readOnly: true) { transaction in
                try await transaction.verifyAuditChain()
            }
            #expect(verification.isIntact, "\(verification)")
        }
    }
}
