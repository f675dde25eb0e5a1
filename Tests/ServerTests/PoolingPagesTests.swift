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

/// The Swedish pages of the plan, needs, pooled procurements, direct purchases and thresholds,
/// over real HTTP on 127.0.0.1 with sessions from the login form, as a browser sends them
/// (forms with `_csrf`, `Accept: text/html`); the day is fixed.
@Suite struct PoolingPagesTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!
    static let food = DemoData.id("plan/jamtland/livsmedel")
    static let officeSupplies = DemoData.id("pooled/jamtland/kontorsmateriel")
    static let fuel = DemoData.id("pooled/jamtland/drivmedel-2025")

    struct Session: Sendable {
        var secret: String
        var cookie: String { "samverkan_session=\(secret)" }
        var csrf: String { CSRFToken.derive(fromSession: secret) }
    }

    struct Page {
        var status: HTTPResponse.Status
        var body: String
        var location: String?
    }

    struct Fixture: Sendable {
        let client: any TestClientProtocol
        let store: Database

        /// Logs in through the form, then switches to `role` when the person has several.
        func logIn(_ email: String, role: Role? = nil) async throws -> Session {
            let form = try await client.execute(uri: "/logga-in", method: .get) { $0 }
            let loginCSRF = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("samverkan_login_csrf=") }?
                .dropFirst("samverkan_login_csrf=".count).prefix { $0 != ";" })
            let body = PoolingPagesTests.encode([("_csrf", String(loginCSRF)), ("office", "jamtland"), ("email", email), ("password", DemoData.password)])
            let secret = try await client.execute(
                uri: "/logga-in", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "samverkan_login_csrf=\(loginCSRF)"],
                body: ByteBuffer(string: body)
            ) { response in
                response.headers[values: .setCookie].first { $0.hasPrefix("samverkan_session=svs_") }?
                    .dropFirst("samverkan_session=".count).prefix { $0 != ";" }
            }
            let session = Session(secret: String(try #require(secret)))
            if let role {
                let person = try #require(DemoData.jamtland.users.first { $0.user.email.normalized == email })
                let assignment = try #require(person.roles.first { $0.role == role })
                let switched = try await post("/konto/roll", [("roleID", assignment.id.uuidString.lowercased())], as: session)
                #expect(switched.status == .seeOther)
            }
            return session
        }

        func get(_ uri: String, as session: Session) async throws -> Page {
            try await client.execute(uri: uri, method: .get, headers: [.cookie: session.cookie, .accept: "text/html"]) {
                Page(status: $0.status, body: String(buffer: $0.body), location: $0.headers[.location])
            }
        }

        /// Posts a form with the session's CSRF token (or none).
        func post(_ uri: String, _ fields: [(String, String)], as session: Session, csrf: Bool = true) async throws -> Page {
            let body = PoolingPagesTests.encode((csrf ? [("_csrf", session.csrf)] : []) + fields)
            return try await client.execute(
                uri: uri, method: .post,
                headers: [.cookie: session.cookie, .accept: "text/html", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: body)
            ) { Page(status: $0.status, body: String(buffer: $0.body), location: $0.headers[.location]) }
        }
    }

    /// `application/x-www-form-urlencoded`, every byte but ASCII letters and digits escaped.
    static func encode(_ fields: [(String, String)]) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: plain)!)" }.joined(separator: "&")
    }

    /// `1 234,00 kr` as the pages write it.
    static func kronor(_ kronor: Int64) -> String { Money(kronor: kronor).description }

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion, passwordHasher: .forTests,
                    today: { Self.today }),
                database: store)
            try await app.test(.live) { client in try await body(Fixture(client: client, store: store)) }
        }
    }

    /// The first capture of `pattern` in `text`.
    func capture(_ pattern: String, in text: String) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let match = try #require(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)))
        return String(text[try #require(Range(match.range(at: 1), in: text))])
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aMemberCoordinatorSeesTheirOwnOnEveryPage() async throws {
        try await withApp { app in
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let foodID = Self.food.uuidString.lowercased()

            let plan = try await app.get("/plan", as: krokom)
            #expect(plan.status == .ok)
            #expect(plan.body.contains("<h1>Upphandlingsplan</h1>") && plan.body.contains("<html lang=\"sv\">"))
            #expect(plan.body.contains("Livsmedel till kök och skolor"))
            #expect(plan.body.contains("id=\"svar-\(foodID)\""), "Krokom has not answered the food item: it gets the form")
            #expect(plan.body.contains(#"<input type="hidden" name="_csrf" value="\#(krokom.csrf)">"#))
            // Its own answer on office supplies, and nobody else's.
            #expect(plan.body.contains("data-own-answer") && plan.body.contains(Self.kronor(250_000)))
            #expect(!plan.body.contains(Self.kronor(18_000_000)) && !plan.body.contains("Östersunds kommun"))
            #expect(!plan.body.contains("Ny post i planen") && !plan.body.contains("/publicera"))
            #expect(plan.body.contains(#"href="/behov""#) && plan.body.contains(#"href="/direktupphandlingar""#))

            let item = try await app.get("/plan/\(foodID)", as: krokom)
            #expect(item.status == .ok)
            #expect(item.body.contains("Er organisation har inte svarat") && !item.body.contains("data-answers"))
            #expect(!item.body.contains("Åre kommun") && !item.body.contains("Skapa samordnad upphandling"))

            let needs = try await app.get("/behov", as: krokom)
            #expect(needs.status == .ok)
            #expect(needs.body.contains("Snöröjning av skolgårdar") && needs.body.contains(#"action="/behov""#))
            #expect(!needs.body.contains("Snöröjning kommunala fastigheter"), "Åre's need is Åre's")
            #expect(!needs.body.contains("Förslag till samordning"))

            let catalogue = try await app.get("/samordnade", as: krokom)
            #expect(catalogue.status == .ok)
            #expect(catalogue.body.contains("Kontorsmateriel och papper") && catalogue.body.contains("Drivmedel 2025"))
            #expect(catalogue.body.contains("Kan inte klassas"), "the 2026 threshold has no SEK amount yet")

            let pooled = try await app.get("/samordnade/\(Self.officeSupplies.uuidString.lowercased())", as: krokom)
            #expect(pooled.status == .ok)
            #expect(pooled.body.contains("Uppskattat värde (LOU 5 kap.)") && pooled.body.contains("Er andel"))
            #expect(pooled.body.contains(">Bekräfta deltagande</button>") && pooled.body.contains(">Utträd</button>"))
            #expect(count("data-participant>", in: pooled.body) == 1, "the participants list is not published")
            #expect(pooled.body.contains("data-classification-problem") && !pooled.body.contains("Ange beloppet bland tröskelvärdena"))

            let purchases = try await app.get("/direktupphandlingar", as: krokom)
            #expect(purchases.status == .ok)
            #expect(purchases.body.contains("Konsultstöd vid byte av ekonomisystem") && purchases.body.contains("data-warnings"))
            #expect(purchases.body.contains(#"action="/direktupphandlingar""#))

            let thresholds = try await app.get("/admin/troskelvarden", as: krokom)
            #expect(thresholds.status == .ok)
            #expect(thresholds.body.contains("Direktupphandlingsgräns") && thresholds.body.contains("saknas"))
            #expect(!thresholds.body.contains(#"action="/admin/troskelvarden"#), "read-only for everyone but the administrator")

            let start = try await app.get("/start", as: krokom)
            #expect(start.body.contains("1 post i upphandlingsplanen väntar på ert svar."))

            // An item whose deadline has passed says so and takes no answer.
            let closed = PlanItem(
                id: UUID(), title: "Städmaterial", description: "", cpv: CPVCode("39830000-9")!, contractType: .supplies,
                law: .lou, framework: true, period: try ContractPeriod(start: CalendarDate(year: 2027, month: 3, day: 1)!, months: 24),
                answerDeadline: CalendarDate(year: 2026, month: 11, day: 1)!, publishedAt: Date())
            try await app.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { transaction in
                try await transaction.insertPlanItem(closed, createdBy: DemoData.id("user/upphandlare@jamtland.example"))
            }
            let late = try await app.get("/plan", as: krokom)
            let closedCard = String(late.body[try #require(late.body.range(of: "id=\"post-\(closed.id.uuidString.lowercased())\"")).lowerBound...])
                .components(separatedBy: "</article>")[0]
            #expect(closedCard.contains("Städmaterial") && closedCard.contains("Sista svarsdag har passerat."))
            #expect(!closedCard.contains("id=\"svar-"))
            let lateAnswer = try await app.post("/plan/\(closed.id.uuidString.lowercased())/svar", [("decision", "decline")], as: krokom)
            #expect(lateAnswer.status == .conflict && lateAnswer.body.contains("har passerat. Kontakta upphandlingskontoret."))
        }
    }

    @Test func theOfficeSeesEveryMemberAndTheCommitteeIsKeptOut() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let admin = try await app.logIn("admin@jamtland.example")
            let chair = try await app.logIn("ordforande@jamtland.example")
            let orderer = try await app.logIn("bestallare.are@jamtland.example")

            let plan = try await app.get("/plan", as: procurer)
            #expect(plan.status == .ok && plan.body.contains("Ny post i planen"))
            #expect(plan.body.contains("2 ansluter, 1 avstår") && plan.body.contains("href=\"/plan/\(Self.food.uuidString.lowercased())\""))
            #expect(!plan.body.contains("id=\"svar-"), "the office does not answer for a member")

            let item = try await app.get("/plan/\(Self.food.uuidString.lowercased())", as: procurer)
            #expect(item.status == .ok)
            #expect(count("data-answer>", in: item.body) == 3)
            #expect(item.body.contains("Östersunds kommun") && item.body.contains("Åre kommun") && item.body.contains("Bräcke kommun"))
            #expect(item.body.contains(Self.kronor(18_000_000)) && item.body.contains("Bräcke har eget avtal till 2028."))
            #expect(item.body.contains("data-unanswered") && item.body.contains("<li>Krokoms kommun</li>"))
            #expect(item.body.contains(#"action="/plan/\#(Self.food.uuidString.lowercased())/samordna""#))

            let demand = try await app.get("/behov", as: procurer)
            #expect(demand.status == .ok)
            #expect(demand.body.contains("Förslag till samordning") && demand.body.contains("data-suggestion=\"906\""))
            #expect(demand.body.contains("data-warnings") && demand.body.contains("Krokoms kommun: "))
            #expect(demand.body.contains("Snöröjning kommunala fastigheter") && demand.body.contains("Snöröjning av skolgårdar"))
            #expect(!demand.body.contains("Tolktjänster"), "another office's need")

            let fuel = try await app.get("/samordnade/\(Self.fuel.uuidString.lowercased())", as: procurer)
            #expect(fuel.status == .ok)
            #expect(fuel.body.contains("data-procedure><strong>Upphandling över EU:s tröskelvärde"))
            #expect(fuel.body.contains("Upphandlingsmyndigheten, tröskelvärden 2024-2025"))
            #expect(count("data-participant>", in: fuel.body) == 4 && fuel.body.contains("Publicera deltagarlistan") == false)
            #expect(fuel.body.contains("Sluta visa deltagarlistan") && fuel.body.contains("Fördela kostnaden"))

            let supplies = try await app.get("/samordnade/\(Self.officeSupplies.uuidString.lowercased())", as: admin)
            #expect(supplies.body.contains("data-classification-problem") && supplies.body.contains("Ange beloppet bland tröskelvärdena"))

            let purchases = try await app.get("/direktupphandlingar", as: procurer)
            #expect(purchases.status == .ok && purchases.body.contains("<th scope=\"col\">Organisation</th>"))
            #expect(!purchases.body.contains(#"action="/direktupphandlingar""#) && !purchases.body.contains("Tolkning vid möte"))

            let thresholds = try await app.get("/admin/troskelvarden", as: admin)
            #expect(thresholds.status == .ok && thresholds.body.contains("Lägg till en period"))
            #expect(thresholds.body.contains(#"action="/admin/troskelvarden/"#))

            // The committee has no needs or purchases page; the orderer sees Åre's purchases but answers nothing.
            for path in ["/behov", "/direktupphandlingar"] {
                let refused = try await app.get(path, as: chair)
                #expect(refused.status == .forbidden && refused.body.contains("Behörighet saknas"))
            }
            #expect(try await app.get("/plan", as: chair).status == .ok)
            #expect(try await app.get("/samordnade", as: chair).status == .ok)
            let ordererPurchases = try await app.get("/direktupphandlingar", as: orderer)
            #expect(ordererPurchases.status == .ok && ordererPurchases.body.contains("Direktupphandlingar för Åre kommun"))
            #expect(ordererPurchases.body.contains(#"action="/direktupphandlingar""#))
            let ordererAnswer = try await app.post("/plan/\(Self.food.uuidString.lowercased())/svar", [("decision", "decline")], as: orderer)
            #expect(ordererAnswer.status == .forbidden && ordererAnswer.body.contains("Bara medlemmens inköpssamordnare"))
        }
    }

    @Test func refusedFormsComeBackInSwedishWithWhatWasTyped() async throws {
        try await withApp { app in
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let admin = try await app.logIn("admin@jamtland.example")
            let foodID = Self.food.uuidString.lowercased()

            // Ansluter without a value: 422, the message, the typed quantity kept, nothing saved.
            let missing = try await app.post("/plan/\(foodID)/svar", [("decision", "join"), ("quantity", "52 000"), ("unit", "kg")], as: krokom)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.body.contains(#"<p class="error" role="alert""#) && missing.body.contains("Fyll i värdet per år."))
            #expect(missing.body.contains(#"value="52 000""#) && missing.body.contains(#"value="join" required checked"#))
            let stored = try await app.store.transaction(as: .system(of: DemoData.jamtland.office.id)) {
                try await $0.planAnswers(planItemID: Self.food)
            }
            #expect(!stored.contains { $0.organisationID == DemoData.id("org/jamtland/2309") }, "a refused answer is not saved")
            let noDecision = try await app.post("/plan/\(foodID)/svar", [("quantity", "1")], as: krokom)
            #expect(noDecision.status == .unprocessableContent && noDecision.body.contains("Välj Ansluter eller Avstår."))
            let badValue = try await app.post("/plan/\(foodID)/svar", [("decision", "join"), ("quantity", "10"), ("unit", "kg"), ("yearlyValue", "12,345")], as: krokom)
            #expect(badValue.status == .unprocessableContent && badValue.body.contains("högst två decimaler"))

            // Without the form's CSRF token nothing happens.
            #expect(try await app.post("/plan/\(foodID)/svar", [("decision", "decline")], as: krokom, csrf: false).status == .forbidden)

            // The office's forms refuse what the rules refuse.
            let past = try await app.post("/plan/\(foodID)/samordna", [("confirmationDeadline", "2026-11-01")], as: procurer)
            #expect(past.status == .unprocessableContent && past.body.contains("Sista dag för bekräftelse har redan passerat."))
            #expect(past.body.contains(#"value="2026-11-01""#))
            let badItem = try await app.post("/plan", [
                ("title", "Städ"), ("cpv", "12345678-9"), ("contractType", "services"), ("plannedStart", "2027-04-01"),
                ("contractMonths", "24"), ("optionMonths", "12+12"), ("answerDeadline", "2026-12-15"),
            ], as: procurer)
            #expect(badItem.status == .unprocessableContent && badItem.body.contains("CPV-koden 12345678-9 finns inte"))
            #expect(badItem.body.contains(#"value="12+12""#))
            let badOptions = try await app.post("/plan", [
                ("title", "Städ"), ("cpv", "90910000-9"), ("contractType", "services"), ("plannedStart", "2027-04-01"),
                ("contractMonths", "24"), ("optionMonths", "tolv"), ("answerDeadline", "2026-12-15"),
            ], as: procurer)
            #expect(badOptions.status == .unprocessableContent && badOptions.body.contains("hela månader"))
            let noType = try await app.post("/behov/samordna", [
                ("group", "906"), ("needIDs", DemoData.id("need/2309/snorojning").uuidString), ("title", "Snö"),
                ("confirmationDeadline", "2027-01-31"),
            ], as: procurer)
            #expect(noType.status == .unprocessableContent && noType.body.contains("varor, tjänster eller byggentreprenad"))

            // Thresholds: an amount once entered stays (409); only the administrator writes (403).
            let withSEK = try await app.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { try await $0.thresholds() }
                .first { $0.threshold.sek != nil }!
            let conflict = try await app.post("/admin/troskelvarden/\(withSEK.id.uuidString.lowercased())/sek", [("sek", "1000000")], as: admin)
            #expect(conflict.status == .conflict && conflict.body.contains("Tröskelvärdet har redan ett belopp i kronor."))
            let forbidden = try await app.post("/admin/troskelvarden/\(withSEK.id.uuidString.lowercased())/sek", [("sek", "1000000")], as: krokom)
            #expect(forbidden.status == .forbidden && forbidden.body.contains("Behörighet saknas"))
            #expect(try await app.post("/admin/troskelvarden", [("law", "LOU")], as: krokom).status == .forbidden)
            #expect(try await app.post("/plan", [("title", "x")], as: krokom).status == .forbidden)
            let period = try await app.post("/admin/troskelvarden", [
                ("law", "LOU"), ("kind", "direct_award"), ("buyer", "all"), ("validFrom", "2028-01-01"), ("validTo", "2027-12-31"),
                ("sek", "800000"), ("source", "Prop. 2026/27:1"),
            ], as: admin)
            #expect(period.status == .unprocessableContent && period.body.contains("Giltighetstiden kan inte sluta innan den börjar."))
            #expect(period.body.contains(#"value="Prop. 2026/27:1""#))
            let duplicate = try await app.post("/admin/troskelvarden", [
                ("law", "LOU"), ("kind", "direct_award"), ("buyer", "all"), ("validFrom", "2022-02-01"), ("sek", "800000"),
                ("source", "Dubblett"),
            ], as: admin)
            #expect(duplicate.status == .conflict && duplicate.body.contains("Det finns redan en period"))

            // A direct purchase dated tomorrow.
            let future = try await app.post("/direktupphandlingar", [
                ("cpv", "72000000-5"), ("description", "Konsult"), ("supplierName", "Exempel AB"), ("date", "2026-11-24"),
                ("value", "50000"),
            ], as: krokom)
            #expect(future.status == .unprocessableContent && future.body.contains("Köpet kan inte ha ett datum i framtiden."))
        }
    }

    @Test func storedTextIsEscaped() async throws {
        try await withApp { app in
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let saved = try await app.post("/behov", [
                ("cpv", "90620000-9"), ("title", #"<script>alert("behov")</script>"#), ("description", "<b>fet</b> & 'citat'"),
                ("quantity", "3"), ("unit", "<i>st</i>"), ("yearlyValue", "100 000"), ("wantedStart", "2027-10-01"), ("months", "24"),
            ], as: krokom)
            #expect(saved.status == .seeOther && saved.location == "/behov?sparat=behov")
            let answered = try await app.post("/plan/\(Self.food.uuidString.lowercased())/svar", [
                ("decision", "decline"), ("comment", #"<img src=x onerror="alert(1)">"#),
            ], as: krokom)
            #expect(answered.status == .seeOther)

            let own = try await app.get("/behov?sparat=behov", as: krokom)
            #expect(own.body.contains("Behovet är anmält."))
            #expect(own.body.contains("&lt;script&gt;alert(&quot;behov&quot;)&lt;/script&gt;"))
            #expect(own.body.contains("&lt;b&gt;fet&lt;/b&gt; &amp; &#39;citat&#39;") && own.body.contains("&lt;i&gt;st&lt;/i&gt;"))
            let demand = try await app.get("/behov", as: procurer)
            let item = try await app.get("/plan/\(Self.food.uuidString.lowercased())", as: procurer)
            let plan = try await app.get("/plan", as: krokom)
            for page in [own, demand, item, plan] {
                #expect(!page.body.contains("<script>") && !page.body.contains("<img src=x") && !page.body.contains("<b>fet"))
            }
            #expect(demand.body.contains("&lt;script&gt;"))
            #expect(item.body.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"))
            // A notice comes only from the fixed list, never from the address.
            let spoofed = try await app.get("/plan?sparat=%3Cb%3Ehej%3C/b%3E", as: krokom)
            #expect(spoofed.status == .ok && !spoofed.body.contains("role=\"status\"") && !spoofed.body.contains("hej"))
        }
    }

    @Test func thePlanBecomesAPooledProcurementThroughThePages() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let admin = try await app.logIn("admin@jamtland.example")
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)

            // A draft the members do not see, then published.
            let created = try await app.post("/plan", [
                ("title", "Städtjänster"), ("description", "Lokalvård i skolor"), ("cpv", "90910000-9"), ("contractType", "services"),
                ("law", "LOU"), ("framework", "true"), ("plannedStart", "2027-04-01"), ("contractMonths", "24"),
                ("optionMonths", "12"), ("answerDeadline", "2026-12-15"),
            ], as: procurer)
            #expect(created.status == .seeOther && created.location == "/plan?sparat=post")
            let drafts = try await app.get("/plan?sparat=post", as: procurer)
            #expect(drafts.body.contains("Planposten är sparad.") && drafts.body.contains("Utkast – syns bara för kontoret"))
            let itemID = try capture(#"action="/plan/([0-9a-f-]{36})/publicera""#, in: drafts.body)
            #expect(!(try await app.get("/plan", as: krokom)).body.contains("Städtjänster"))
            #expect(try await app.get("/plan/\(itemID)", as: krokom).status == .notFound)
            #expect(try await app.post("/plan/\(itemID)/publicera", [], as: procurer).location == "/plan?sparat=publicerad")
            let again = try await app.post("/plan/\(itemID)/publicera", [], as: procurer)
            #expect(again.status == .conflict && again.body.contains("Planposten är redan publicerad."))

            // Krokom joins through its form and sees its answer.
            let form = try await app.get("/plan", as: krokom)
            #expect(form.body.contains("id=\"svar-\(itemID)\""))
            let answered = try await app.post("/plan/\(itemID)/svar", [
                ("decision", "join"), ("quantity", "1 200"), ("unit", "timmar"), ("yearlyValue", "400 000"), ("comment", "Även förskolor"),
            ], as: krokom)
            #expect(answered.status == .seeOther && answered.location == "/plan?sparat=svar")
            let saved = try await app.get("/plan?sparat=svar", as: krokom)
            #expect(saved.body.contains(#"<p class="notice" role="status">Ert svar är sparat.</p>"#))
            #expect(saved.body.contains("1\u{202F}200\u{00A0}timmar") && saved.body.contains(Self.kronor(400_000)))
            #expect(saved.body.contains(#"value="400000,00""#), "the form offers the answer again to change")

            // The office pools it and lands on the new procurement.
            let officeItem = try await app.get("/plan/\(itemID)", as: procurer)
            #expect(officeItem.body.contains("Krokoms kommun") && officeItem.body.contains("Även förskolor"))
            let pooled = try await app.post("/plan/\(itemID)/samordna", [("confirmationDeadline", "2026-12-31"), ("maximumValue", "3 000 000")], as: procurer)
            #expect(pooled.status == .seeOther)
            let location = try #require(pooled.location)
            let pooledID = try capture(#"^/samordnade/([0-9a-f-]{36})$"#, in: location)
            let detail = try await app.get(location, as: procurer)
            #expect(detail.status == .ok && detail.body.contains("<h1>Städtjänster</h1>"))
            // 400 000 kr a year for 24 + 12 months.
            #expect(detail.body.contains("data-estimated-value>\(Self.kronor(1_200_000))<"))
            #expect(detail.body.contains("data-classification-problem") && detail.body.contains("Kontorets administratör anger beloppet."))
            #expect(try await app.post("/plan/\(itemID)/samordna", [("confirmationDeadline", "2026-12-31")], as: procurer).status == .conflict)

            // The administrator enters the amount the classification asks for, from the thresholds page.
            let row = try await app.store.transaction(as: .system(of: DemoData.jamtland.office.id)) { try await $0.thresholds() }
                .first { $0.threshold.kind == .suppliesServices && $0.threshold.buyer == .subCentral && $0.threshold.validFrom.iso == "2026-01-01" }!
            let entered = try await app.post("/admin/troskelvarden/\(row.id.uuidString.lowercased())/sek", [("sek", "2 300 000")], as: admin)
            #expect(entered.location == "/admin/troskelvarden?sparat=belopp")
            let thresholds = try await app.get("/admin/troskelvarden?sparat=belopp", as: admin)
            #expect(thresholds.body.contains("Beloppet i kronor är sparat.") && thresholds.body.contains(Self.kronor(2_300_000)))
            let classified = try await app.get(location, as: procurer)
            #expect(classified.body.contains("data-procedure><strong>Upphandling enligt LOU 19 kap. (under tröskelvärdet)"))
            #expect(!classified.body.contains("data-classification-problem"))

            // Krokom confirms; the office shares its cost; Krokom withdraws and the sharing is stale.
            let confirmed = try await app.post("/samordnade/\(pooledID)/deltagande", [("status", "confirmed")], as: krokom)
            #expect(confirmed.location == "/samordnade/\(pooledID)?sparat=bekraftat")
            let mine = try await app.get(confirmed.location!, as: krokom)
            #expect(mine.body.contains("Ert deltagande är bekräftat.") && mine.body.contains("data-own-status>Bekräftad<"))
            #expect(!mine.body.contains(">Bekräfta deltagande</button>") && mine.body.contains(">Utträd</button>"))
            #expect(try await app.post("/samordnade/\(pooledID)/deltagande", [("status", "proposed")], as: krokom).status == .unprocessableContent)
            let shared = try await app.post("/samordnade/\(pooledID)/kostnad", [("total", "10 000"), ("basis", "volume")], as: procurer)
            #expect(shared.location == "/samordnade/\(pooledID)?sparat=kostnad")
            let sharedPage = try await app.get(shared.location!, as: procurer)
            #expect(sharedPage.body.contains("Kontorets kostnad är fördelad på deltagarna.") && !sharedPage.body.contains("data-stale-allocation"))
            #expect(sharedPage.body.contains("fördelat efter volym"))
            let maximum = try await app.post("/samordnade/\(pooledID)/takvarde", [("maximumValue", "-5")], as: procurer)
            #expect(maximum.status == .unprocessableContent && maximum.body.contains(#"value="-5""#))
            #expect(try await app.post("/samordnade/\(pooledID)/deltagarlista", [("published", "true")], as: procurer).location
                    == "/samordnade/\(pooledID)?sparat=publicerad")
            #expect(try await app.post("/samordnade/\(pooledID)/kostnad", [("total", "1")], as: krokom).status == .forbidden)
            #expect(try await app.post("/samordnade/\(pooledID)/deltagande", [("status", "withdrawn")], as: krokom).status == .seeOther)
            let stale = try await app.get("/samordnade/\(pooledID)", as: procurer)
            #expect(stale.body.contains("data-stale-allocation") && stale.body.contains("Utträtt"))
            let late = try await app.post("/samordnade/\(pooledID)/deltagande", [("status", "confirmed")], as: krokom)
            #expect(late.status == .conflict && late.body.contains("Din organisation har redan utträtt."))
        }
    }

    @Test func needsArePooledFromASuggestionAndPurchasesAreRegistered() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let orderer = try await app.logIn("bestallare.are@jamtland.example")

            let bought = try await app.post("/direktupphandlingar", [
                ("cpv", "72000000-5"), ("description", "Konsultstöd e-arkiv"), ("supplierName", "Exempel IT AB (demo)"),
                ("supplierOrganisationNumber", ""), ("date", "2026-11-20"), ("value", "50 000"),
            ], as: orderer)
            #expect(bought.location == "/direktupphandlingar?sparat=kop")
            let list = try await app.get("/direktupphandlingar?sparat=kop", as: orderer)
            #expect(list.body.contains("Direktupphandlingen är registrerad.") && list.body.contains("Konsultstöd e-arkiv"))
            #expect(list.body.contains(Self.kronor(50_000)) && !list.body.contains("Konsultstöd vid byte av ekonomisystem"))
            #expect((try await app.get("/direktupphandlingar", as: procurer)).body.contains("Konsultstöd e-arkiv"))

            // The office pools the snow clearing of three members from the suggestion's form.
            let demand = try await app.get("/behov", as: procurer)
            let suggestion = String(demand.body[try #require(demand.body.range(of: #"data-suggestion="906""#)).lowerBound...])
            let needIDs = try capture(#"name="needIDs" value="([0-9a-f,-]+)""#, in: suggestion)
            #expect(needIDs.split(separator: ",").count == 3)
            let pooled = try await app.post("/behov/samordna", [
                ("group", "906"), ("needIDs", needIDs), ("contractType", "services"), ("title", "Snöröjning 2027–2030"),
                ("confirmationDeadline", "2027-01-31"),
            ], as: procurer)
            #expect(pooled.status == .seeOther)
            let detail = try await app.get(try #require(pooled.location), as: procurer)
            #expect(detail.body.contains("<h1>Snöröjning 2027–2030</h1>") && count("data-participant>", in: detail.body) == 3)
            #expect(!(try await app.get("/behov", as: procurer)).body.contains(#"data-suggestion="906""#))

            // Krokom's need is pooled now: it is withdrawn through the procurement instead.
            let withdraw = try await app.post("/behov/\(DemoData.id("need/2309/snorojning").uuidString.lowercased())/aterkalla", [], as: krokom)
            #expect(withdraw.status == .conflict && withdraw.body.contains("Behovet ingår redan i en samordnad upphandling."))
            #expect(withdraw.body.contains(">Samordnat</a>"))

            // A need not pooled is withdrawn from the list.
            let registered = try await app.post("/behov", [
                ("cpv", "18100000-0"), ("title", "Arbetskläder kost"), ("quantity", "200"), ("unit", "plagg"), ("yearlyValue", "80000"),
                ("wantedStart", "2027-09-01"), ("months", "24"),
            ], as: krokom)
            #expect(registered.status == .seeOther)
            let needs = try await app.get("/behov", as: krokom)
            let needID = try capture(#"action="/behov/([0-9a-f-]{36})/aterkalla""#, in: needs.body)
            #expect(try await app.post("/behov/\(needID)/aterkalla", [], as: krokom).location == "/behov?sparat=aterkallat")
            let after = try await app.get("/behov?sparat=aterkallat", as: krokom)
            #expect(after.body.contains("Behovet är återkallat.") && after.body.contains("Återkallat"))
            #expect(!after.body.contains(#"action="/behov/\#(needID)/aterkalla""#))
        }
    }
}
