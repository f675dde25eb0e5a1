import Authentication
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The plan-to-pooled-procurement flow through the JSON API, over real HTTP on 127.0.0.1,
/// as the office, two members that join and a third that declines; the day is fixed.
@Suite struct PoolingHTTPTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    typealias Fixture = APIFixture

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await APIFixture.withApp(today: Self.today, body)
    }

    @Test func theOfficePoolsWhatTwoMembersJoinAndAThirdDeclines() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let admin = try await app.token("admin@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let ostersund = try await app.token("ostersund@jamtland.example")
            let are = try await app.token("are@jamtland.example")

            // The office drafts a plan item: the members do not see it yet.
            let (created, draft) = try await app.call(.post, "/api/v1/plan", procurer, json: """
                {"title": "Städtjänster", "cpv": "90910000-9", "contractType": "services", "plannedStart": "2027-04-01",
                 "contractMonths": 24, "optionMonths": [12], "answerDeadline": "2026-12-15"}
                """)
            #expect(created == .created)
            let itemID = try #require(draft["id"] as? String)
            #expect(draft["published"] as? Bool == false)
            #expect(draft["cpvLabel"] as? String == "Städning")
            let (_, krokomPlan) = try await app.call(.get, "/api/v1/plan", krokom)
            #expect(!(krokomPlan["items"] as! [[String: Any]]).contains { $0["id"] as? String == itemID })
            #expect(try await app.call(.put, "/api/v1/plan/\(itemID)/answer", krokom, json: #"{"decision": "decline"}"#).0 == .notFound)
            #expect(try await app.call(.post, "/api/v1/plan/\(itemID)/publish", krokom).0 == .forbidden)
            #expect(try await app.call(.post, "/api/v1/plan/\(itemID)/publish", procurer).0 == .ok)

            // Two members join with their volumes, a third declines.
            let (joined, krokomView) = try await app.call(.put, "/api/v1/plan/\(itemID)/answer", krokom, json: """
                {"decision": "join", "quantity": "1200", "unit": "timmar", "yearlyValue": "400000"}
                """)
            #expect(joined == .ok)
            #expect((krokomView["answers"] as? [Any])?.count == 1)
            #expect(krokomView["unanswered"] == nil, "a member does not learn who else has answered")
            try await app.call(.put, "/api/v1/plan/\(itemID)/answer", ostersund, json: """
                {"decision": "join", "quantity": "2500.5", "unit": "timmar", "yearlyValue": "900000.50", "comment": "Även förskolor"}
                """)
            #expect(try await app.call(.put, "/api/v1/plan/\(itemID)/answer", are, json: #"{"decision": "decline"}"#).0 == .ok)

            // Bad answers are refused with what is wrong, and nothing changes.
            let (missing, missingBody) = try await app.call(.put, "/api/v1/plan/\(itemID)/answer", krokom, json: #"{"decision": "join", "quantity": "10", "unit": "st"}"#)
            #expect(missing == .unprocessableContent)
            #expect(((missingBody["error"] as? [String: Any])?["message"] as? String)?.contains("yearlyValue") == true)
            #expect(try await app.call(.put, "/api/v1/plan/\(itemID)/answer", krokom, json: #"{"decision": "join", "quantity": "10", "unit": "st", "yearlyValue": "12.345"}"#).0 == .unprocessableContent)
            #expect(try await app.call(.put, "/api/v1/plan/\(itemID)/answer", krokom, json: #"{"decision": "maybe"}"#).0 == .badRequest)
            #expect(try await app.call(.put, "/api/v1/plan/\(itemID)/answer", procurer, json: #"{"decision": "decline"}"#).0 == .forbidden)

            let (_, officeView) = try await app.call(.get, "/api/v1/plan/\(itemID)", procurer)
            let answers = try #require(officeView["answers"] as? [[String: Any]])
            #expect(answers.count == 3)
            #expect(answers.first { ($0["organisation"] as? [String: Any])?["name"] as? String == "Krokoms kommun" }?["yearlyValue"] as? String == "400000.00")
            let unanswered = (officeView["unanswered"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(unanswered.contains("Bergs kommun") && !unanswered.contains("Krokoms kommun"))
            #expect(!unanswered.contains("Jämtlandsbuss AB (demo)"), "a former member is not asked")

            // The office pools the two that joined.
            let (pooledStatus, pooled) = try await app.call(.post, "/api/v1/pooled-procurements", procurer, json: """
                {"planItemID": "\(itemID)", "confirmationDeadline": "2026-12-31", "maximumValue": "3000000"}
                """)
            #expect(pooledStatus == .created)
            let pooledID = try #require(pooled["id"] as? String)
            #expect(pooled["participantCount"] as? Int == 2)
            #expect(pooled["yearlyValue"] as? String == "1300000.50")
            // LOU 5 kap.: 1 300 000,50 kr a year for 24 + 12 months.
            #expect(pooled["estimatedValue"] as? String == "3900001.50")
            let problem = try #require(pooled["classificationProblem"] as? [String: Any])
            #expect(problem["code"] as? String == "missing_sek_amount")
            #expect((problem["message"] as? String)?.contains("216\u{202F}000") == true || (problem["message"] as? String)?.contains("216 000") == true)
            #expect(pooled["classification"] == nil, "never classified against a guessed amount")
            let warnings = (pooled["warnings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(warnings.contains("maximum_below_estimate"))
            #expect(try await app.call(.post, "/api/v1/pooled-procurements", procurer, json: """
                {"planItemID": "\(itemID)", "confirmationDeadline": "2026-12-31"}
                """).0 == .conflict)

            // The administrator enters the SEK amount the classification asked for.
            let (_, thresholds) = try await app.call(.get, "/api/v1/thresholds", krokom)
            let row = try #require((thresholds["thresholds"] as? [[String: Any]])?.first {
                $0["kind"] as? String == "supplies_services" && $0["buyer"] as? String == "sub_central" && $0["validFrom"] as? String == "2026-01-01"
            })
            let rowID = try #require(row["id"] as? String)
            #expect(try await app.call(.put, "/api/v1/thresholds/\(rowID)/sek", krokom, json: #"{"sek": "2300000"}"#).0 == .forbidden)
            #expect(try await app.call(.put, "/api/v1/thresholds/\(rowID)/sek", admin, json: #"{"sek": "2300000"}"#).0 == .ok)
            #expect(try await app.call(.put, "/api/v1/thresholds/\(rowID)/sek", admin, json: #"{"sek": "2400000"}"#).0 == .conflict)
            let (_, classified) = try await app.call(.get, "/api/v1/pooled-procurements/\(pooledID)", procurer)
            #expect((classified["classification"] as? [String: Any])?["procedure"] as? String == "eu")

            // The office's cost, shared by volume in öre that add up.
            let (_, allocated) = try await app.call(.post, "/api/v1/pooled-procurements/\(pooledID)/cost-allocation", procurer,
                                                    json: #"{"total": "100000.01", "basis": "volume"}"#)
            let shares = (allocated["participants"] as? [[String: Any]])?.compactMap { ($0["costShare"] as? String).flatMap(Money.init(decimal:)) } ?? []
            #expect(shares.count == 2 && shares.reduce(Money.zero, +) == Money(ore: 10_000_001))
            #expect(allocated["costAllocationStale"] as? Bool == false)

            // A member sees its own share and the totals, not the other member's volume.
            let (_, mine) = try await app.call(.get, "/api/v1/pooled-procurements/\(pooledID)", krokom)
            #expect((mine["participants"] as? [Any])?.count == 1)
            #expect(mine["participantCount"] as? Int == 2)
            let own = try #require(mine["ownParticipation"] as? [String: Any])
            #expect(own["share"] as? String == "30,8\u{00A0}%")
            #expect(own["status"] as? String == "proposed")
            #expect(!String(describing: mine).contains("900000.50"))
            // The member that declined takes no part.
            let (_, declined) = try await app.call(.get, "/api/v1/pooled-procurements/\(pooledID)", are)
            #expect((declined["participants"] as? [Any])?.isEmpty == true && declined["ownParticipation"] == nil)
            #expect(try await app.call(.put, "/api/v1/pooled-procurements/\(pooledID)/participation", are, json: #"{"status": "confirmed"}"#).0 == .notFound)

            // Östersund confirms; Krokom withdraws, and the value and classification follow.
            let (confirmStatus, confirmed) = try await app.call(.put, "/api/v1/pooled-procurements/\(pooledID)/participation", ostersund, json: #"{"status": "confirmed"}"#)
            #expect(confirmStatus == .ok, "\(confirmed)")
            #expect(confirmed["confirmedCount"] as? Int == 1)
            #expect((confirmed["ownParticipation"] as? [String: Any])?["status"] as? String == "confirmed")
            let (_, withdrawn) = try await app.call(.put, "/api/v1/pooled-procurements/\(pooledID)/participation", krokom, json: #"{"status": "withdrawn"}"#)
            #expect(withdrawn["participantCount"] as? Int == 1)
            #expect(withdrawn["estimatedValue"] as? String == "2700001.50")
            #expect((withdrawn["classification"] as? [String: Any])?["procedure"] as? String == "eu")
            #expect(try await app.call(.put, "/api/v1/pooled-procurements/\(pooledID)/participation", krokom, json: #"{"status": "confirmed"}"#).0 == .conflict)
            let (_, stale) = try await app.call(.get, "/api/v1/pooled-procurements/\(pooledID)", procurer)
            #expect(stale["costAllocationStale"] as? Bool == true)

            // Published participants: now Krokom sees Östersund's row.
            try await app.call(.patch, "/api/v1/pooled-procurements/\(pooledID)", procurer, json: #"{"participantsPublished": true}"#)
            let (_, published) = try await app.call(.get, "/api/v1/pooled-procurements/\(pooledID)", krokom)
            #expect((published["participants"] as? [Any])?.count == 2)

            // Nothing of it reaches another office.
            let mittnorr = try await app.token("admin@mittnorr.example", office: DemoData.mittnorr)
            #expect(try await app.call(.get, "/api/v1/pooled-procurements/\(pooledID)", mittnorr).0 == .notFound)
            #expect(try await app.call(.get, "/api/v1/plan/\(itemID)", mittnorr).0 == .notFound)
            let (_, theirPlan) = try await app.call(.get, "/api/v1/plan", mittnorr)
            #expect(!((theirPlan["items"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == itemID })

            // Every step is in the audit trail.
            let (_, audit) = try await app.call(.get, "/api/v1/audit/events?limit=200", admin)
            let entities = Set((audit["events"] as? [[String: Any]])?.compactMap { $0["entity"] as? String } ?? [])
            #expect(entities.isSuperset(of: ["plan_items", "plan_answers", "pooled_procurements", "pooled_participants", "thresholds"]))
        }
    }

    @Test func needsArePooledFromASuggestionAndDirectPurchasesAreFlagged() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let ostersund = try await app.token("ostersund@jamtland.example")

            // A need with a CPV code that does not exist is refused, saying so.
            let (bad, badBody) = try await app.call(.post, "/api/v1/needs", ostersund, json: """
                {"cpv": "12345678-9", "title": "Snöröjning", "quantity": "4", "unit": "objekt", "yearlyValue": "200000",
                 "wantedStart": "2027-11-01", "months": 24}
                """)
            #expect(bad == .unprocessableContent)
            #expect(((badBody["error"] as? [String: Any])?["message"] as? String)?.contains("CPV") == true)
            let (created, need) = try await app.call(.post, "/api/v1/needs", ostersund, json: """
                {"cpv": "90620000-9", "title": "Snöröjning av gator", "quantity": "4", "unit": "objekt", "yearlyValue": "200000",
                 "wantedStart": "2027-11-01", "months": 24}
                """)
            #expect(created == .created)
            let needID = try #require(need["id"] as? String)
            // Krokom sees its own needs only.
            let (_, krokomNeeds) = try await app.call(.get, "/api/v1/needs", krokom)
            let names = (krokomNeeds["needs"] as? [[String: Any]])?.compactMap { ($0["organisation"] as? [String: Any])?["name"] as? String } ?? []
            #expect(!names.isEmpty && names.allSatisfy { $0 == "Krokoms kommun" })
            #expect(try await app.call(.get, "/api/v1/needs/\(needID)", krokom).0 == .notFound)
            #expect(try await app.call(.get, "/api/v1/demand", krokom).0 == .forbidden)

            // The office sees the snow clearing of four members side by side, suggested for pooling.
            let (_, demand) = try await app.call(.get, "/api/v1/demand", procurer)
            let suggestion = try #require((demand["suggestions"] as? [[String: Any]])?.first { $0["cpvGroup"] as? String == "906" })
            let needIDs = try #require(suggestion["needIDs"] as? [String])
            #expect(needIDs.count == 4 && needIDs.contains(needID))
            let warnings = (demand["warnings"] as? [[String: Any]]) ?? []
            #expect(warnings.contains { $0["code"] as? String == "direct_purchases_pass_limit" && ($0["message"] as? String)?.contains("Krokoms kommun") == true })

            let ids = needIDs.map { "\"\($0)\"" }.joined(separator: ",")
            #expect(try await app.call(.post, "/api/v1/pooled-procurements", procurer, json: """
                {"needIDs": [\(ids)], "confirmationDeadline": "2027-01-31"}
                """).0 == .unprocessableContent, "pooling needs asks what kind of contract it is")
            let (status, pooled) = try await app.call(.post, "/api/v1/pooled-procurements", procurer, json: """
                {"needIDs": [\(ids)], "title": "Snöröjning 2027–2030", "contractType": "services", "confirmationDeadline": "2027-01-31"}
                """)
            #expect(status == .created)
            #expect(pooled["participantCount"] as? Int == 4)
            #expect(pooled["yearlyValue"] as? String == "2150000.00")
            // The needs are pooled now: the member withdraws through the procurement instead.
            let krokomNeed = DemoData.id("need/2309/snorojning")
            let (conflict, _) = try await app.call(.post, "/api/v1/needs/\(krokomNeed.uuidString)/withdraw", krokom)
            #expect(conflict == .conflict)
            let (_, after) = try await app.call(.get, "/api/v1/demand", procurer)
            #expect(!((after["suggestions"] as? [[String: Any]]) ?? []).contains { $0["cpvGroup"] as? String == "906" })
        }
    }
}
