import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The Swedish pages of spend and compliance (`/inkop`, `/inkop/import`) and the call-offs on
/// the contract page, over real HTTP with sessions from the login form, against the demo's two
/// years of accounts payable; the day is fixed (2026-11-23).
@Suite struct SpendPagesTests {
    typealias Fixture = PoolingPagesTests.Fixture
    static let fuel = DemoData.id("contract/jamtland/drivmedel-2025")
    static let krokom = DemoData.id("org/jamtland/2309").uuidString.lowercased()
    static let ostersund = DemoData.id("org/jamtland/2380").uuidString.lowercased()

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await PoolingPagesTests().withApp(body)
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The text of the element that carries `attribute`, up to its line's end.
    func line(_ attribute: String, in page: String) -> String? {
        guard let start = page.range(of: attribute) else { return nil }
        return String(page[start.lowerBound...].prefix { $0 != "\n" })
    }

    @Test func theControllerSeesEveryMemberTheChartsAndTheLeakage() async throws {
        try await withApp { app in
            let controller = try await app.logIn("controller@jamtland.example")
            let page = try await app.get("/inkop", as: controller)
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Inköp och avtalstrohet</h1>") && page.body.contains(#"<a href="/inkop">Inköp</a>"#))
            #expect(page.body.contains("Alla medlemmars inköp tillsammans.") && page.body.contains(#"<a href="/inkop/import" data-import-link>"#))
            #expect(page.body.contains(#"value="2025-12-01""#) && page.body.contains(#"value="2026-11-23""#), "the last twelve months")
            #expect(page.body.contains("Mål 95 %") && page.body.contains("data-share>"))
            let share = try PoolingPagesTests().capture(#"data-share>([^<]+)<"#, in: page.body)
            #expect(share.hasSuffix("\u{00A0}%") && share != "–")
            for member in [Self.krokom, Self.ostersund] { #expect(page.body.contains("data-member=\"\(member)\"")) }
            #expect(page.body.contains("<th scope=\"row\">Åre kommun</th>") && page.body.contains("<th scope=\"row\">Strömsunds kommun</th>"))
            // A point for each month with addressable spend: the demo's invoices end with October,
            // so November has its label and its row but no point. The target is a line.
            #expect(page.body.contains("data-month-chart") && count("data-point=\"", in: page.body) == 11)
            #expect(page.body.contains("data-target-line") && page.body.contains("<title id=\"manader-titel\">Avtalstrohet per månad</title>"))
            #expect(count("<tr data-month=", in: page.body) == 12)
            #expect(page.body.contains("data-supplier-chart") && page.body.contains("Fjällbränsle AB (demo)"))
            #expect(page.body.contains("data-leakage>"))
            #expect(page.body.contains("<tr data-leak><th scope=\"row\">Norrdrivmedel AB (demo)</th>"))
            #expect(page.body.contains("<tr data-leak><th scope=\"row\">Kontorsvaruhuset AB (demo)</th>"))
            #expect(!page.body.contains("<tr data-leak><th scope=\"row\">Norrfrukt Grossist AB (demo)</th>"), "food has no contract: not leakage")
            #expect(page.body.contains("data-category=\"091\""))

            // One member through the filter: its figures only.
            let krokom = try await app.get("/inkop?organisation=\(Self.krokom)", as: controller)
            #expect(krokom.status == .ok && krokom.body.contains("Inköp för Krokoms kommun."))
            #expect(krokom.body.contains("<option value=\"\(Self.krokom)\" selected>Krokoms kommun</option>"))
            #expect(!krokom.body.contains("data-member=\"\(Self.ostersund)\""))
            #expect(try PoolingPagesTests().capture(#"data-total>([^<]+)<"#, in: krokom.body)
                != (try PoolingPagesTests().capture(#"data-total>([^<]+)<"#, in: page.body)))

            // A period the page cannot read says so in Swedish and shows the default.
            let wrong = try await app.get("/inkop?from=i%20fjol", as: controller)
            #expect(wrong.status == .badRequest && wrong.body.contains("role=\"alert\"") && wrong.body.contains(#"value="2025-12-01""#))
        }
    }

    @Test func aMemberSeesItsOwnAndTheCommitteeNoSuppliers() async throws {
        try await withApp { app in
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let own = try await app.get("/inkop?organisation=\(Self.ostersund)", as: krokom)
            #expect(own.status == .ok && own.body.contains("Inköp för Krokoms kommun, från leverantörsreskontran"))
            #expect(own.body.contains("data-member=\"\(Self.krokom)\"") && !own.body.contains("data-member=\"\(Self.ostersund)\""))
            #expect(!own.body.contains("name=\"organisation\""))
            #expect(own.body.contains("<tr data-leak><th scope=\"row\">Norrdrivmedel AB (demo)</th>"), "every third month in Krokom")
            #expect(!own.body.contains("Digitalbyrån Jämt AB (demo)"), "Östersund's supplier")
            #expect(own.body.contains("data-import-link"), "a coordinator imports for its own")
            let imports = try await app.get("/inkop/import", as: krokom)
            #expect(imports.status == .ok && imports.body.contains("Fakturorna läses in för Krokoms kommun."))
            #expect(!imports.body.contains("name=\"organisation\"") && imports.body.contains("leverantorsreskontra-krokom.csv"))
            #expect(!imports.body.contains("leverantorsreskontra-ostersund.csv"), "Östersund's imports are Östersund's")

            let chair = try await app.logIn("ordforande@jamtland.example")
            let committee = try await app.get("/inkop", as: chair)
            #expect(committee.status == .ok && committee.body.contains(#"<a href="/inkop">Inköp</a>"#))
            #expect(committee.body.contains("data-member=\"\(Self.krokom)\"") && committee.body.contains("data-categories"))
            #expect(committee.body.contains("data-month-chart") && committee.body.contains("data-aggregates-only"))
            #expect(!committee.body.contains("data-leakage>") && !committee.body.contains("Norrdrivmedel") && !committee.body.contains("Fjällbränsle"))
            #expect(!committee.body.contains("data-import-link"))
            #expect(try await app.get("/inkop/import", as: chair).status == .forbidden)
        }
    }

    /// A `multipart/form-data` body as a browser sends the import form.
    static func multipart(_ fields: [(String, String)], files: [(String, String)], boundary: String = "----samverkan-test") -> String {
        var body = ""
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for (filename, content) in files {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(content)\r\n"
        }
        return body + "--\(boundary)--\r\n"
    }

    func upload(_ app: Fixture, _ session: PoolingPagesTests.Session, fields: [(String, String)], files: [(String, String)]) async throws
        -> PoolingPagesTests.Page {
        try await app.client.execute(
            uri: "/inkop/import", method: .post,
            headers: [.cookie: session.cookie, .accept: "text/html", .contentType: "multipart/form-data; boundary=----samverkan-test"],
            body: ByteBuffer(string: Self.multipart(fields, files: files))
        ) { PoolingPagesTests.Page(status: $0.status, body: String(buffer: $0.body), location: $0.headers[.location]) }
    }

    @Test func anUploadThroughTheFormIsSummedAndABadFileNamesItsLine() async throws {
        try await withApp { app in
            let controller = try await app.logIn("controller@jamtland.example")
            let form = try await app.get("/inkop/import", as: controller)
            #expect(form.status == .ok && form.body.contains(#"enctype="multipart/form-data""#) && form.body.contains(#"name="file" type="file" multiple"#))
            #expect(form.body.contains("PEPPOL BIS Billing 3") && form.body.contains("<option value=\"\(Self.krokom)\">Krokoms kommun</option>"))
            #expect(form.body.contains("leverantorsreskontra-krokom.csv"), "the demo's imports are listed")

            let csv = "Leverantörens organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto\n"
                + "556000-0001;Testbolaget AB;T-1;2026-11-02;1 250,00;5611\n"
            let fields = [("_csrf", controller.csrf), ("organisation", Self.krokom)]
            let first = try await upload(app, controller, fields: fields, files: [("test.csv", csv)])
            #expect(first.status == .ok && first.body.contains("Fakturorna är inlästa"))
            #expect(first.body.contains("<dd data-invoices-added>1</dd>") && first.body.contains("<dd data-invoices-skipped>0</dd>"))
            #expect(first.body.contains("<dd data-amount>1\u{202F}250,00\u{00A0}kr</dd>") && first.body.contains("test.csv (CSV, 1 rader)"))
            let again = try await upload(app, controller, fields: fields, files: [("test.csv", csv)])
            #expect(again.body.contains("Inget nytt lästes in") && again.body.contains("<dd data-invoices-skipped>1</dd>"))

            let bad = csv + "556000-0001;Testbolaget AB;T-2;igår;10,00;5611\n"
            let refused = try await upload(app, controller, fields: fields, files: [("trasig.csv", bad)])
            #expect(refused.status == .unprocessableContent)
            let error = try #require(line("data-import-error>", in: refused.body))
            #expect(error.contains("trasig.csv: rad 3"), "\(error)")
            #expect(!refused.body.contains("data-import-summary"))

            let forged = try await upload(app, controller, fields: [("organisation", Self.krokom)], files: [("test.csv", csv)])
            #expect(forged.status == .forbidden)
        }
    }

    @Test func anExportWithHeadersOfItsOwnIsReadWithTheColumnsNamedInTheForm() async throws {
        try await withApp { app in
            let controller = try await app.logIn("controller@jamtland.example")
            let form = try await app.get("/inkop/import", as: controller)
            #expect(form.body.contains(#"name="column.amount""#) && form.body.contains("Belopp exklusive moms"))
            let csv = "Levnr;Namn;Verifikat;Bokf.datum;Belopp SEK;Kostnadsslag\n556000-0001;Testbolaget AB;V-9;2026-11-03;300,00;5611\n"
            let unnamed = try await upload(app, controller, fields: [("_csrf", controller.csrf), ("organisation", Self.krokom)], files: [("egen.csv", csv)])
            #expect(unnamed.status == .unprocessableContent)
            let missing = try #require(line("data-import-error>", in: unnamed.body))
            #expect(missing.contains("egen.csv: rad 1"), "\(missing)")
            let named = try await upload(app, controller, fields: [
                ("_csrf", controller.csrf), ("organisation", Self.krokom), ("column.supplierOrganisationNumber", "Levnr"),
                ("column.supplierName", "Namn"), ("column.invoiceNumber", "Verifikat"), ("column.invoiceDate", "Bokf.datum"),
                ("column.amount", "Belopp SEK"), ("column.account", "Kostnadsslag"),
            ], files: [("egen.csv", csv)])
            #expect(named.status == .ok && named.body.contains("<dd data-invoices-added>1</dd>"), "\(line("data-import-error>", in: named.body) ?? "")")
            #expect(named.body.contains("<dd data-amount>300,00\u{00A0}kr</dd>"))
        }
    }

    @Test func theControllerMapsAnAccountAndAMemberOnlyReadsTheMap() async throws {
        try await withApp { app in
            let controller = try await app.logIn("controller@jamtland.example")
            let page = try await app.get("/inkop/konton", as: controller)
            #expect(page.status == .ok && page.body.contains("<h1>Kontomappning</h1>") && page.body.contains("data-account-form"))
            #expect(count("<tr data-account>", in: page.body) == 5, "the demo's five accounts")
            #expect(page.body.contains("<td>5611</td><td class=\"nowrap\">09132000-3</td>"))

            let refused = try await app.post("/inkop/konton", [("account", "4650"), ("cpv", "99999999-9")], as: controller)
            #expect(refused.status == .unprocessableContent && refused.body.contains("CPV-koden 99999999-9 finns inte"))
            #expect(refused.body.contains(#"value="4650""#), "what was typed is kept")
            let saved = try await app.post("/inkop/konton", [("account", "4650"), ("cpv", "39830000-9"), ("organisation", Self.krokom)], as: controller)
            #expect(saved.status == .seeOther && saved.location == "/inkop/konton?sparat=konto")
            let after = try await app.get("/inkop/konton?sparat=konto", as: controller)
            #expect(after.body.contains("Kontot är mappat.") && after.body.contains("<td>4650</td>") && after.body.contains("<td>Krokoms kommun</td>"))

            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let read = try await app.get("/inkop/konton", as: krokom)
            #expect(read.status == .ok && read.body.contains("<td>4650</td>") && !read.body.contains("data-account-form"))
            #expect(try await app.post("/inkop/konton", [("account", "1"), ("cpv", "39830000-9")], as: krokom).status == .forbidden)

            let id = try PoolingPagesTests().capture(#"action="/inkop/konton/([0-9a-f-]+)/ta-bort""#, in: after.body)
            let removed = try await app.post("/inkop/konton/\(id)/ta-bort", [], as: controller)
            #expect(removed.status == .seeOther)
            #expect(count("<tr data-account>", in: try await app.get("/inkop/konton", as: controller).body) == 5)
        }
    }

    @Test func theOrdererCallsOffAndIsRefusedPastTheMaximum() async throws {
        try await withApp { app in
            let path = ContractPagesTests.path("/avtal", Self.fuel)
            let orderer = try await app.logIn("bestallare.are@jamtland.example")
            let page = try await app.get(path, as: orderer)
            #expect(page.status == .ok && page.body.contains("Avrop och utnyttjande"))
            #expect(page.body.contains("<dd data-maximum>24\u{202F}000\u{202F}000,00\u{00A0}kr</dd>"))
            #expect(page.body.contains("<dd data-called-off>595\u{202F}000,00\u{00A0}kr</dd>"))
            #expect(page.body.contains("<dd data-remaining>23\u{202F}405\u{202F}000,00\u{00A0}kr</dd>"))
            #expect(page.body.contains("data-progress=\"2,5\u{00A0}%\"") && page.body.contains("data-invoiced-progress=\"") && count("<tr data-call-off>", in: page.body) == 3)
            #expect(page.body.contains("action=\"\(path)/avrop\"") && page.body.contains("value=\"2026-11-23\""))

            let tooLarge = try await app.post("\(path)/avrop", [("amount", "24 000 000"), ("description", "Allt bränsle"), ("orderedOn", "2026-11-23")], as: orderer)
            #expect(tooLarge.status == .unprocessableContent)
            #expect(tooLarge.body.contains("Avropet skulle överskrida ramavtalets takvärde. Kvar att avropa: 23\u{202F}405\u{202F}000,00\u{00A0}kr."))
            #expect(tooLarge.body.contains("data-call-off-error") && tooLarge.body.contains(#"value="Allt bränsle""#))

            let placed = try await app.post("\(path)/avrop", [("amount", "12 500,50"), ("description", "Tankkort, december"), ("reference", "ÅRE-2026-12"), ("orderedOn", "2026-11-23")], as: orderer)
            #expect(placed.status == .seeOther && placed.location == "\(path)?sparat=avrop")
            let after = try await app.get(placed.location ?? "", as: orderer)
            #expect(after.body.contains("Avropet är registrerat.") && after.body.contains("Tankkort, december"))
            #expect(after.body.contains("<dd data-called-off>607\u{202F}500,50\u{00A0}kr</dd>"))

            // Others read the use, without the form; a coordinator cannot call off.
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let seen = try await app.get(path, as: krokom)
            #expect(seen.body.contains("Avrop och utnyttjande") && !seen.body.contains("data-call-off-form"))
            #expect(try await app.post("\(path)/avrop", [("amount", "100"), ("description", "x")], as: krokom).status == .forbidden)
        }
    }
}
