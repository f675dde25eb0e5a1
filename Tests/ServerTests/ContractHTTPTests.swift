import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Procurement
import Server
import Store
import Testing
import TestSupport

/// From an assignment's tender to contracts the members can find, through the JSON API over
/// real HTTP on 127.0.0.1 as the office's procurer and controller and two members. The
/// database's clock is real, so the day is today; where the story needs time to pass (the
/// opening, the standstill), the test moves the tender's dates as the system would.
@Suite struct ContractHTTPTests {
    typealias Fixture = APIFixture

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await APIFixture.withApp(today: .today, body)
    }

    let jamtland = DemoData.jamtland.office.id
    /// An instant as the API reads it: ISO 8601, UTC.
    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    func message(_ body: [String: Any]) -> String { ((body["error"] as? [String: Any])?["message"] as? String) ?? "" }

    /// Lets time pass for a tender: moves its stages as the system, which the database allows
    /// (a user may never move an opening into the past).
    func pass(_ app: Fixture, tender: String, _ sql: PostgresQuery) async throws {
        try await app.store.transaction(as: .system(of: jamtland)) { transaction in
            let tenderID = UUID(uuidString: tender)!
            try await transaction.query("UPDATE tenders SET \(fragment: sql) WHERE id = \(tenderID)")
        }
    }

    @Test func aTenderGoesFromNoticeThroughSealedBidsAndAwardToAnActiveContract() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let controller = try await app.token("controller@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let ragunda = try await app.token("ragunda@jamtland.example")
            let mittnorr = try await app.token("admin@mittnorr.example", office: DemoData.mittnorr)
            let today = CalendarDate.today
            let snow = DemoData.id("supplier/jamtland/snorojning").uuidString
            let cleaner = DemoData.id("supplier/jamtland/norrfrukt").uuidString

            let (created, tender) = try await app.call(.post, "/api/v1/tenders", procurer, json: """
                {"title": "Städtjänster", "cpv": "90910000-9", "contractType": "services", "procedure": "open",
                 "planningFrom": "\(today.adding(days: -30)!.iso)", "lots": [{"title": "Kontor"}, {"title": "Skolor", "estimatedValue": "800000"}]}
                """)
            #expect(created == .created)
            let tenderID = try #require(tender["id"] as? String)
            let lots = try #require(tender["lots"] as? [[String: Any]])
            #expect(lots.map { $0["number"] as? Int } == [1, 2])
            #expect(tender["stage"] as? String == "planning")
            #expect(tender["sealed"] as? Bool == true)
            let lot1 = try #require(lots[0]["id"] as? String), lot2 = try #require(lots[1]["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/tenders", krokom, json: #"{"title": "x", "cpv": "90910000-9", "contractType": "services", "procedure": "open"}"#).0 == .forbidden)

            // The dates are checked: the deadline after the notice, the notice with its reference.
            let soon = Date().addingTimeInterval(3600)
            let (badOrder, badBody) = try await app.call(.patch, "/api/v1/tenders/\(tenderID)/stages", procurer, json: """
                {"noticePublishedOn": "\(today.adding(days: 20)!.iso)", "noticeReference": "TED (test)", "tenderDeadline": "\(Self.iso(soon))"}
                """)
            #expect(badOrder == .unprocessableContent)
            #expect(message(badBody).contains("deadline must be after"))
            let (staged, stagedBody) = try await app.call(.patch, "/api/v1/tenders/\(tenderID)/stages", procurer, json: """
                {"noticePublishedOn": "\(today.adding(days: -10)!.iso)", "noticeReference": "TED 2026/S 1-1 (test)",
                 "tenderDeadline": "\(Self.iso(soon))", "openingAt": "\(Self.iso(soon.addingTimeInterval(3600)))"}
                """)
            #expect(staged == .ok)
            #expect(stagedBody["stage"] as? String == "tendering")

            // Bids come in; nobody can read them, nor count them.
            let received = Self.iso(Date().addingTimeInterval(-600))
            var bidIDs: [String] = []
            for (lot, supplier, price) in [(lot1, snow, "250000"), (lot1, cleaner, "240000"), (lot2, snow, "700000")] {
                let (status, body) = try await app.call(.post, "/api/v1/tenders/\(tenderID)/bids", procurer, json: """
                    {"lotID": "\(lot)", "supplierID": "\(supplier)", "price": "\(price)", "receivedAt": "\(received)"}
                    """)
                #expect(status == .created)
                #expect(body.keys.sorted() == ["id"], "a registered bid is not read back")
                bidIDs.append(try #require(body["id"] as? String))
            }
            #expect(try await app.call(.post, "/api/v1/tenders/\(tenderID)/bids", procurer, json: """
                {"lotID": "\(lot1)", "supplierID": "\(snow)", "price": "tvåhundra"}
                """).0 == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/tenders/\(tenderID)/bids", procurer, json: """
                {"lotID": "\(lot1)", "supplierID": "\(UUID())", "price": "1"}
                """).0 == .notFound)
            for token in [procurer, controller, krokom] {
                let (_, view) = try await app.call(.get, "/api/v1/tenders/\(tenderID)", token)
                #expect(view["sealed"] as? Bool == true)
                #expect(view["bids"] == nil)
                #expect((view["lots"] as? [[String: Any]])?.allSatisfy { $0["bids"] == nil } == true)
            }

            // The opening: the office reads the bids, the members not yet.
            try await pass(app, tender: tenderID, "tender_deadline = now() - interval '30 minutes', opening_at = now() - interval '20 minutes'")
            let (_, opened) = try await app.call(.get, "/api/v1/tenders/\(tenderID)", procurer)
            #expect(opened["stage"] as? String == "evaluation")
            #expect((opened["bids"] as? [Any])?.count == 3)
            #expect(try await app.call(.get, "/api/v1/tenders/\(tenderID)", krokom).1["sealed"] as? Bool == true)
            #expect(try await app.call(.patch, "/api/v1/tenders/\(tenderID)/stages", procurer, json: """
                {"openingAt": "\(Self.iso(Date().addingTimeInterval(86_400)))"}
                """).0 == .conflict, "a passed opening does not move")

            // The award decision, with the standstill to its last day.
            let (awarded, award) = try await app.call(.post, "/api/v1/tenders/\(tenderID)/award", procurer, json: """
                {"winningBidIDs": ["\(bidIDs[0])", "\(bidIDs[1])", "\(bidIDs[2])"]}
                """)
            #expect(awarded == .ok)
            #expect(award["stage"] as? String == "standstill")
            let lastDay = Standstill.lastDay(decisionSentOn: today, electronically: true)
            #expect((award["schedule"] as? [String: Any])?["standstillLastDay"] as? String == lastDay.iso)
            let (_, memberView) = try await app.call(.get, "/api/v1/tenders/\(tenderID)", krokom)
            #expect((memberView["bids"] as? [Any])?.count == 3, "after the award the members read the bids")

            // A contract from lot 1: ranked by price, the parties as given.
            let start = today.adding(days: 30)!
            let (contracted, contract) = try await app.call(.post, "/api/v1/tenders/\(tenderID)/contracts", procurer, json: """
                {"lotID": "\(lot1)", "partyIDs": ["\(DemoData.id("org/jamtland/2309"))", "\(DemoData.id("org/jamtland/2380"))"],
                 "terms": {"start": "\(start.iso)", "end": "\(start.adding(months: 24)!.adding(days: -1)!.iso)", "optionMonths": [12, 12],
                           "estimatedValue": "480000", "maximumValue": "700000", "callOffMethod": "ranking"}}
                """)
            #expect(contracted == .created)
            let contractID = try #require(contract["id"] as? String)
            let suppliers = try #require(contract["suppliers"] as? [[String: Any]])
            #expect(suppliers.map { $0["id"] as? String } == [cleaner, snow])
            #expect(suppliers.map { $0["rank"] as? Int } == [1, 2])
            #expect(contract["status"] as? String == "draft")
            #expect(contract["period"] as? String == "2 + 1 + 1 år")

            // Not during the standstill; not with a supplier that lacks its checks.
            let (duringStandstill, standstillBody) = try await app.call(.post, "/api/v1/contracts/\(contractID)/activation", controller)
            #expect(duringStandstill == .conflict)
            #expect(message(standstillBody).contains(lastDay.iso))
            try await pass(app, tender: tenderID, "award_decision_on = current_date - 40, standstill_last_day = current_date - 25")
            let (uncleared, unclearedBody) = try await app.call(.post, "/api/v1/contracts/\(contractID)/activation", controller)
            #expect(uncleared == .conflict)
            #expect(message(unclearedBody).contains("Snöröj Norr AB (demo)"))
            try await app.store.transaction(as: .system(of: jamtland)) { transaction in
                for kind in SupplierCheckKind.requiredBeforeContract {
                    try await transaction.insertSupplierCheck(SupplierCheck(
                        id: UUID(), supplierID: UUID(uuidString: snow)!, kind: kind, checkedOn: today.adding(days: -1)!,
                        validUntil: today.adding(days: 90)!, result: .passed))
                }
            }
            let (activated, active) = try await app.call(.post, "/api/v1/contracts/\(contractID)/activation", controller)
            #expect(activated == .ok)
            #expect(active["status"] as? String == "signed")
            let (_, settled) = try await app.call(.get, "/api/v1/tenders/\(tenderID)", procurer)
            #expect(settled["stage"] as? String == "contracted")
            #expect(try await app.call(.post, "/api/v1/tenders/\(tenderID)/cancellation", procurer, json: #"{"reason": "x"}"#).0 == .conflict)

            // Options in order, each once.
            #expect(try await app.call(.put, "/api/v1/contracts/\(contractID)/options/2", controller, json: #"{"decision": "exercised"}"#).0 == .conflict)
            let (used, extended) = try await app.call(.put, "/api/v1/contracts/\(contractID)/options/1", controller, json: #"{"decision": "exercised"}"#)
            #expect(used == .ok)
            // The option runs a year from the day after the end: three years from the start.
            #expect(extended["currentEnd"] as? String == start.adding(months: 36)!.adding(days: -1)!.iso)
            #expect(extended["nextOpenOption"] as? Int == 2)
            #expect(try await app.call(.put, "/api/v1/contracts/\(contractID)/options/1", controller, json: #"{"decision": "declined"}"#).0 == .conflict)
            #expect(try await app.call(.put, "/api/v1/contracts/\(contractID)/options/2", krokom, json: #"{"decision": "declined"}"#).0 == .forbidden)

            // The register: Krokom is a party, Ragunda is not, Mittnorr knows nothing of it.
            let (_, krokomRegister) = try await app.call(.get, "/api/v1/contracts", krokom)
            let krokomContracts = (krokomRegister["contracts"] as? [[String: Any]] ?? []).compactMap { $0["reference"] as? String }
            #expect(krokomContracts.contains(try #require(active["reference"] as? String)))
            #expect(krokomContracts.contains("UK 2024/0001-1"))
            #expect(!krokomContracts.contains { $0.hasPrefix("DU-") }, "Ragunda's direct award is not Krokom's")
            let (_, ragundaRegister) = try await app.call(.get, "/api/v1/contracts", ragunda)
            #expect((ragundaRegister["contracts"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }.allSatisfy { $0.hasPrefix("DU-") } == true)
            #expect(try await app.call(.get, "/api/v1/contracts/\(contractID)", ragunda).0 == .notFound)
            #expect(try await app.call(.get, "/api/v1/contracts/\(contractID)", mittnorr).0 == .notFound)
            #expect(try await app.call(.get, "/api/v1/tenders/\(tenderID)", mittnorr).0 == .notFound)
            let (_, filtered) = try await app.call(.get, "/api/v1/contracts?cpv=9091&status=signed", krokom)
            #expect((filtered["contracts"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [contractID])
            #expect(try await app.call(.get, "/api/v1/contracts?status=sleeping", krokom).0 == .badRequest)
            #expect(try await app.call(.get, "/api/v1/contracts?endingBy=31-12-2026", krokom).0 == .badRequest)
        }
    }

    @Test func theRegisterExportsAsCSVWhatTheMemberSees() async throws {
        try await withApp { app in
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let ragunda = try await app.token("ragunda@jamtland.example")
            let csv = { (token: String, query: String) async throws -> (HTTPResponse.Status, String, String?) in
                try await app.client.execute(
                    uri: "/api/v1/contracts.csv\(query)", method: .get, headers: [.authorization: "Bearer \(token)"], body: nil
                ) { response in (response.status, String(buffer: response.body), response.headers[.contentType]) }
            }
            let (status, text, type) = try await csv(krokom, "")
            #expect(status == .ok)
            #expect(type?.hasPrefix("text/csv") == true)
            #expect(text.hasPrefix("\u{FEFF}Avtalsnummer;Avtal;CPV;"))
            let lines = text.split(separator: "\r\n")
            #expect(lines.count == 4, "header, fuel, office supplies, paper")
            #expect(lines.contains { $0.hasPrefix("UK 2024/0001-1;Drivmedel 2025;09132000-3;") && $0.contains(";16480000,00;24000000,00;") })
            #expect(!text.contains("e-arkiv"))
            // The contract manager is an official contact: the member knows whom to call.
            let (_, fuel) = try await app.call(.get, "/api/v1/contracts/\(DemoData.id("contract/jamtland/drivmedel-2025"))", krokom)
            #expect((fuel["manager"] as? [String: Any])?["name"] as? String == "Erik Lindqvist (demo)")
            let (_, ragundaText, _) = try await csv(ragunda, "")
            #expect(ragundaText.contains("Konsultstöd vid införande av e-arkiv"))
            #expect(!ragundaText.contains("Drivmedel"))
            // Ending this year: the two office-supplies contracts, extended by both options to 31 December.
            let year = CalendarDate.today.year
            let (_, thisYear, _) = try await csv(krokom, "?endingFrom=\(year)-01-01&endingBy=\(year)-12-31")
            let ending = thisYear.split(separator: "\r\n").dropFirst().map { $0.split(separator: ";")[1] }
            #expect(ending == ["Kontorsmateriel", "Kopieringspapper"])
            let (_, successorless) = try await app.call(.get, "/api/v1/contracts?needsSuccessor=true", krokom)
            #expect((successorless["contracts"] as? [[String: Any]])?.compactMap { $0["reference"] as? String } == ["UK 2024/0001-1"])

            // A new need for paper, which Krokom's contract in force already covers, is flagged to the office.
            let today = CalendarDate.today
            #expect(try await app.call(.post, "/api/v1/needs", krokom, json: """
                {"cpv": "30197630-1", "title": "Papper till skolorna", "quantity": "200", "unit": "kartonger", "yearlyValue": "60000",
                 "wantedStart": "\(today.adding(days: 10)!.iso)", "months": 12}
                """).0 == .created)
            let (_, demand) = try await app.call(.get, "/api/v1/demand", try await app.token("upphandlare@jamtland.example"))
            let overlaps = (demand["warnings"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "overlaps_contract" }
                .compactMap { $0["message"] as? String }
            #expect(overlaps.count == 2, "the office supplies and the paper contract are both in CPV group 301")
            #expect(overlaps.allSatisfy { $0.hasPrefix("Krokoms kommun, ”Papper till skolorna” och avtal KM-") })
        }
    }

    @Test func aDirectAwardAtTheLimitIsDocumentedAndOneBelowNeedsNothing() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let today = CalendarDate.today
            let base = """
                "cpv": "72224000-1", "supplierID": "\(DemoData.id("supplier/jamtland/arkivkonsult"))",
                "partyIDs": ["\(DemoData.id("org/jamtland/2303"))"]
                """
            func terms(_ value: String) -> String {
                #""terms": {"title": "Verksamhetsanalys", "start": "\#(today.iso)", "end": "\#(today.adding(days: 90)!.iso)", "estimatedValue": "\#(value)"}"#
            }
            let (undocumented, undocumentedBody) = try await app.call(.post, "/api/v1/contracts", procurer, json: "{\(base), \(terms("100000"))}")
            #expect(undocumented == .unprocessableContent)
            #expect(message(undocumentedBody).contains("19 a kap."))
            let (tooMany, _) = try await app.call(.post, "/api/v1/contracts", procurer, json: """
                {\(base), \(terms("150000")), "documentation": {"competitionMethod": "Förfrågan", "suppliersAsked": 1, "answersReceived": 2, "winnerReason": "Pris"}}
                """)
            #expect(tooMany == .unprocessableContent)
            let (documented, contract) = try await app.call(.post, "/api/v1/contracts", procurer, json: """
                {\(base), \(terms("150000")), "documentation": {"competitionMethod": "Förfrågan till tre", "suppliersAsked": 3,
                 "answersReceived": 2, "winnerReason": "Lägst pris"}}
                """)
            #expect(documented == .created)
            #expect(contract["directAward"] as? Bool == true)
            #expect((contract["documentation"] as? [String: Any])?["suppliersAsked"] as? Int == 3)
            let id = try #require(contract["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/contracts/\(id)/activation", procurer).1["status"] as? String == "active")
            let (small, smallContract) = try await app.call(.post, "/api/v1/contracts", procurer, json: "{\(base), \(terms("99999.99"))}")
            #expect(small == .created)
            #expect(smallContract["documentation"] == nil)
            #expect(try await app.call(.post, "/api/v1/contracts", krokom, json: "{\(base), \(terms("1000"))}").0 == .forbidden)
            // A framework needs its maximum; the maximum is not below the estimate.
            #expect(try await app.call(.post, "/api/v1/contracts", procurer, json: """
                {\(base), "terms": {"title": "x", "start": "\(today.iso)", "end": "\(today.iso)", "estimatedValue": "5000", "maximumValue": "4000"}}
                """).0 == .unprocessableContent)
        }
    }

    @Test func aCancellationNeedsItsReasonAndEndsTheTender() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let food = DemoData.id("tender/jamtland/livsmedel")
            let (noReason, body) = try await app.call(.post, "/api/v1/tenders/\(food)/cancellation", procurer, json: #"{"reason": "  "}"#)
            #expect(noReason == .unprocessableContent)
            #expect(message(body).contains("reason"))
            let (cancelled, view) = try await app.call(.post, "/api/v1/tenders/\(food)/cancellation", procurer, json: """
                {"reason": "Budgeten drogs in."}
                """)
            #expect(cancelled == .ok)
            #expect(view["stage"] as? String == "cancelled")
            #expect(view["sealed"] as? Bool == true, "a cancelled tender's bids stay sealed until its opening")
            #expect(try await app.call(.post, "/api/v1/tenders/\(food)/bids", procurer, json: """
                {"lotID": "\(DemoData.id("lot/jamtland/livsmedel/1"))", "supplierID": "\(DemoData.id("supplier/jamtland/norrfrukt"))",
                 "price": "10", "receivedAt": "\(Self.iso(Date().addingTimeInterval(-200_000)))"}
                """).0 == .conflict)
        }
    }
}
