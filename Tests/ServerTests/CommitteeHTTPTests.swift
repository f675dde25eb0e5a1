import Foundation
import HTTPTypes
import HummingbirdTesting
import Procurement
import Store
import Testing

/// A whole committee meeting through the JSON API on 127.0.0.1, with the demo committee of
/// Jämtland (eight seats, Östersund's member in the chair, Åre's the vice chair): absences, a
/// substitute, a conflict of interest, a tie the chair decides, a referral back, concurrent
/// voting, signing, the appeal period, and the public record.
@Suite struct CommitteeHTTPTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    func id(_ email: String) -> String { DemoData.id("user/\(email)").uuidString }

    @Test func aFullMeetingFromAssignmentToPublicDecision() async throws {
        try await APIFixture.withApp(today: Self.today) { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let chair = try await app.token("ordforande@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .committeeMember)
            let substitute = try await app.token("ersattare.krokom@jamtland.example")
            let members = ["are", "stromsund", "harjedalen", "bracke", "berg", "ragunda"]
            var token: [String: String] = [:]
            for member in members { token[member] = try await app.token("ledamot.\(member)@jamtland.example") }
            let coordinator = try await app.token("krokom@jamtland.example", role: .coordinator)

            let (_, committee) = try await app.call(.get, "/api/v1/committee", krokom)
            #expect((committee["seats"] as? [Any])?.count == 9, "eight members and Krokom's substitute, by name")

            // The office drafts an assignment: the next case number of the year.
            let (created, assignment) = try await app.call(.post, "/api/v1/assignments", procurer, json: #"{"title": "Upphandling av städtjänster", "scope": "Städning av skolor"}"#)
            #expect(created == .created)
            #expect(assignment["caseNumber"] as? String == "UK 2026/0002")
            let assignmentID = try #require(assignment["id"] as? String)
            let referredID = DemoData.id("assignment/jamtland/kontorsmateriel").uuidString
            #expect(try await app.call(.post, "/api/v1/assignments", krokom, json: #"{"title": "X"}"#).0 == .forbidden)

            // A meeting with three matters.
            let (scheduled, meeting) = try await app.call(.post, "/api/v1/meetings", procurer, json: """
                {"startsAt": "2026-12-10T09:00:00Z", "place": "Rådhuset", "adjusterID": "\(id("ledamot.stromsund@jamtland.example"))",
                 "items": [{"assignmentID": "\(assignmentID)", "proposal": "Bifall"}, {"title": "Information", "proposal": "Noteras"},
                           {"assignmentID": "\(referredID)", "proposal": "Bifall"}]}
                """)
            #expect(scheduled == .created, "\(meeting)")
            let meetingID = try #require(meeting["id"] as? String)
            let items = try #require(meeting["items"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(items.count == 3)
            let base = "/api/v1/meetings/\(meetingID)"

            // Krokom's member, Berg's and Ragunda's are away; Krokom's substitute serves.
            let present = ["ordforande@jamtland.example", "ersattare.krokom@jamtland.example", "ledamot.are@jamtland.example",
                           "ledamot.stromsund@jamtland.example", "ledamot.harjedalen@jamtland.example", "ledamot.bracke@jamtland.example"]
            for email in present {
                #expect(try await app.call(.put, "\(base)/attendance", procurer, json: #"{"userID": "\#(id(email))", "present": true}"#).0 == .ok)
            }
            for email in ["krokom@jamtland.example", "ledamot.berg@jamtland.example", "ledamot.ragunda@jamtland.example"] {
                try await app.call(.put, "\(base)/attendance", procurer, json: #"{"userID": "\#(id(email))", "present": false}"#)
            }

            // Matter 1: Härjedalen's member declares a conflict and takes no part.
            try await app.call(.post, "\(base)/items/\(items[0])/conflict", token["harjedalen"]!, json: #"{"reason": "Jävig"}"#)
            #expect(try await app.call(.put, "\(base)/items/\(items[0])/vote", token["harjedalen"]!, json: #"{"ballot": "yes"}"#).0 == .conflict)
            #expect(try await app.call(.put, "\(base)/items/\(items[0])/vote", krokom, json: #"{"ballot": "yes"}"#).0 == .conflict, "absent")
            for (voter, ballot) in [(chair, "yes"), (substitute, "no"), (token["are"]!, "yes"), (token["stromsund"]!, "no"), (token["bracke"]!, "abstain")] {
                #expect(try await app.call(.put, "\(base)/items/\(items[0])/vote", voter, json: #"{"ballot": "\#(ballot)"}"#).0 == .ok)
            }
            #expect(try await app.call(.put, "\(base)/items/\(items[0])/vote", chair, json: #"{"ballot": "no"}"#).0 == .conflict, "a second vote")
            #expect(try await app.call(.post, "\(base)/items/\(items[0])/decision", krokom).0 == .forbidden)
            let (_, first) = try await app.call(.post, "\(base)/items/\(items[0])/decision", chair)
            let firstDecision = try #require((first["items"] as? [[String: Any]])?[0]["decision"] as? [String: Any])
            #expect(firstDecision["label"] as? String == "§ 1")
            #expect(firstDecision["outcome"] as? String == "approved")
            #expect(firstDecision["decidedByCastingVote"] as? Bool == true)
            #expect(firstDecision["yes"] as? Int == 2 && firstDecision["no"] as? Int == 2 && firstDecision["abstained"] as? Int == 1)

            // Matter 2: everyone serving votes at once, twice each; one vote each stands.
            let voters = [chair, substitute, token["are"]!, token["stromsund"]!, token["harjedalen"]!, token["bracke"]!]
            let accepted = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for voter in voters + voters {
                    group.addTask { try await app.call(.put, "\(base)/items/\(items[1])/vote", voter, json: #"{"ballot": "yes"}"#).0 }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(accepted.filter { $0 == .ok }.count == 6)
            #expect(accepted.allSatisfy { $0 == .ok || $0 == .conflict })
            let (_, second) = try await app.call(.post, "\(base)/items/\(items[1])/decision", procurer)
            #expect(((second["items"] as? [[String: Any]])?[1]["decision"] as? [String: Any])?["label"] as? String == "§ 2")

            // Matter 3 is referred back by majority.
            for (voter, ballot) in [(chair, "no"), (substitute, "yes"), (token["are"]!, "yes"), (token["stromsund"]!, "yes"), (token["harjedalen"]!, "no"), (token["bracke"]!, "yes")] {
                try await app.call(.put, "\(base)/items/\(items[2])/vote", voter, json: #"{"ballot": "\#(ballot)", "question": "refer_back"}"#)
            }
            let (_, third) = try await app.call(.post, "\(base)/items/\(items[2])/decision", chair)
            #expect(((third["items"] as? [[String: Any]])?[2]["decision"] as? [String: Any])?["outcome"] as? String == "referred_back")
            let (_, assignments) = try await app.call(.get, "/api/v1/assignments", procurer)
            let statuses = Dictionary(uniqueKeysWithValues: (assignments["assignments"] as? [[String: Any]] ?? []).compactMap { entry in
                (entry["id"] as? String).map { ($0.lowercased(), entry["status"] as? String ?? "") }
            })
            #expect(statuses[assignmentID.lowercased()] == "approved")
            #expect(statuses[referredID.lowercased()] == "referred_back")

            // Before signing, a member's coordinator sees nothing of the meeting.
            #expect(try await app.call(.get, base, coordinator).0 == .notFound)
            // Signing: the procurer may not; Krokom's member is not the adjuster; the chair and
            // the adjuster sign, then the record is closed.
            #expect(try await app.call(.post, "\(base)/signature", procurer, json: #"{"role": "chair"}"#).0 == .forbidden)
            #expect(try await app.call(.post, "\(base)/signature", krokom, json: #"{"role": "adjuster"}"#).0 == .forbidden)
            #expect(try await app.call(.post, "\(base)/signature", chair, json: #"{"role": "chair"}"#).0 == .ok)
            let (signedStatus, signed) = try await app.call(.post, "\(base)/signature", token["stromsund"]!, json: #"{"role": "adjuster"}"#)
            #expect(signedStatus == .ok && signed["minutesSignedAt"] != nil)
            #expect(try await app.call(.put, "\(base)/attendance", procurer, json: #"{"userID": "\#(id("ledamot.berg@jamtland.example"))", "present": true}"#).0 == .conflict)
            let (_, announced) = try await app.call(.post, "\(base)/announcement", procurer, json: #"{"date": "2026-12-14"}"#)
            #expect(announced["appealEndsOn"] as? String == "2027-01-04")

            // The public record, without logging in.
            let (status, body) = try await app.client.execute(uri: "/api/v1/offices/jamtland/decisions", method: .get) { response in
                (response.status, (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
            }
            #expect(status == .ok)
            let decisions = body["decisions"] as? [[String: Any]] ?? []
            #expect(decisions.contains { $0["paragraph"] as? String == "§ 1" && $0["year"] as? Int == 2026 && $0["appealEndsOn"] as? String == "2027-01-04" })
            #expect(decisions.count == 4, "three of 2026 and the demo's signed one of 2024; nothing of unsigned meetings")
            #expect(try await app.call(.get, base, coordinator).0 == .ok)
        }
    }

    @Test func noDecisionWithoutAQuorum() async throws {
        try await APIFixture.withApp(today: Self.today) { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let chair = try await app.token("ordforande@jamtland.example")
            let (_, meeting) = try await app.call(.post, "/api/v1/meetings", procurer, json: """
                {"startsAt": "2026-12-10T09:00:00Z", "items": [{"title": "Information", "proposal": "Noteras"}]}
                """)
            let meetingID = try #require(meeting["id"] as? String)
            let item = try #require((meeting["items"] as? [[String: Any]])?.first?["id"] as? String)
            for email in ["ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example"] {
                try await app.call(.put, "/api/v1/meetings/\(meetingID)/attendance", procurer,
                                   json: #"{"userID": "\#(DemoData.id("user/\(email)").uuidString)", "present": true}"#)
            }
            try await app.call(.put, "/api/v1/meetings/\(meetingID)/items/\(item)/vote", chair, json: #"{"ballot": "yes"}"#)
            let (status, body) = try await app.call(.post, "/api/v1/meetings/\(meetingID)/items/\(item)/decision", chair)
            #expect(status == .conflict)
            #expect(String(describing: body).contains("not quorate"))
        }
    }

    @Test func anApprovedAssignmentIsCarriedOutAndReportedBackToTheCommittee() async throws {
        try await APIFixture.withApp(today: Self.today) { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let chair = try await app.token("ordforande@jamtland.example")
            let fuel = DemoData.id("assignment/jamtland/drivmedel-2025").uuidString
            let path = "/api/v1/assignments/\(fuel)"
            #expect(try await app.call(.patch, path, procurer, json: #"{"status": "reported", "report": "Klart"}"#).0 == .conflict)
            #expect(try await app.call(.patch, path, procurer, json: #"{"status": "in_progress"}"#).0 == .unprocessableContent, "a procurer is named")
            let (_, started) = try await app.call(.patch, path, procurer, json: #"{"status": "in_progress", "procurerID": "\#(id("upphandlare@jamtland.example"))"}"#)
            #expect(started["status"] as? String == "in_progress")
            try await app.call(.patch, path, procurer, json: #"{"status": "completed"}"#)
            let (_, reported) = try await app.call(.patch, path, procurer, json: #"{"status": "reported", "report": "Avtal tecknat med två leverantörer; besparing 6 %."}"#)
            #expect(reported["status"] as? String == "reported")

            // The report goes on the committee's agenda, which takes note of it.
            let (status, meeting) = try await app.call(.post, "/api/v1/meetings", procurer, json: """
                {"startsAt": "2026-12-10T09:00:00Z", "items": [{"assignmentID": "\(fuel)"}]}
                """)
            #expect(status == .created)
            let meetingID = try #require(meeting["id"] as? String)
            let item = try #require((meeting["items"] as? [[String: Any]])?.first)
            #expect((item["title"] as? String)?.hasPrefix("Återrapport: UK 2024/0001") == true)
            #expect(item["proposal"] as? String == "Nämnden lägger återrapporten till handlingarna.")
            let itemID = try #require(item["id"] as? String)
            let present = ["ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.stromsund@jamtland.example",
                           "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example"]
            for email in present {
                try await app.call(.put, "/api/v1/meetings/\(meetingID)/attendance", procurer, json: #"{"userID": "\#(id(email))", "present": true}"#)
                let voter = email == "ordforande@jamtland.example" ? chair : try await app.token(email)
                try await app.call(.put, "/api/v1/meetings/\(meetingID)/items/\(itemID)/vote", voter, json: #"{"ballot": "yes"}"#)
            }
            let (_, decided) = try await app.call(.post, "/api/v1/meetings/\(meetingID)/items/\(itemID)/decision", chair)
            #expect(((decided["items"] as? [[String: Any]])?.first?["decision"] as? [String: Any])?["outcome"] as? String == "approved")
            let (_, after) = try await app.call(.get, "/api/v1/assignments", procurer)
            let entry = (after["assignments"] as? [[String: Any]])?.first { ($0["id"] as? String)?.lowercased() == fuel.lowercased() }
            #expect(entry?["status"] as? String == "reported", "taking note leaves the reported assignment as it is")
        }
    }
}
