import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OpenContracting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The office's OCDS publication over HTTP against the real database, where the public
/// identity's policies decide what is published: the served package passes the official
/// validator, holds what is public and nothing secret, and never another office's data.
@Suite struct OpenContractingHTTPTests {
    let jamtland = OpenContractingScenario(officeID: DemoData.jamtland.office.id)
    let mittnorr = OpenContractingScenario(officeID: DemoData.mittnorr.office.id)

    func get(_ api: APIFixture, _ uri: String) async throws -> (HTTPResponse.Status, String?, Data) {
        try await api.client.execute(uri: uri, method: .get, headers: [.accept: "application/json"]) { response in
            (response.status, response.headers[.contentType], Data(buffer: response.body))
        }
    }

    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func releases(_ data: Data) throws -> [String: [String: Any]] {
        let list = try #require(try object(data)["releases"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["ocid"] as! String, $0) })
    }

    func loadBoth(_ api: APIFixture) async throws {
        let jamtlandOrgs = DemoData.jamtland.organisations.map(\.id)
        try await jamtland.load(into: api.store, titled: "Jämtland", parties: [jamtlandOrgs[0], jamtlandOrgs[1]], supplierSerials: 700)
        let mittnorrOrgs = DemoData.mittnorr.organisations.map(\.id)
        try await mittnorr.load(into: api.store, titled: "Mittnorr", parties: [mittnorrOrgs[0]], supplierSerials: 800)
    }

