import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// Bad input over real HTTP, case by case (schemathesis covers the same ground at random):
/// each is refused with a JSON error of the client's kind, or stored harmlessly and shown
/// escaped; none is a server error.
@Suite struct BadInputHTTPTests {
    func withApp(_ body: @escaping @Sendable (APIFixture) async throws -> Void) async throws {
        try await APIFixture.withApp(today: .today, body)
    }

    func code(_ body: [String: Any]) -> String? { (body["error"] as? [String: Any])?["code"] as? String }

    @Test func oversizedMalformedAndMistypedBodiesAreRefused() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let big = "{\"name\": \"" + String(repeating: "a", count: AppRequestContext.uploadLimit + 1) + "\"}"
            let (tooLarge, tooLargeBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: big)
            #expect(tooLarge == .contentTooLarge && code(tooLargeBody) == "body_too_large")

            for malformed in ["{", "[1, 2", "", "{\"name\": \"a\" \"country\": \"SE\"}", "\u{FEFF}nonsense"] {
                let (status, body) = try await app.call(.post, "/api/v1/suppliers", procurer, json: malformed)
                #expect(status == .badRequest && code(body) == "bad_request", "\(malformed): \(status)")
            }
            // A number for a text, text for a number, an object for a list.
            for (uri, json) in [
                ("/api/v1/suppliers", #"{"name": 5}"#),
                ("/api/v1/pooled-procurements", #"{"confirmationDeadline": "2030-01-01", "contractMonths": "tolv"}"#),
                ("/api/v1/tenders", #"{"procedure": "open", "lots": {"title": "x"}}"#),
            ] {
                let (status, body) = try await app.call(.post, uri, procurer, json: json)
                #expect(status == .badRequest && code(body) == "bad_request", "\(uri) \(json): \(status) \(body)")
            }
        }
    }

    @Test func invalidDatesAndNegativeAmountsAreRefused() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let supplier = try #require(try await app.call(.get, "/api/v1/suppliers", procurer).1["suppliers"] as? [[String: Any]]).first
            let supplierID = try #require(supplier?["id"] as? String)
            for day in ["2026-02-30", "2026-13-01", "0000-01-01", "26-01-01", "2026-1-1", "2026-01-01T00:00:00Z"] {
                let (status, body) = try await app.call(.post, "/api/v1/suppliers/\(supplierID)/checks", procurer, json: """
                    {"kind": "f_tax", "result": "passed", "checkedOn": "\(day)", "validUntil": "2030-01-01"}
                    """)
                #expect(status == .badRequest && code(body) == "bad_request", "\(day): \(status)")
                let (filtered, _) = try await app.call(.get, "/api/v1/contracts?endingBy=\(day)", procurer)
                #expect(filtered == .badRequest, "?endingBy=\(day): \(filtered)")
            }
            let pooled = try #require(try await app.call(.get, "/api/v1/pooled-procurements", procurer).1["pooledProcurements"] as? [[String: Any]])
            let pooledID = try #require(pooled.first?["id"] as? String)
            let tenders = try #require(try await app.call(.get, "/api/v1/tenders", procurer).1["tenders"] as? [[String: Any]])
            let tender = try #require(tenders.first)
            let lotID = try #require((tender["lots"] as? [[String: Any]])?.first?["id"] as? String)
            for amount in ["-1", "-0.01", "1.001", "1e6", "NaN", ""] {
                let (status, body) = try await app.call(.post, "/api/v1/pooled-procurements/\(pooledID)/cost-allocation", procurer,
                                                        json: #"{"total": "\#(amount)", "basis": "volume"}"#)
                #expect(status == .unprocessableContent && code(body) == "invalid", "total \(amount): \(status)")
                let (bid, bidBody) = try await app.call(.post, "/api/v1/tenders/\(tender["id"] as? String ?? "")/bids", procurer,
                                                        json: #"{"lotID": "\#(lotID)", "supplierID": "\#(supplierID)", "price": "\#(amount)"}"#)
                #expect(bid == .unprocessableContent && code(bidBody) == "invalid", "price \(amount): \(bid)")
            }
            // An amount as a JSON number is a wrong type: amounts are decimal text.
            let (number, numberBody) = try await app.call(.post, "/api/v1/pooled-procurements/\(pooledID)/cost-allocation", procurer,
                                                          json: #"{"total": -5, "basis": "volume"}"#)
            #expect(number == .badRequest && code(numberBody) == "bad_request")
        }
    }

    /// PostgreSQL cannot store U+0000: a client's error (422), not the server's (it was a 500).
    @Test func aNulCharacterInTextIsRefused() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let (created, createdBody) = try await app.call(.post, "/api/v1/suppliers", procurer, json: """
                {"name": "Nul\\u0000AB", "organisationNumber": "\(SupplierHTTPTests.organisationNumber(901))"}
                """)
            #expect(created == .unprocessableContent && code(createdBody) == "invalid", "\(created) \(createdBody)")
            let (searched, searchedBody) = try await app.call(.get, "/api/v1/cpv?q=a%00b", procurer)
            #expect(searched == .unprocessableContent && code(searchedBody) == "invalid", "\(searched) \(searchedBody)")
        }
    }

    /// Unknown fields are ignored; markup and SQL are text like any other: stored as they
    /// came, given back as JSON strings, shown escaped on the pages.
    @Test func unknownFieldsAreIgnoredAndMarkupAndSQLAreStoredHarmlessly() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let name = #"<script>alert("x")</script>'; DROP TABLE suppliers; --"#
            let json = try String(decoding: JSONSerialization.data(withJSONObject: [
                "name": name, "organisationNumber": SupplierHTTPTests.organisationNumber(902), "isAdmin": true, "officeID": UUID().uuidString,
            ]), as: UTF8.self)
            let (status, body) = try await app.call(.post, "/api/v1/suppliers", procurer, json: json)
            #expect(status == .created, "\(body)")
            #expect(body["name"] as? String == name)
            #expect(body["isAdmin"] == nil && body["officeID"] == nil)
            let id = try #require(body["id"] as? String)
            let (_, read) = try await app.call(.get, "/api/v1/suppliers/\(id)", procurer)
            #expect(read["name"] as? String == name)
            let (_, list) = try await app.call(.get, "/api/v1/suppliers", procurer)
            #expect((list["suppliers"] as? [[String: Any]])?.count ?? 0 > 1, "the suppliers table is still there")

            let pages = PoolingPagesTests.Fixture(client: app.client, store: app.store)
            let session = try await pages.logIn("upphandlare@jamtland.example")
            for path in ["/leverantorer", "/leverantorer/\(id.lowercased())"] {
                let page = try await pages.get(path, as: session)
                #expect(page.status == .ok)
                #expect(!page.body.contains("<script>alert"), "\(path) shows the markup as markup")
                #expect(page.body.contains("&lt;script&gt;alert("), "\(path) does not show the name escaped")
            }
        }
    }
}
