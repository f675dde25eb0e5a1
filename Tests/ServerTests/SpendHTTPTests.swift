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

/// Spend over real HTTP with bearer tokens: invoice files imported as `multipart/form-data`
/// (CSV exports and the official PEPPOL examples), refused files with their place in
/// `error.details`, who sees whose figures, and call-offs against a framework's maximum.
@Suite struct SpendHTTPTests {
    func withApp(_ body: @escaping @Sendable (APIFixture) async throws -> Void) async throws {
        try await APIFixture.withApp(today: .today, body)
    }

    static func org(_ code: String) -> UUID { DemoData.id("org/jamtland/\(code)") }
    /// Härjedalen: party to the fuel framework, without spend in the demo.
    static let harjedalen = org("2361")
    static let krokom = org("2309")
    static let are = org("2321")
    static let fuelContract = DemoData.id("contract/jamtland/drivmedel-2025")
    /// Fjällbränsle AB (demo), the fuel framework's supplier from 2025-04-01; Norrdrivmedel is not on it.
    static let fuelSupplier = DemoData.organisationNumber(group: 5, serial: 501).formatted
    static let otherFuelSupplier = DemoData.organisationNumber(group: 5, serial: 502).formatted
    static let header = "Leverantörens organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto\n"

    static var peppolFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/testdata/peppol")
    }

    static func peppol(_ name: String) throws -> (name: String, bytes: [UInt8]) {
        (name, Array(try Data(contentsOf: peppolFolder.appendingPathComponent(name))))
    }

    static func csv(_ name: String, _ rows: String) -> (name: String, bytes: [UInt8]) { (name, Array((header + rows).utf8)) }

    func error(_ body: [String: Any]) -> [String: Any] { body["error"] as? [String: Any] ?? [:] }
    func code(_ body: [String: Any]) -> String? { error(body)["code"] as? String }
    func details(_ body: [String: Any]) -> [String: String] { error(body)["details"] as? [String: String] ?? [:] }
    func money(_ value: Any?) -> Money? { (value as? String).flatMap { Money(decimal: $0) } }

    /// Sends the files (and the organisation, where given) as `multipart/form-data`.
    func upload(
        _ app: APIFixture, _ token: String, organisation: UUID?, _ files: [(name: String, bytes: [UInt8])],
        fields: KeyValuePairs<String, String> = [:]
    ) async throws -> (HTTPResponse.Status, [String: Any]) {
        var form = MultipartBody(fields: fields, files: files)
        if let organisation { form.parts.insert(("organisation", nil, nil, Array(organisation.uuidString.utf8)), at: 0) }
        return try await send(app, token, contentType: form.contentType, bytes: form.bytes)
    }

    func send(_ app: APIFixture, _ token: String, contentType: String, bytes: [UInt8]) async throws -> (HTTPResponse.Status, [String: Any]) {
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .accept: "application/json", .contentType: contentType]
        return try await app.client.execute(uri: "/api/v1/spend/imports", method: .post, headers: headers, body: ByteBuffer(bytes: bytes)) { response in
            let data = Data(buffer: response.body)
            let object = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
            return (response.status, object)
        }
    }

    func imports(_ app: APIFixture, _ token: String, of organisation: UUID? = nil) async throws -> [[String: Any]] {
        let query = organisation.map { "?organisation=\($0.uuidString)" } ?? ""
        let (status, body) = try await app.call(.get, "/api/v1/spend/imports\(query)", token)
        #expect(status == .ok)
        return body["imports"] as? [[String: Any]] ?? []
    }

    static let may2025 = "from=2025-05-01&to=2025-05-31"
    static let year2025 = "from=2025-01-01&to=2025-12-31"

    @Test func theControllerImportsACSVAndThePEPPOLExamplesForAMember() async throws {
        try await withApp { app in
            let controller = try await app.token("controller@jamtland.example")
            let file = Self.csv("reskontra.csv", """
                \(Self.fuelSupplier);Fjällbränsle AB;T-1;2025-05-10;10 000,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;T-2;2025-05-20;2 500,50;5611
                \(Self.otherFuelSupplier);Norrdrivmedel AB;N-1;2025-05-15;1 000,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;T-0;2025-03-15;4 000,00;5611
                5560360793;Kafferosteriet AB;K-1;2025-05-02;700,00;4990

                """)
            let (created, summary) = try await upload(app, controller, organisation: Self.harjedalen, [file])
            #expect(created == .created, "\(summary)")
            #expect(summary["importID"] is String)
            #expect(summary["invoicesAdded"] as? Int == 5 && summary["linesAdded"] as? Int == 5)
            #expect(summary["amountSEK"] as? String == "18200.50")
            #expect(summary["matchedSEK"] as? String == "12500.50", "May's Fjällbränsle invoices; March is before the contract")
            let files = summary["files"] as? [[String: Any]] ?? []
            #expect(files.map { $0["format"] as? String } == ["csv"] && files.map { $0["name"] as? String } == ["reskontra.csv"])

            // The same file again: nothing new, no import recorded.
            let (again, againSummary) = try await upload(app, controller, organisation: Self.harjedalen, [file])
            #expect(again == .ok)
            #expect(againSummary["invoicesAdded"] as? Int == 0 && againSummary["invoicesSkipped"] as? Int == 5)
            #expect(againSummary["importID"] == nil || againSummary["importID"] is NSNull)
            #expect(try await imports(app, controller, of: Self.harjedalen).count == 1)

            // May's figures: fuel on contract, Norrdrivmedel leaking, coffee not addressable.
            let (status, report) = try await app.call(.get, "/api/v1/spend/compliance?organisation=\(Self.harjedalen.uuidString)&\(Self.may2025)", controller)
            #expect(status == .ok)
            let figures = report["figures"] as? [String: Any] ?? [:]
            #expect(figures["total"] as? String == "14200.50")
            #expect(figures["addressable"] as? String == "13500.50")
            #expect(figures["contracted"] as? String == "12500.50")
            #expect(figures["leakage"] as? String == "1000.00")
            #expect((report["members"] as? [[String: Any]])?.map { $0["organisationID"] as? String } == [Self.harjedalen.uuidString])
            let (_, leaking) = try await app.call(
                .get, "/api/v1/spend/suppliers?organisation=\(Self.harjedalen.uuidString)&\(Self.year2025)&leakage=true", controller)
            let suppliers = leaking["suppliers"] as? [[String: Any]] ?? []
            #expect(suppliers.map { $0["name"] as? String } == ["Norrdrivmedel AB"])
            #expect(suppliers.first?["leakage"] as? String == "1000.00")
            #expect(suppliers.first?["organisationNumber"] as? String == Self.otherFuelSupplier)

            // The official PEPPOL examples: an invoice in EUR and its credit note bring it back to zero.
            let (euros, eurosSummary) = try await upload(
                app, controller, organisation: Self.harjedalen, [try Self.peppol("base-example.xml"), try Self.peppol("vat-category-E.xml")])
            #expect(euros == .created, "\(eurosSummary)")
            #expect(eurosSummary["invoicesAdded"] as? Int == 2)
            #expect((eurosSummary["files"] as? [[String: Any]])?.map { $0["format"] as? String } == ["peppol-invoice", "peppol-invoice"])
            let first = eurosSummary["otherCurrencies"] as? [String: String] ?? [:]
            #expect(first == ["EUR": "1325.00", "GBP": "1200.00"])
            let (credited, creditSummary) = try await upload(app, controller, organisation: Self.harjedalen, [try Self.peppol("base-creditnote-correction.xml")])
            #expect(credited == .created, "\(creditSummary)")
            #expect((creditSummary["files"] as? [[String: Any]])?.first?["format"] as? String == "peppol-credit-note")
            let credit = creditSummary["otherCurrencies"] as? [String: String] ?? [:]
            #expect(Money(decimal: first["EUR"] ?? "")! + Money(decimal: credit["EUR"] ?? "x")! == .zero, "\(credit)")
            let (allowance, allowanceSummary) = try await upload(app, controller, organisation: Self.harjedalen, [try Self.peppol("Allowance-example.xml")])
            #expect(allowance == .created, "\(allowanceSummary)")
            #expect(try await imports(app, controller, of: Self.harjedalen).count == 4)

            // Another invoice "Snippet1" from the same supplier, with other lines: a conflict, with its place.
            let (conflict, conflictBody) = try await upload(app, controller, organisation: Self.harjedalen, [try Self.peppol("Vat-category-S.xml")])
            #expect(conflict == .conflict && code(conflictBody) == "invoice_conflicts", "\(conflictBody)")
            #expect(details(conflictBody)["file"] == "Vat-category-S.xml" && details(conflictBody)["line"] != nil)
            #expect(try await imports(app, controller, of: Self.harjedalen).count == 4)
        }
    }

    @Test func malformedUploadsAreRefusedWithTheirPlaceAndNothingIsKept() async throws {
        try await withApp { app in
            let controller = try await app.token("controller@jamtland.example")
            let good = Self.csv("bra.csv", "\(Self.fuelSupplier);Fjällbränsle AB;G-1;2025-05-10;100,00;5611\n")
            let before = try await imports(app, controller).count

            let bad = Self.csv("dalig.csv", """
                \(Self.fuelSupplier);Fjällbränsle AB;B-1;2025-05-10;100,00;5611
                \(Self.fuelSupplier);Fjällbränsle AB;B-2;2025-05-11;tolv;5611

                """)
            let (status, body) = try await upload(app, controller, organisation: Self.harjedalen, [good, bad])
            #expect(status == .unprocessableContent && code(body) == "invalid_spend_file", "\(body)")
            #expect(details(body) == ["file": "dalig.csv", "line": "3"])
            let message = error(body)["message"] as? String ?? ""
            #expect(message.contains("Belopp exkl moms") && message.contains("tolv"), "\(message)")

            var truncated = try Self.peppol("base-example.xml")
            truncated.bytes = Array(truncated.bytes.prefix(truncated.bytes.count / 2))
            let (cut, cutBody) = try await upload(app, controller, organisation: Self.harjedalen, [good, truncated])
            #expect(cut == .unprocessableContent && code(cutBody) == "invalid_spend_file", "\(cutBody)")
            #expect(details(cutBody)["file"] == "base-example.xml")

            // UTF-16 with its byte-order mark, as Excel's "Unicode text" writes it.
            let text = Self.header + "\(Self.fuelSupplier);Fjällbränsle AB;U-1;2025-05-10;100,00;5611\n"
            let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            let (wide, wideBody) = try await upload(app, controller, organisation: Self.harjedalen, [("unicode.txt", utf16)])
            #expect(wide == .unprocessableContent && code(wideBody) == "invalid_spend_file", "\(wideBody)")
            #expect((error(wideBody)["message"] as? String ?? "").contains("UTF-16"))

            // One invoice number from one supplier in two files of an import: refused, nothing kept.
            let (twice, twiceBody) = try await upload(
                app, controller, organisation: Self.harjedalen, [try Self.peppol("Allowance-example.xml"), try Self.peppol("Vat-category-S.xml")])
            #expect(twice == .unprocessableContent, "\(twiceBody)")
            #expect((error(twiceBody)["message"] as? String ?? "").contains("two files"))

            // Not multipart, no file, an unknown column field, an organisation that is no id.
            let (json, jsonBody) = try await app.call(.post, "/api/v1/spend/imports", controller, json: #"{"organisation": "x"}"#)
            #expect(json == .unsupportedMediaType && code(jsonBody) == "unsupported_media_type")
            let (noFile, noFileBody) = try await upload(app, controller, organisation: Self.harjedalen, [])
            #expect(noFile == .unprocessableContent, "\(noFileBody)")
            let (column, _) = try await upload(app, controller, organisation: Self.harjedalen, [good], fields: ["column.price": "Pris"])
            #expect(column == .unprocessableContent)
            let (notID, _) = try await upload(app, controller, organisation: nil, [good], fields: ["organisation": "Härjedalen"])
            #expect(notID == .unprocessableContent)
            // The period's default start, a year before a `to` in the calendar's first year, once crashed the server.
            #expect(try await app.call(.get, "/api/v1/spend/compliance?to=0001-03-01", controller).0 == .ok)
            #expect(try await app.call(.get, "/api/v1/spend/suppliers?to=0001-03-01", controller).0 == .ok)
            let (noOrganisation, _) = try await upload(app, controller, organisation: nil, [good])
            #expect(noOrganisation == .unprocessableContent, "the controller has no organisation of its own")
            let (garbled, _) = try await send(app, controller, contentType: "multipart/form-data; boundary=abc", bytes: Array("nonsense".utf8))
            #expect(garbled == .badRequest)

            #expect(try await imports(app, controller).count == before)
            let (_, report) = try await app.call(.get, "/api/v1/spend/compliance?organisation=\(Self.harjedalen.uuidString)&\(Self.year2025)", controller)
            #expect((report["figures"] as? [String: Any])?["total"] as? String == "0.00")

            // A mapped column: the export's own header for the amount.
            let own = ("egna-rubriker.csv", Array("""
                Orgnr;Leverantör;Fakturanr;Datum;Summa;Konto
                \(Self.fuelSupplier);Fjällbränsle AB;M-1;2025-05-10;250,00;5611

                """.utf8))
            let (mapped, mappedBody) = try await upload(app, controller, organisation: Self.harjedalen, [own], fields: ["column.amount": "Summa"])
            #expect(mapped == .created && mappedBody["amountSEK"] as? String == "250.00", "\(mappedBody)")
        }
    }

    @Test func eachReaderSeesOnlyTheFiguresTheRoleAllows() async throws {
        try await withApp { app in
            let controller = try await app.token("controller@jamtland.example")
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let chair = try await app.token("ordforande@jamtland.example", role: .committeeChair)
            let mittnorr = try await app.token("admin@mittnorr.example", office: DemoData.mittnorr)
            let file = Self.csv("harjedalen.csv", "\(Self.fuelSupplier);Fjällbränsle AB;H-1;2025-05-10;5 000,00;5611\n")
            #expect(try await upload(app, controller, organisation: Self.harjedalen, [file]).0 == .created)
            let harjedalen = Self.harjedalen.uuidString

            // Krokom's coordinator: Krokom only, whatever it asks for.
            let (own, ownReport) = try await app.call(.get, "/api/v1/spend/compliance", krokom)
            #expect(own == .ok)
            let members = (ownReport["members"] as? [[String: Any]] ?? []).compactMap { $0["organisationID"] as? String }
            #expect(members == [Self.krokom.uuidString])
            #expect(money((ownReport["figures"] as? [String: Any])?["total"]).map { $0 > .zero } == true)
            let (_, peek) = try await app.call(.get, "/api/v1/spend/compliance?organisation=\(harjedalen)&\(Self.year2025)", krokom)
            #expect((peek["figures"] as? [String: Any])?["total"] as? String == "0.00")
            #expect((peek["members"] as? [Any])?.isEmpty == true && (peek["months"] as? [Any])?.isEmpty == true)
            let (_, peekSuppliers) = try await app.call(.get, "/api/v1/spend/suppliers?organisation=\(harjedalen)&\(Self.year2025)", krokom)
            #expect((peekSuppliers["suppliers"] as? [Any])?.isEmpty == true)
            let (_, ownSuppliers) = try await app.call(.get, "/api/v1/spend/suppliers?\(Self.year2025)&limit=500", krokom)
            #expect(!((ownSuppliers["suppliers"] as? [[String: Any]]) ?? []).isEmpty)
            #expect((ownSuppliers["suppliers"] as? [[String: Any]] ?? []).allSatisfy { ($0["organisations"] as? Int) == 1 })
            let ownImports = try await imports(app, krokom)
            #expect(!ownImports.isEmpty && ownImports.allSatisfy { $0["organisationID"] as? String == Self.krokom.uuidString })
            #expect(try await imports(app, krokom, of: Self.harjedalen).isEmpty)
            let (refused, refusedBody) = try await upload(app, krokom, organisation: Self.harjedalen, [file])
            #expect(refused == .forbidden, "\(refusedBody)")
            // Its own organisation by default.
            let (ownImport, ownImportBody) = try await upload(
                app, krokom, organisation: nil, [Self.csv("krokom.csv", "\(Self.fuelSupplier);Fjällbränsle AB;KR-1;2025-05-10;100,00;5611\n")])
            #expect(ownImport == .created, "\(ownImportBody)")
            #expect(try await imports(app, controller, of: Self.krokom).count == ownImports.count + 1)

            // The committee: the aggregates of every member, but no supplier lists.
            let (committee, committeeReport) = try await app.call(.get, "/api/v1/spend/compliance?\(Self.year2025)", chair)
            #expect(committee == .ok)
            let committeeMembers = Set((committeeReport["members"] as? [[String: Any]] ?? []).compactMap { $0["organisationID"] as? String })
            #expect(committeeMembers.isSuperset(of: [Self.krokom.uuidString, Self.are.uuidString, harjedalen]))
            let (_, chairHarjedalen) = try await app.call(.get, "/api/v1/spend/compliance?organisation=\(harjedalen)&\(Self.year2025)", chair)
            #expect((chairHarjedalen["figures"] as? [String: Any])?["total"] as? String == "5000.00")
            #expect(try await app.call(.get, "/api/v1/spend/suppliers", chair).0 == .forbidden)
            #expect(try await upload(app, chair, organisation: Self.krokom, [file]).0 == .forbidden)

            // Another office sees nothing of Jämtland's.
            let jamtland = Set(DemoData.jamtland.organisations.map(\.id.uuidString))
            let (_, other) = try await app.call(.get, "/api/v1/spend/compliance?\(Self.year2025)", mittnorr)
            let otherMembers = Set((other["members"] as? [[String: Any]] ?? []).compactMap { $0["organisationID"] as? String })
            #expect(!otherMembers.isEmpty && otherMembers.isDisjoint(with: jamtland))
            let (_, otherPeek) = try await app.call(.get, "/api/v1/spend/compliance?organisation=\(harjedalen)&\(Self.year2025)", mittnorr)
            #expect((otherPeek["figures"] as? [String: Any])?["total"] as? String == "0.00")
            #expect(try await imports(app, mittnorr).allSatisfy { !jamtland.contains($0["organisationID"] as? String ?? "") })
            let (_, otherSuppliers) = try await app.call(.get, "/api/v1/spend/suppliers?organisation=\(harjedalen)", mittnorr)
            #expect((otherSuppliers["suppliers"] as? [Any])?.isEmpty == true)
            #expect(try await app.call(.get, "/api/v1/contracts/\(Self.fuelContract.uuidString)/call-offs", mittnorr).0 == .notFound)
            let (intruding, _) = try await upload(app, mittnorr, organisation: Self.harjedalen, [file])
            #expect(intruding == .notFound || intruding == .forbidden, "\(intruding)")
        }
    }

    @Test func anOrdererCallsOffWithinTheFrameworksMaximum() async throws {
        try await withApp { app in
            let orderer = try await app.token("bestallare.are@jamtland.example", role: .orderer)
            let krokom = try await app.token("krokom@jamtland.example", role: .coordinator)
            let uri = "/api/v1/contracts/\(Self.fuelContract.uuidString)/call-offs"
            let maximum = Money(kronor: 24_000_000)

            let (status, use) = try await app.call(.get, uri, orderer)
            #expect(status == .ok)
            #expect(use["maximumValue"] as? String == maximum.decimalString)
            let calledBefore = try #require(money(use["calledOff"]))
            #expect(money(use["remaining"]) == maximum - calledBefore)

            let (created, callOff) = try await app.call(.post, uri, orderer, json: """
                {"amount": "150 000", "description": "Tankkort, vinterhalvåret", "reference": "ÅRE-TEST-1"}
                """)
            #expect(created == .created, "\(callOff)")
            #expect(callOff["organisationID"] as? String == Self.are.uuidString)
            #expect(callOff["supplierID"] as? String == DemoData.id("supplier/jamtland/fjallbransle").uuidString, "the framework's only supplier")
            #expect(callOff["amount"] as? String == "150000.00")
            let calledNow = calledBefore + Money(kronor: 150_000)

            // More than remains: refused, with what remains.
            let tooMuch = maximum - calledNow + Money(kronor: 1)
            let (refused, refusal) = try await app.call(.post, uri, orderer, json: """
                {"amount": "\(tooMuch.decimalString)", "description": "Tankkort, resten"}
                """)
            #expect(refused == .unprocessableContent && code(refusal) == "exceeds_maximum", "\(refusal)")
            #expect(details(refusal)["remaining"] == (maximum - calledNow).decimalString)
            // Nothing, less than nothing, or no description: no call-off.
            let (negative, _) = try await app.call(.post, uri, orderer, json: #"{"amount": "-5", "description": "Tankkort"}"#)
            #expect(negative == .unprocessableContent)
            let (zero, _) = try await app.call(.post, uri, orderer, json: #"{"amount": "0", "description": "Tankkort"}"#)
            #expect(zero == .unprocessableContent)
            let (noText, _) = try await app.call(.post, uri, orderer, json: #"{"amount": "100"}"#)
            #expect(noText == .unprocessableContent)

            // Only orderers call off; an orderer of an organisation not party to it is refused.
            let (coordinator, _) = try await app.call(.post, uri, krokom, json: #"{"amount": "100", "description": "Tankkort"}"#)
            #expect(coordinator == .forbidden)
            let outsider = try await ordererToken(app, email: "lasare@jamtland.example", organisation: Self.org("2313"))
            let (notParty, notPartyBody) = try await app.call(.post, uri, outsider, json: #"{"amount": "100", "description": "Tankkort"}"#)
            // It does not see the contract at all (a member sees its own contracts), so: not found.
            #expect(notParty == .notFound || notParty == .forbidden, "\(notParty) \(notPartyBody)")
            let (missing, _) = try await app.call(.post, "/api/v1/contracts/\(UUID().uuidString)/call-offs", orderer, json: #"{"amount": "100", "description": "Tankkort"}"#)
            #expect(missing == .notFound)

            // The totals for every reader of the contract; the call-offs one by one for their organisation only.
            let (_, after) = try await app.call(.get, uri, orderer)
            #expect(money(after["calledOff"]) == calledNow)
            #expect(money(after["remaining"]) == maximum - calledNow)
            let mine = after["callOffs"] as? [[String: Any]] ?? []
            #expect(mine.contains { $0["id"] as? String == callOff["id"] as? String })
            let (seen, krokomView) = try await app.call(.get, uri, krokom)
            #expect(seen == .ok)
            #expect(money(krokomView["calledOff"]) == calledNow)
            #expect(money(krokomView["remaining"]) == maximum - calledNow)
            #expect((krokomView["callOffs"] as? [[String: Any]] ?? []).allSatisfy { $0["organisationID"] as? String != Self.are.uuidString })
        }
    }

    /// A token for a role made over the API: the administrator gives the person an orderer's
    /// role for the organisation, as the demo has no orderer outside the fuel framework.
    func ordererToken(_ app: APIFixture, email: String, organisation: UUID) async throws -> String {
        let admin = try await app.token("admin@jamtland.example")
        let userID = DemoData.id("user/\(email)")
        let (status, role) = try await app.call(.post, "/api/v1/users/\(userID.uuidString)/roles", admin, json: """
            {"role": "orderer", "organisationID": "\(organisation.uuidString)"}
            """)
        #expect(status == .created, "\(role)")
        let roleID = try #require((role["id"] as? String).flatMap(UUID.init(uuidString:)))
        let secret = SecretToken.generate(prefix: "svt_")
        try await app.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { transaction in
            try await transaction.insertAPIToken(
                id: UUID(), userID: userID, roleID: roleID, name: "test", tokenHash: secret.hash, expiresAt: nil)
        }
        return secret.value
    }
}