    @Test func theAdministratorSetsThePrefixAndNothingIsPublishedBefore() async throws {
        try await APIFixture.withApp(today: .today) { api in
            // The demo publishes under invented prefixes; this test starts from offices without one.
            for office in DemoData.offices {
                try await api.store.transaction(as: .system(of: office.office.id)) { try await $0.setOCIDPrefix(nil) }
            }
            var (status, _, body) = try await get(api, "/kontor/jamtland/ocds.json")
            #expect(status == .notFound)
            #expect(String(decoding: body, as: UTF8.self).contains("ocid_prefix_not_set"))
            (status, _, body) = try await get(api, "/kontor/ingenstans/ocds.json")
            #expect(status == .notFound)
            #expect(String(decoding: body, as: UTF8.self).contains(#""code":"not_found""#))

            let admin = try await api.token("admin@jamtland.example")
            let procurer = try await api.token("upphandlare@jamtland.example")
            #expect(try await api.call(.put, "/api/v1/office/ocid-prefix", procurer, json: #"{"ocidPrefix":"ocds-jmt001"}"#).0 == .forbidden)
            #expect(try await api.call(.put, "/api/v1/office/ocid-prefix", admin, json: #"{"ocidPrefix":"OCDS-jmt001"}"#).0 == .unprocessableContent)
            #expect(try await api.call(.put, "/api/v1/office/ocid-prefix", admin, json: #"{"ocidPrefix":"ocds-jmt01"}"#).0 == .unprocessableContent)
            let (set, view) = try await api.call(.put, "/api/v1/office/ocid-prefix", admin, json: #"{"ocidPrefix":"ocds-jmt001"}"#)
            #expect(set == .ok)
            #expect(view["ocidPrefix"] as? String == "ocds-jmt001")
            #expect(view["publication"] as? String == "/kontor/jamtland/ocds.json")
            #expect(try await api.call(.get, "/api/v1/office/ocid-prefix", procurer).1["ocidPrefix"] as? String == "ocds-jmt001")

            // Another office cannot take it: the ocids would collide.
            let mittnorrAdmin = try await api.token("admin@mittnorr.example", office: DemoData.mittnorr)
            #expect(try await api.call(.put, "/api/v1/office/ocid-prefix", mittnorrAdmin, json: #"{"ocidPrefix":"ocds-jmt001"}"#).0 == .conflict)

            (status, _, body) = try await get(api, "/kontor/jamtland/ocds.json")
            #expect(status == .ok)
            #expect(try object(body)["releases"] as? [Any] != nil)
        }
    }

    @Test func theServedPackageValidatesAndHoldsOnlyWhatIsPublic() async throws {
        try await APIFixture.withApp(today: .today) { api in
            try await loadBoth(api)
            try await api.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { try await $0.setOCIDPrefix("ocds-jmt001") }

            let (status, contentType, body) = try await get(api, "/kontor/jamtland/ocds.json")
            #expect(status == .ok)
            #expect(contentType?.hasPrefix("application/json") == true)

            let report = try LibCoveOCDS.validate(json: body)
            #expect(report.problems.isEmpty, "\(report.problems)\n\(report.output)")
            #expect(report.validationErrors.isEmpty)

            let text = String(decoding: body, as: UTF8.self)
            let releases = try releases(body)
            func ocid(_ id: UUID) -> String { "ocds-jmt001-" + id.uuidString.lowercased() }
            // The scenario's published processes (beside the demo's own tenders and contracts).
            #expect(Set([jamtland.open, jamtland.awarded, jamtland.cancelled, jamtland.direct].map(ocid)).isSubset(of: releases.keys))

            // Not yet published: neither the tender in planning nor the one announced for next week.
            // The demo's food tender is past its deadline with its opening ahead: its bidders stay unknown.
            for secret in ["hemlig planerad", "annons nästa vecka", "utkast som aldrig", "Utkastleverantören", "Snöröj Norr",
                           "Norrfrukt Grossist", "Fjällmejeriet",
                           jamtland.secret.uuidString.lowercased(), jamtland.announced.uuidString.lowercased()] {
                #expect(!text.contains(secret), "\(secret) is published")
            }

            // Opened, not awarded: the tender, and nothing of its bids.
            let open = try #require(releases[ocid(jamtland.open)])
            #expect(open["tag"] as? [String] == ["tender"])
            let openTender = try #require(open["tender"] as? [String: Any])
            #expect(openTender["status"] as? String == "active")
            #expect(openTender["numberOfTenderers"] == nil)
            #expect(open["awards"] == nil && open["bids"] == nil)
            let openDocuments = try #require(openTender["documents"] as? [[String: Any]]).compactMap { $0["documentType"] as? String }
            #expect(openDocuments.sorted() == ["biddingDocuments", "tenderNotice"])
            #expect(!text.contains("Hemlig utvärderingsrapport"))
            #expect(!text.contains("Anbudsgivare"))

            // Awarded and contracted: the award to the winner, the count of bids, the contract.
            let awarded = try #require(releases[ocid(jamtland.awarded)])
            #expect(awarded["tag"] as? [String] == ["contract"])
            let awardedTender = try #require(awarded["tender"] as? [String: Any])
            #expect(awardedTender["numberOfTenderers"] as? Int == 3)
            #expect(awardedTender["status"] as? String == "complete")
            let award = try #require((awarded["awards"] as? [[String: Any]])?.first)
            #expect(award["status"] as? String == "active")
            #expect((award["suppliers"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Jämtland Vinnaren AB"])
            let contract = try #require((awarded["contracts"] as? [[String: Any]])?.first)
            #expect(contract["status"] as? String == "active")
            #expect(contract["awardID"] as? String == award["id"] as? String)
            #expect(text.contains(#""value":{"amount":500000.25,"currency":"SEK"}"#))
            let buyers = try #require(awarded["parties"] as? [[String: Any]]).filter { ($0["roles"] as? [String])?.contains("buyer") == true }
            #expect(buyers.compactMap { $0["name"] as? String }.sorted() == DemoData.jamtland.organisations.prefix(2).map(\.name).sorted())
            #expect(text.contains("Utvärderingsrapport"))
            #expect(!text.contains("Tvåan") && !text.contains("Trean"))

            // No bid price, of the winner or of anyone, and nothing personal.
            // Every amount published, as exact decimals: a bid's price must be none of them.
            let amounts = Set(text.matches(of: try Regex(#""amount":(-?[0-9.]+)"#)).compactMap { match in
                match.output[1].substring.flatMap { Decimal(string: String($0)) }
            })
            #expect(amounts.contains(Decimal(string: "500000.25")!))
            for price in [OpenContractingScenario.winnerPrice] + OpenContractingScenario.losingPrices + OpenContractingScenario.openPrices {
                #expect(!amounts.contains(OCDS.Value(price).amount), "a bid price is published: \(price)")
            }
            #expect(!text.contains("@"))
            for person in DemoData.jamtland.users { #expect(!text.contains(person.user.name)) }

            let cancelled = try #require(releases[ocid(jamtland.cancelled)])
            #expect(cancelled["tag"] as? [String] == ["tenderCancellation"])
            let direct = try #require(releases[ocid(jamtland.direct)])
            #expect((direct["tender"] as? [String: Any])?["procurementMethod"] as? String == "direct")

            // The same package under the API.
            let (apiStatus, _, apiBody) = try await get(api, "/api/v1/offices/jamtland/ocds")
            #expect(apiStatus == .ok)
            #expect(try object(apiBody)["uri"] as? String == object(body)["uri"] as? String)
            #expect(NSArray(array: try object(apiBody)["releases"] as! [Any]).isEqual(to: try object(body)["releases"] as! [Any]))
        }
    }

    @Test func anOfficesPackageNeverHoldsAnotherOfficesData() async throws {
        try await APIFixture.withApp(today: .today) { api in
            try await loadBoth(api)
            try await api.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { try await $0.setOCIDPrefix("ocds-jmt001") }
            try await api.store.transaction(as: .system(of: DemoData.mittnorr.office.id)) { try await $0.setOCIDPrefix("ocds-mnr001") }

            let (status, _, body) = try await get(api, "/kontor/mittnorr/ocds.json")
            #expect(status == .ok)
            let text = String(decoding: body, as: UTF8.self)
            #expect(try Set([mittnorr.open, mittnorr.awarded, mittnorr.cancelled, mittnorr.direct].map {
                "ocds-mnr001-" + $0.uuidString.lowercased()
            }).isSubset(of: releases(body).keys))
            #expect(text.contains("Mittnorr Vinnaren AB"))
            #expect(!text.contains("Jämtland"))
            #expect(!text.contains("ocds-jmt001"))
            for organisation in DemoData.jamtland.organisations {
                #expect(!text.contains(organisation.name))
                #expect(!text.contains(organisation.organisationNumber.digits))
            }
            for id in [jamtland.open, jamtland.awarded, jamtland.cancelled, jamtland.direct, jamtland.awardedContract] {
                #expect(!text.contains(id.uuidString.lowercased()))
            }
            let jamtlandText = String(decoding: try await get(api, "/kontor/jamtland/ocds.json").2, as: UTF8.self)
            #expect(!jamtlandText.contains("Mittnorr"))
            #expect(LibCoveOCDS.extensionFields.count == 4)
            #expect(try LibCoveOCDS.validate(json: body).problems.isEmpty)
        }
    }

    @Test func thePublicationIsReadOnlyAsThePublic() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let office = DemoData.jamtland.office.id
            try await store.transaction(as: .system(of: office)) { try await $0.setOCIDPrefix(nil) }
            await #expect(throws: OpenContractingReadError.notThePublic) {
                try await store.transaction(as: .system(of: office)) { try await $0.openContractingPublication() }
            }
            guard case .prefixNotSet(let listing)? = try await store.openContractingPublication(officeID: office) else {
                Issue.record("an office without a prefix publishes")
                return
            }
            #expect(listing.slug == "jamtland")
            #expect(try await store.openContractingPublication(officeID: UUID()) == nil)
        }
    }
}
