import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The Swedish pages of the supplier register, over real HTTP with sessions from the login
/// form and forms with `_csrf`, as a browser sends them; the day is fixed (2026-11-23) and
/// every supplier here is the test's own.
@Suite struct SupplierPagesTests {
    typealias Fixture = PoolingPagesTests.Fixture
    typealias Session = PoolingPagesTests.Session

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await PoolingPagesTests().withApp(body)
    }

    static func number(_ serial: Int) -> String { SupplierHTTPTests.organisationNumber(serial) }

    /// Logs in to another office than Jämtland through the form.
    func logIn(_ app: Fixture, office: String, _ email: String) async throws -> Session {
        let form = try await app.client.execute(uri: "/logga-in", method: .get) { $0 }
        let loginCSRF = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("samverkan_login_csrf=") }?
            .dropFirst("samverkan_login_csrf=".count).prefix { $0 != ";" })
        let body = PoolingPagesTests.encode([("_csrf", String(loginCSRF)), ("office", office), ("email", email), ("password", DemoData.password)])
        let secret = try await app.client.execute(
            uri: "/logga-in", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "samverkan_login_csrf=\(loginCSRF)"],
            body: ByteBuffer(string: body)
        ) { response in
            response.headers[values: .setCookie].first { $0.hasPrefix("samverkan_session=svs_") }?
                .dropFirst("samverkan_session=".count).prefix { $0 != ";" }
        }
        return Session(secret: String(try #require(secret)))
    }

    /// Adds a supplier through the register's form and answers its page's path.
    func add(_ app: Fixture, _ name: String, _ number: String, as session: Session) async throws -> String {
        let added = try await app.post("/leverantorer", [("name", name), ("country", "SE"), ("nationalID", number)], as: session)
        #expect(added.status == .seeOther, "\(added.body)")
        let location = try #require(added.location)
        #expect(location.hasPrefix("/leverantorer/") && location.hasSuffix("?sparat=ny"))
        return String(location.prefix { $0 != "?" })
    }

    @Test func theOfficeAddsASupplierAndRecordsItsChecksThroughTheForms() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let list = try await app.get("/leverantorer", as: procurer)
            #expect(list.status == .ok)
            #expect(list.body.contains("<h1>Leverantörer</h1>") && list.body.contains(#"<a href="/leverantorer">Leverantörer</a>"#))
            #expect(list.body.contains(#"<form class="inline" method="get" action="/leverantorer" role="search""#))
            #expect(list.body.contains(#"action="/leverantorer" aria-labelledby="ny-leverantor""#))
            #expect(list.body.contains(#"<input type="hidden" name="_csrf" value="\#(procurer.csrf)">"#))

            // A wrong check digit: the form comes back with the reason and what was typed.
            let number = Self.number(11)
            let wrong = String(number.dropLast()) + String((Int(String(number.last!))! + 1) % 10)
            let refused = try await app.post("/leverantorer", [("name", "Fjällbygg AB (test)"), ("country", "SE"), ("nationalID", wrong)], as: procurer)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Organisationsnumret är inte giltigt: kontrollsiffran (den sista) stämmer inte."))
            #expect(refused.body.contains(#"value="Fjällbygg AB (test)""#) && refused.body.contains(#"value="\#(wrong)""#))
            let badCountry = try await app.post("/leverantorer", [("name", "Fjällbygg AB (test)"), ("country", "Sverige"), ("nationalID", number)], as: procurer)
            #expect(badCountry.status == .unprocessableContent && badCountry.body.contains("landskod med två bokstäver"))

            let path = try await add(app, "Fjällbygg AB (test)", number, as: procurer)
            let page = try await app.get(path + "?sparat=ny", as: procurer)
            #expect(page.status == .ok)
            #expect(page.body.contains("Leverantören är tillagd i registret.") && page.body.contains("<h1>Fjällbygg AB (test)</h1>"))
            #expect(page.body.contains("<dd data-number>\(number)</dd>") && page.body.contains("Sverige (SE)"))
            #expect(page.body.contains("Saknar: F-skatt; Skatter, avgifter och skulder hos Kronofogden; Uteslutningsgrunder (LOU 13 kap.)"))
            #expect(page.body.contains("Inga kontroller är registrerade.") && page.body.contains(#"action="\#(path)/kontroller""#))

            // The same number again is refused on the register's page.
            let duplicate = try await app.post("/leverantorer", [("name", "Fjällbygg igen AB"), ("country", "se"), ("nationalID", number.replacingOccurrences(of: "-", with: ""))], as: procurer)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.contains("Fjällbygg AB (test) finns redan i registret med organisationsnummer \(number)."))

            // Checks through the form: refusals first, in Swedish, with the form filled again.
            let future = try await app.post("\(path)/kontroller", [
                ("kind", "f_tax"), ("result", "passed"), ("checkedOn", "2026-11-24"), ("validUntil", "2027-11-23"), ("note", "För tidigt"),
            ], as: procurer)
            #expect(future.status == .unprocessableContent && future.body.contains("Kontrollen kan inte vara gjord ett datum i framtiden."))
            #expect(future.body.contains(">För tidigt</textarea>") && future.body.contains(#"value="2026-11-24""#))
            let noEnd = try await app.post("\(path)/kontroller", [("kind", "f_tax"), ("result", "passed"), ("checkedOn", "2026-11-20"), ("validUntil", "")], as: procurer)
            #expect(noEnd.status == .unprocessableContent && noEnd.body.contains("Ange till och med vilket datum den godkända kontrollen gäller."))
            let noKind = try await app.post("\(path)/kontroller", [("kind", "kreditupplysning"), ("result", "passed"), ("checkedOn", "2026-11-20")], as: procurer)
            #expect(noKind.status == .unprocessableContent && noKind.body.contains("Välj vad som kontrollerades."))

            for (kind, checkedOn, until) in [("f_tax", "2026-11-02", "2027-11-01"), ("taxes_and_debts", "2026-11-20", "2027-02-20")] {
                let saved = try await app.post("\(path)/kontroller", [("kind", kind), ("result", "passed"), ("checkedOn", checkedOn), ("validUntil", until), ("note", "")], as: procurer)
                #expect(saved.status == .seeOther && saved.location == "\(path)?sparat=kontroll", "\(saved.body)")
            }
            var checked = try await app.get("\(path)?sparat=kontroll", as: procurer)
            #expect(checked.body.contains("Kontrollen är registrerad.") && checked.body.contains("Saknar: Uteslutningsgrunder (LOU 13 kap.)"))
            #expect(PoolingPagesTests().count("data-check>", in: checked.body) == 2)
            #expect(checked.body.contains(SupplierHTTPTests.name("upphandlare@jamtland.example")))
            let saved = try await app.post("\(path)/kontroller", [
                ("kind", "exclusion_grounds"), ("result", "passed"), ("checkedOn", "2026-11-23"), ("validUntil", "2027-11-22"),
                ("note", "Belastningsregister och konkursregister"),
            ], as: procurer)
            #expect(saved.status == .seeOther)
            checked = try await app.get(path, as: procurer)
            #expect(checked.body.contains("<dd data-vetting><strong>Godkänd för avtal</strong></dd>"))
            #expect(checked.body.contains("Belastningsregister och konkursregister") && checked.body.contains("(Gäller)"))

            // The register shows it cleared; the search finds it by name in any case and by number.
            let cleared = try await app.get("/leverantorer", as: procurer)
            #expect(cleared.body.contains(#"<a href="\#(path)">Fjällbygg AB (test)</a>"#))
            #expect(cleared.body.contains(#"<td data-vetting><span class="tag">Godkänd för avtal</span></td>"#))
            for query in ["FJ%C3%84LLBYGG", "fj%C3%A4llbygg+ab", "559888-01", "5598880"] {
                let found = try await app.get("/leverantorer?q=\(query)", as: procurer)
                #expect(found.status == .ok && found.body.contains(#"href="\#(path)""#), "\(query)")
            }
            let none = try await app.get("/leverantorer?q=Zyxw+V%C3%A4st", as: procurer)
            #expect(!none.body.contains(#"href="\#(path)""#) && none.body.contains("Ingen leverantör matchar sökningen."))
            #expect(none.body.contains(#"value="Zyxw Väst""#))

            // Renamed through the form.
            let renamed = try await app.post("\(path)/namn", [("name", "Fjällbygg & Mark AB (test)")], as: procurer)
            #expect(renamed.status == .seeOther && renamed.location == "\(path)?sparat=namn")
            #expect(try await app.get(path, as: procurer).body.contains("<h1>Fjällbygg &amp; Mark AB (test)</h1>"))

            // Without the form's CSRF token nothing is recorded.
            let forged = try await app.post("\(path)/kontroller", [("kind", "f_tax"), ("result", "failed"), ("checkedOn", "2026-11-23")], as: procurer, csrf: false)
            #expect(forged.status == .forbidden)
            #expect(PoolingPagesTests().count("data-check>", in: try await app.get(path, as: procurer).body) == 3)
        }
    }

    @Test func aMembersCoordinatorReadsTheRegisterOnlyAndMittnorrNothing() async throws {
        try await withApp { app in
            let controller = try await app.logIn("controller@jamtland.example")
            let path = try await add(app, "Åre Bygg AB (test)", Self.number(12), as: controller)
            let saved = try await app.post("\(path)/kontroller", [("kind", "f_tax"), ("result", "failed"), ("checkedOn", "2026-11-23"), ("note", "Ingen F-skatt")], as: controller)
            #expect(saved.status == .seeOther)
            #expect(try await app.get(path, as: controller).body.contains("Ingen F-skatt"))

            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let list = try await app.get("/leverantorer?q=%C3%A5re", as: krokom)
            #expect(list.status == .ok)
            #expect(list.body.contains(#"<a href="\#(path)">Åre Bygg AB (test)</a>"#), "found by its name in lower case")
            #expect(!list.body.contains("Kontroll före avtal") && !list.body.contains("data-vetting"))
            #expect(!list.body.contains("Lägg till en leverantör") && !list.body.contains(#"<a href="/leverantorer">Leverantörer</a>"#))
            let page = try await app.get(path, as: krokom)
            #expect(page.status == .ok && page.body.contains("<h1>Åre Bygg AB (test)</h1>"))
            #expect(!page.body.contains("Ingen F-skatt") && !page.body.contains(#"id="kontroller""#) && !page.body.contains("Registrera en kontroll"))
            #expect(!page.body.contains("Ändra namn"))
            let refused = try await app.post("/leverantorer", [("name", "Krokoms favorit AB"), ("country", "SE"), ("nationalID", Self.number(13))], as: krokom)
            #expect(refused.status == .forbidden && refused.body.contains("Leverantörsregistret förs av kontorets"))
            #expect(try await app.post("\(path)/kontroller", [("kind", "f_tax"), ("result", "passed"), ("checkedOn", "2026-11-23"), ("validUntil", "2027-11-22")], as: krokom).status == .forbidden)
            #expect(try await app.post("\(path)/namn", [("name", "Krokoms namn")], as: krokom).status == .forbidden)

            let mittnorr = try await logIn(app, office: "mittnorr", "admin@mittnorr.example")
            let theirs = try await app.get("/leverantorer", as: mittnorr)
            #expect(theirs.status == .ok && theirs.body.contains(#"<a href="/leverantorer">Leverantörer</a>"#))
            #expect(!theirs.body.contains("Åre Bygg AB (test)"))
            #expect(!(try await app.get("/leverantorer?q=559888", as: mittnorr)).body.contains("Åre Bygg"))
            #expect(try await app.get(path, as: mittnorr).status == .notFound)
            #expect(try await app.post("\(path)/kontroller", [("kind", "f_tax"), ("result", "passed"), ("checkedOn", "2026-11-23"), ("validUntil", "2027-11-22")], as: mittnorr).status == .notFound)
            #expect(try await app.get(path, as: controller).body.contains("Saknar: F-skatt"), "still as the controller left it")
        }
    }
}
