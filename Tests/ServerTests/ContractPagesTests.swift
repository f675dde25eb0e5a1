import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The Swedish pages of the contract register and the tenders, over real HTTP on 127.0.0.1 with
/// sessions from the login form and forms with `_csrf`, as a browser sends them, against the
/// real database as the application role; the day is fixed (2026-11-23).
@Suite struct ContractPagesTests {
    typealias Fixture = PoolingPagesTests.Fixture
    static let fuel = DemoData.id("contract/jamtland/drivmedel-2025")
    static let supplies = DemoData.id("contract/jamtland/kontorsmateriel/1")
    static let paper = DemoData.id("contract/jamtland/kontorsmateriel/2")
    static let archive = DemoData.id("contract/jamtland/e-arkiv")
    static let snow = DemoData.id("contract/jamtland/snorojning")
    static let foodTender = DemoData.id("tender/jamtland/livsmedel")
    static let fuelTender = DemoData.id("tender/jamtland/drivmedel-2025")

    static func path(_ prefix: String, _ id: UUID) -> String { "\(prefix)/\(id.uuidString.lowercased())" }

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await PoolingPagesTests().withApp(body)
    }

    /// The `<tr>` of a contract in the register, or nil when the page does not list it.
    func row(_ contract: UUID, in page: String) -> String? {
        guard let start = page.range(of: "data-contract=\"\(contract.uuidString.lowercased())\"") else { return nil }
        return String(page[start.lowerBound...].prefix { $0 != "\n" })
    }

    @Test func aMemberSeesTheContractsItIsPartyToAndTheFiltersNarrow() async throws {
        try await withApp { app in
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let register = try await app.get("/avtal", as: krokom)
            #expect(register.status == .ok)
            #expect(register.body.contains("<h1>Avtalsregister</h1>") && register.body.contains("Avtal där Krokoms kommun är part."))
            #expect(register.body.contains(#"<a href="/avtal">Avtal</a>"#), "everyone signed in has the register in the menu")
            #expect(!register.body.contains(#"<a href="/upphandlingar">"#), "a member's coordinator does not run tenders")
            let fuel = try #require(row(Self.fuel, in: register.body))
            let supplies = try #require(row(Self.supplies, in: register.body))
            #expect(row(Self.paper, in: register.body) != nil)
            #expect(row(Self.archive, in: register.body) == nil && !register.body.contains("e-arkiv"), "Ragunda's direct award is Ragunda's")
            #expect(row(Self.snow, in: register.body) == nil, "Åre's draft")
            #expect(!register.body.contains("Skol- och kontorsmöbler"), "another office")

            // The fuel framework ends within the year ahead with no successor: flagged in words.
            #expect(fuel.contains("Löper ut utan efterföljande uppdrag") && fuel.contains("class=\"flagged\""))
            #expect(fuel.contains("UK 2024/0001-1") && fuel.contains("Fjällbränsle AB (demo)") && fuel.contains("Krokoms kommun"))
            #expect(fuel.contains("2027-03-31") && fuel.contains("med optioner 2029-03-31") && fuel.contains("Gällande"))
            #expect(!supplies.contains("Löper ut utan efterföljande uppdrag"), "the office-supplies assignment succeeds it")
            #expect(supplies.contains("2026-12-31") && supplies.contains("Jämtkontor AB (demo), Kontorsgrossisten Norr AB (demo)"))
            let flagged = try #require(register.body.range(of: "data-flagged-count>").map { String(register.body[$0.upperBound...].prefix(120)) })
            #expect(flagged.contains("avtal löper ut inom 12 månader utan efterföljande uppdrag"))
            #expect(flagged.hasPrefix("<strong>\(PoolingPagesTests().count("data-needs-successor", in: register.body)) avtal"))

            let start = try await app.get("/start", as: krokom)
            #expect(start.body.contains("data-contracts-flagged") && start.body.contains(#"<a href="/avtal?needsSuccessor=true">Se avtalen</a>"#))

            // The filter form offers what is there, and the quick links and export carry the filter.
            #expect(register.body.contains(#"<option value="09">09 – "#) && register.body.contains(#"<option value="30">30 – "#))
            #expect(register.body.contains(">Fjällbränsle AB (demo)</option>") && register.body.contains(">Gällande</option>"))
            #expect(!register.body.contains(#"name="party""#), "a member sees only its own anyway")
            #expect(register.body.contains(#"<a href="/avtal?endingFrom=2026-01-01&amp;endingBy=2026-12-31" data-quick="year">Slutar i år</a>"#))
            #expect(register.body.contains(#"<a href="/avtal?endingFrom=2026-11-23&amp;endingBy=2027-11-23" data-quick="twelve-months">Slutar inom 12 månader</a>"#))
            #expect(register.body.contains(#"<a href="/api/v1/contracts.csv" data-csv>Exportera till CSV</a>"#))

            let thisYear = try await app.get("/avtal?endingFrom=2026-01-01&endingBy=2026-12-31", as: krokom)
            #expect(thisYear.status == .ok)
            #expect(row(Self.supplies, in: thisYear.body) != nil && row(Self.paper, in: thisYear.body) != nil)
            #expect(row(Self.fuel, in: thisYear.body) == nil, "ends 2027-03-31")
            #expect(thisYear.body.contains(#"value="2026-12-31""#) && thisYear.body.contains("2 av 3 avtal"))
            #expect(thisYear.body.contains(#"value="2026-01-01""#))
            #expect(thisYear.body.contains(#"href="/api/v1/contracts.csv?endingFrom=2026-01-01&amp;endingBy=2026-12-31""#))
            // Ending by a day is the end as things stand: extended by both options, the office
            // supplies did not end in 2024, when their initial period did.
            let initialEnd = try await app.get("/avtal?endingBy=2025-06-30", as: krokom)
            #expect(row(Self.supplies, in: initialEnd.body) == nil && initialEnd.body.contains("Inga avtal matchar filtret."))

            let category = try await app.get("/avtal?cpv=09", as: krokom)
            #expect(row(Self.fuel, in: category.body) != nil && row(Self.supplies, in: category.body) == nil)
            #expect(category.body.contains(#"<option value="09" selected>"#))
            let supplier = DemoData.id("supplier/jamtland/jamtkontor").uuidString.lowercased()
            let bySupplier = try await app.get("/avtal?supplier=\(supplier)", as: krokom)
            #expect(row(Self.supplies, in: bySupplier.body) != nil && row(Self.paper, in: bySupplier.body) == nil)
            #expect(row(Self.fuel, in: bySupplier.body) == nil)
            let needing = try await app.get("/avtal?needsSuccessor=true&status=active", as: krokom)
            #expect(row(Self.fuel, in: needing.body) != nil && row(Self.supplies, in: needing.body) == nil)
            #expect(needing.body.contains(#"id="filter-efterfoljare" name="needsSuccessor" type="checkbox" value="true" checked"#))
            #expect(needing.body.contains(#"href="/api/v1/contracts.csv?status=active&amp;needsSuccessor=true""#))
            let drafts = try await app.get("/avtal?status=draft", as: krokom)
            #expect(drafts.body.contains("Inga avtal matchar filtret.") && !drafts.body.contains("data-contracts"))

            // The export link works with the session cookie, filtered the same way.
            let csv = try await app.client.execute(uri: "/api/v1/contracts.csv?endingFrom=2026-01-01&endingBy=2026-12-31", method: .get, headers: [.cookie: krokom.cookie]) {
                ($0.status, $0.headers[.contentType], String(buffer: $0.body))
            }
            #expect(csv.0 == .ok && csv.1 == "text/csv; charset=utf-8")
            #expect(csv.2.contains("KM-2022-1;Kontorsmateriel") && csv.2.contains("KM-2022-2;Kopieringspapper"))
            #expect(!csv.2.contains("Drivmedel") && !csv.2.contains("e-arkiv"))

            // A filter the register cannot read says so in Swedish, and lists nothing.
            let wrong = try await app.get("/avtal?endingBy=i%20morgon", as: krokom)
            #expect(wrong.status == .badRequest && wrong.body.contains("Ange datumet som ÅÅÅÅ-MM-DD."))
            #expect(!wrong.body.contains("data-contracts") && wrong.body.contains(#"value="i morgon""#))

            // One contract: its parties and suppliers, both options used; no forms for a member.
            let page = try await app.get(Self.path("/avtal", Self.supplies), as: krokom)
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Kontorsmateriel</h1>") && page.body.contains("<dd data-period>2 + 1 + 1 år</dd>"))
            #expect(page.body.contains("<li>Krokoms kommun</li>") && page.body.contains("<li>Östersunds kommun</li>") && page.body.contains("<li>Strömsunds kommun</li>"))
            #expect(PoolingPagesTests().count("<td data-decision>Utnyttjad</td>", in: page.body) == 2)
            #expect(page.body.contains("<dd data-current-end>2026-12-31</dd>") && page.body.contains("Rangordning"))
            #expect(page.body.contains(#"<a href="/upphandlingar/\#(DemoData.id("tender/jamtland/kontorsmateriel-2022").uuidString.lowercased())">"#))
            #expect(page.body.contains("Delområde 1: Kontorsmateriel") && !page.body.contains("<dd data-successor>Inget ännu</dd>"))
            #expect(!page.body.contains("Hantera avtalet") && !page.body.contains("/optioner/"))
            #expect(try await app.get(Self.path("/avtal", Self.archive), as: krokom).status == .notFound)
            let refused = try await app.post("\(Self.path("/avtal", Self.fuel))/optioner/1", [("decision", "exercised")], as: krokom)
            #expect(refused.status == .forbidden)
        }
    }

    @Test func theOfficeKeepsTheRegisterThroughItsForms() async throws {
        try await withApp { app in
            let controller = try await app.logIn("controller@jamtland.example")
            let register = try await app.get("/avtal", as: controller)
            #expect(register.status == .ok && register.body.contains("Alla avtal i kontorets register."))
            #expect(row(Self.archive, in: register.body) != nil && row(Self.snow, in: register.body)?.contains("Utkast") == true)
            #expect(register.body.contains(#"name="party""#) && register.body.contains(">Ragunda kommun</option>"))
            #expect(register.body.contains(#"<a href="/upphandlingar">Upphandlingar</a>"#))
            let fuelPath = Self.path("/avtal", Self.fuel)

            // The direct award shows its documentation.
            let archive = try await app.get(Self.path("/avtal", Self.archive), as: controller)
            #expect(archive.body.contains("Dokumentation av direktupphandlingen") && archive.body.contains("Lägst pris och erfarenhet"))

            // The next open option through the form: the end moves a year.
            let before = try await app.get(fuelPath, as: controller)
            #expect(before.body.contains(#"action="\#(fuelPath)/optioner/1""#) && before.body.contains("gäller avtalet till och med 2028-03-31"))
            #expect(before.body.contains("data-needs-successor"))
            let used = try await app.post("\(fuelPath)/optioner/1", [("decision", "exercised"), ("decidedOn", "2026-11-23")], as: controller)
            #expect(used.status == .seeOther && used.location == "\(fuelPath)?sparat=option")
            let after = try await app.get(used.location ?? "", as: controller)
            #expect(after.body.contains("Beslutet om optionen är sparat."))
            #expect(after.body.contains(#"<tr data-option="1"><th scope="row">Option 1</th><td class="number">12 månader</td><td data-decision>Utnyttjad</td><td class="nowrap">2026-11-23</td>"#))
            #expect(after.body.contains("<dd data-current-end>2028-03-31</dd>") && after.body.contains(#"action="\#(fuelPath)/optioner/2""#))
            let again = try await app.post("\(fuelPath)/optioner/1", [("decision", "declined")], as: controller)
            #expect(again.status == .conflict && again.body.contains(#"role="alert""#) && again.body.contains("Optionen är redan beslutad."))
            let undecided = try await app.post("\(fuelPath)/optioner/2", [], as: controller)
            #expect(undecided.status == .unprocessableContent && undecided.body.contains("Välj att utnyttja eller avstå optionen."))

            // Naming the successor takes the flag away.
            let assignment = DemoData.id("assignment/jamtland/kontorsmateriel").uuidString.lowercased()
            #expect(after.body.contains(#"<option value="\#(assignment)">UK 2026/0001"#))
            let named = try await app.post("\(fuelPath)/efterfoljare", [("assignmentID", assignment)], as: controller)
            #expect(named.status == .seeOther && named.location == "\(fuelPath)?sparat=efterfoljare")
            let successor = try await app.get(fuelPath, as: controller)
            #expect(!successor.body.contains("data-needs-successor") && successor.body.contains("<dd data-successor>UK 2026/0001 "))
            #expect(row(Self.fuel, in: try await app.get("/avtal", as: controller).body)?.contains("Löper ut") == false)

            // The draft whose supplier lacks its checks cannot be activated; the reason in Swedish.
            let snowPath = Self.path("/avtal", Self.snow)
            let draft = try await app.get(snowPath, as: controller)
            #expect(draft.body.contains(">Aktivera avtal</button>") && !draft.body.contains("/uppsagning"))
            let activation = try await app.post("\(snowPath)/aktivera", [], as: controller)
            #expect(activation.status == .conflict)
            #expect(activation.body.contains("Seriositetsprövningen är inte klar. Saknas: Snöröj Norr AB (demo): F-skatt"))

            // Termination before the start is refused, then on a day it is kept.
            let early = try await app.post("\(fuelPath)/uppsagning", [("terminatedOn", "2025-01-01")], as: controller)
            #expect(early.status == .unprocessableContent && early.body.contains("Uppsägningen ligger före avtalets start."))
            #expect(early.body.contains(#"value="2025-01-01""#), "what was typed comes back")
            let terminated = try await app.post("\(fuelPath)/uppsagning", [("terminatedOn", "2027-06-30")], as: controller)
            #expect(terminated.status == .seeOther)
            let ended = try await app.get(fuelPath, as: controller)
            #expect(ended.body.contains("<dt>Uppsagt till</dt><dd>2027-06-30</dd>") && ended.body.contains("<dd data-current-end>2027-06-30</dd>"))
            #expect(!ended.body.contains("/optioner/2"), "a terminated contract takes no option")

            // No form without its token; the committee reads the register but keeps nothing.
            #expect(try await app.post("\(fuelPath)/optioner/2", [("decision", "declined")], as: controller, csrf: false).status == .forbidden)
            let chair = try await app.logIn("ordforande@jamtland.example")
            let committee = try await app.get("/avtal", as: chair)
            #expect(committee.status == .ok && row(Self.archive, in: committee.body) != nil)
            #expect(try await app.post("\(snowPath)/aktivera", [], as: chair).status == .forbidden)
        }
    }

    @Test func theSealedFoodTenderShowsNoBidCountToAnyone() async throws {
        try await withApp { app in
            let foodPath = Self.path("/upphandlingar", Self.foodTender)
            let people = [
                try await app.logIn("upphandlare@jamtland.example"), try await app.logIn("admin@jamtland.example"),
                try await app.logIn("controller@jamtland.example"), try await app.logIn("ordforande@jamtland.example"),
                try await app.logIn("krokom@jamtland.example", role: .coordinator),
            ]
            for person in people {
                let page = try await app.get(foodPath, as: person)
                #expect(page.status == .ok)
                #expect(page.body.contains("<h1>Livsmedel 2027</h1>") && page.body.contains("Anbudstiden ute, väntar på öppning"))
                #expect(page.body.contains("Anbuden är förseglade till anbudsöppningen (OSL 19 kap. 3 §)."))
                #expect(!page.body.contains("data-bids") && !page.body.contains("<th scope=\"col\" class=\"number\">Anbud</th>"))
                #expect(!page.body.contains("Norrfrukt") && !page.body.contains("Fjällmejeriet"), "no bidder is named")
                #expect(!page.body.contains("/anbud\"") && !page.body.contains("/tilldelning\""), "the deadline has passed; nothing to award")
                #expect(page.body.contains("TED 2026/S 201-000123 (demo)") && page.body.contains("Frågor och svar 1"))
                let list = try await app.get("/upphandlingar", as: person)
                #expect(list.status == .ok && list.body.contains("Livsmedel 2027") && !list.body.contains("Norrfrukt"))
            }
            // The awarded fuel tender shows its bids, also to a member, with the winner.
            let krokom = people[4]
            let fuel = try await app.get(Self.path("/upphandlingar", Self.fuelTender), as: krokom)
            #expect(fuel.body.contains("data-bids") && PoolingPagesTests().count("<tr data-bid>", in: fuel.body) == 3)
            #expect(fuel.body.contains("<td>Fjällbränsle AB (demo)</td>") && fuel.body.contains("<strong>Ja</strong>"))
            #expect(fuel.body.contains("Avtal tecknat") && fuel.body.contains("Skickat elektroniskt"))
            #expect(fuel.body.contains("Avtalsspärr t.o.m.") && fuel.body.contains("2025-02-20"))
            #expect(!fuel.body.contains("Hantera upphandlingen"))
        }
    }

    @Test func aProcurerRunsATenderThroughTheForms() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let list = try await app.get("/upphandlingar", as: procurer)
            #expect(list.status == .ok && list.body.contains(#"action="/upphandlingar""#) && list.body.contains("Ny upphandling"))
            #expect(list.body.contains("UK 2024/0001 Samordnad upphandling av drivmedel 2025"), "the approved assignment is offered")

            // A CPV code that is not one: 422, the words, what was typed kept.
            let wrong = try await app.post("/upphandlingar", [
                ("title", "Städtjänster 2027"), ("cpv", "99999999-9"), ("contractType", "services"), ("procedure", "open"),
                ("framework", "true"), ("lots", "Städning\nFönsterputs"),
            ], as: procurer)
            #expect(wrong.status == .unprocessableContent && wrong.body.contains("CPV-koden 99999999-9 finns inte"))
            #expect(wrong.body.contains(#"value="Städtjänster 2027""#) && wrong.body.contains("Städning\nFönsterputs</textarea>"))

            let created = try await app.post("/upphandlingar", [
                ("title", "Kontorsmöbler 2027"), ("description", "Ramavtal för kontorsmöbler."), ("cpv", "39130000-2"),
                ("contractType", "supplies"), ("procedure", "simplified"), ("framework", "true"), ("estimatedValue", "1 200 000"),
                ("planningFrom", "2026-11-23"), ("lots", "Stolar\n\nSkrivbord\n"),
            ], as: procurer)
            #expect(created.status == .seeOther, "\(created.body)")
            let location = try #require(created.location)
            #expect(location.hasPrefix("/upphandlingar/") && location.hasSuffix("?sparat=ny"))
            let path = String(location.prefix { $0 != "?" })
            let tender = try await app.get(location, as: procurer)
            #expect(tender.body.contains("Upphandlingen är upprättad.") && tender.body.contains("<h1>Kontorsmöbler 2027</h1>"))
            #expect(tender.body.contains("<td>Stolar</td>") && tender.body.contains("<td>Skrivbord</td>") && PoolingPagesTests().count("<tr data-lot>", in: tender.body) == 2)
            #expect(tender.body.contains("Förenklat förfarande") && tender.body.contains("<strong>Planering</strong>"))
            #expect(tender.body.contains("Anbud kan registreras när sista anbudsdag är satt."))
            let listed = try await app.get("/upphandlingar", as: procurer)
            #expect(listed.body.contains("Kontorsmöbler 2027"))

            // Stages: a notice needs its reference; then the deadline and opening, Swedish time.
            let noReference = try await app.post("\(path)/skeden", [("noticePublishedOn", "2026-11-23"), ("tenderDeadline", "2027-01-15T12:00")], as: procurer)
            #expect(noReference.status == .unprocessableContent && noReference.body.contains("Ange annonsens referens i annonsdatabasen."))
            #expect(noReference.body.contains(#"value="2027-01-15T12:00""#))
            let staged = try await app.post("\(path)/skeden", [
                ("earlyDialogueOn", ""), ("noticePublishedOn", "2026-11-23"), ("noticeReference", "e-Avrop UH-2026-0200 (demo)"),
                ("tenderDeadline", "2027-01-15T12:00"), ("openingAt", "2027-01-18T09:00"),
            ], as: procurer)
            #expect(staged.status == .seeOther && staged.location == "\(path)?sparat=skeden")
            let stages = try await app.get(path, as: procurer)
            #expect(stages.body.contains("Referens: e-Avrop UH-2026-0200 (demo)") && stages.body.contains("2027-01-15 12:00"))
            #expect(stages.body.contains(#"name="openingAt" type="datetime-local" value="2027-01-18T09:00""#))
            // The same form sent again changes nothing and is no refusal.
            let resent = try await app.post("\(path)/skeden", [
                ("noticePublishedOn", "2026-11-23"), ("noticeReference", "e-Avrop UH-2026-0200 (demo)"),
                ("tenderDeadline", "2027-01-15T12:00"), ("openingAt", "2027-01-18T09:00"),
            ], as: procurer)
            #expect(resent.status == .seeOther)

            // A bid registered is sealed at once, to the office too: no count anywhere.
            #expect(stages.body.contains(#"action="\#(path)/anbud""#))
            let lotID = try PoolingPagesTests().capture(#"<select id="anbud-delomrade" name="lotID" required><option value="([0-9a-f-]+)""#, in: stages.body)
            let bid = try await app.post("\(path)/anbud", [
                ("lotID", lotID), ("supplierID", DemoData.id("supplier/jamtland/jamtkontor").uuidString.lowercased()),
                ("price", "950 000"), ("receivedAt", "2026-12-01T10:00"),
            ], as: procurer)
            #expect(bid.status == .seeOther && bid.location == "\(path)?sparat=anbud")
            let sealed = try await app.get(bid.location ?? "", as: procurer)
            #expect(sealed.body.contains("Anbudet är registrerat. Det kan läsas först efter anbudsöppningen."))
            #expect(sealed.body.contains("Anbuden är förseglade till anbudsöppningen") && !sealed.body.contains("data-bids"))
            let duplicate = try await app.post("\(path)/anbud", [
                ("lotID", lotID), ("supplierID", DemoData.id("supplier/jamtland/jamtkontor").uuidString.lowercased()),
                ("price", "1"), ("receivedAt", "2026-12-01T11:00"),
            ], as: procurer)
            #expect(duplicate.status == .conflict && duplicate.body.contains("Leverantören har redan ett anbud på delområdet."))

            // A document's metadata, then the cancellation, which needs its reason.
            let document = try await app.post("\(path)/dokument", [
                ("kind", "procurement_documents"), ("title", "Förfrågningsunderlag"), ("reference", "e-Avrop UH-2026-0200/dokument (demo)"),
                ("dated", "2026-11-23"),
            ], as: procurer)
            #expect(document.status == .seeOther)
            let noReason = try await app.post("\(path)/avbryt", [("reason", " "), ("cancelledOn", "2026-11-23")], as: procurer)
            #expect(noReason.status == .unprocessableContent && noReason.body.contains("Fyll i skälet till att upphandlingen avbryts."))
            let cancelled = try await app.post("\(path)/avbryt", [("reason", "Behovet har upphört."), ("cancelledOn", "2026-11-23")], as: procurer)
            #expect(cancelled.status == .seeOther)
            let over = try await app.get(path, as: procurer)
            #expect(over.body.contains("<strong>Avbruten</strong>") && over.body.contains("Skäl: Behovet har upphört."))
            #expect(over.body.contains("<td>Förfrågningsunderlag</td>") && !over.body.contains("/skeden\"") && !over.body.contains("/avbryt\""))

            // Only the procurement staff open tenders.
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            #expect(!(try await app.get("/upphandlingar", as: krokom)).body.contains("Ny upphandling"))
            #expect(try await app.post("/upphandlingar", [("title", "X"), ("procedure", "open")], as: krokom).status == .forbidden)
            let controller = try await app.logIn("controller@jamtland.example")
            #expect(try await app.post("/upphandlingar", [("title", "X"), ("procedure", "open")], as: controller).status == .forbidden)
        }
    }

    /// A tender whose bids were opened (made by the system, as the clock would): the procurer
    /// awards through the form, the controller registers the contract, which waits for the standstill.
    @Test func anAwardBecomesADraftContractThroughTheForms() async throws {
        try await withApp { app in
            let office = DemoData.jamtland.office.id
            let procurerID = DemoData.id("user/upphandlare@jamtland.example")
            func at(_ day: Int, _ hour: Int) -> Date {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .stockholm
                return calendar.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour))!
            }
            let tender = Tender(
                id: UUID(), title: "Hörselskydd", cpv: CPVCode("18143000-3")!, contractType: .supplies, procedure: .simplified,
                framework: false, schedule: TenderSchedule(
                    planningFrom: CalendarDate(year: 2026, month: 9, day: 1)!, noticePublishedOn: CalendarDate(year: 2026, month: 10, day: 1)!,
                    noticeReference: "e-Avrop UH-2026-0150 (demo)", tenderDeadline: at(19, 12), openingAt: at(20, 9)))
            let lot = Lot(id: UUID(), tenderID: tender.id, number: 1, title: "Hörselskydd")
            let winner = Bid(id: UUID(), tenderID: tender.id, lotID: lot.id, supplierID: DemoData.id("supplier/jamtland/jamtkontor"),
                             price: Money(kronor: 240_000), receivedAt: at(18, 10))
            let other = Bid(id: UUID(), tenderID: tender.id, lotID: lot.id, supplierID: DemoData.id("supplier/jamtland/kontorsgrossisten"),
                            price: Money(kronor: 262_000), receivedAt: at(18, 11))
            try await app.store.transaction(as: .system(of: office)) { transaction in
                try await transaction.insertTender(tender, createdBy: procurerID)
                try await transaction.insertLot(lot)
                for bid in [winner, other] { try await transaction.insertBid(bid, registeredBy: procurerID) }
            }
            let path = Self.path("/upphandlingar", tender.id)
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let opened = try await app.get(path, as: procurer)
            #expect(opened.body.contains("<strong>Utvärdering</strong>") && PoolingPagesTests().count("<tr data-bid>", in: opened.body) == 2)
            #expect(opened.body.contains(#"name="winningBidIDs[]" value="\#(winner.id.uuidString.lowercased())""#))
            // A member does not read the bids before the award.
            let krokom = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let member = try await app.get(path, as: krokom)
            #expect(member.body.contains("Anbuden omfattas av sekretess till tilldelningsbeslutet") && !member.body.contains("data-bids"))

            let none = try await app.post("\(path)/tilldelning", [("decisionOn", "2026-11-23")], as: procurer)
            #expect(none.status == .unprocessableContent && none.body.contains("Välj minst ett vinnande anbud."))
            let awarded = try await app.post("\(path)/tilldelning", [
                ("winningBidIDs[]", winner.id.uuidString.lowercased()), ("decisionOn", "2026-11-23"), ("sentElectronically", "true"),
            ], as: procurer)
            #expect(awarded.status == .seeOther && awarded.location == "\(path)?sparat=tilldelning")
            let decided = try await app.get(path, as: procurer)
            #expect(decided.body.contains("Tilldelad, avtalsspärr") || decided.body.contains("Tilldelad, avtalsspärren är slut"))
            #expect(decided.body.contains("2026-12-03"), "10 days after the decision, a weekday")
            #expect(!decided.body.contains("/tilldelning\"") && decided.body.contains(#"action="\#(path)/avtal""#))

            let controller = try await app.logIn("controller@jamtland.example")
            let noParty = try await app.post("\(path)/avtal", [
                ("lotID", lot.id.uuidString.lowercased()), ("start", "2027-01-01"), ("end", "2027-12-31"), ("estimatedValue", "240 000"),
            ], as: controller)
            #expect(noParty.status == .unprocessableContent && noParty.body.contains("Välj minst en avtalspart."))
            let contract = try await app.post("\(path)/avtal", [
                ("lotID", lot.id.uuidString.lowercased()), ("reference", "HS-2027"), ("start", "2027-01-01"), ("end", "2027-12-31"),
                ("optionMonths", "12"), ("estimatedValue", "240 000"), ("partyIDs[]", DemoData.id("org/jamtland/2309").uuidString.lowercased()),
            ], as: controller)
            #expect(contract.status == .seeOther, "\(contract.body)")
            let contractPath = String(try #require(contract.location).prefix { $0 != "?" })
            let draft = try await app.get(try #require(contract.location), as: controller)
            #expect(draft.body.contains("Avtalet är registrerat som utkast.") && draft.body.contains("<dd data-status>Utkast</dd>"))
            #expect(draft.body.contains("<td>Jämtkontor AB (demo)</td>") && draft.body.contains("<li>Krokoms kommun</li>"))
            #expect(draft.body.contains("<dd data-period>1 + 1 år</dd>") && draft.body.contains("Delområde 1: Hörselskydd"))
            let early = try await app.post("\(contractPath)/aktivera", [], as: controller)
            #expect(early.status == .conflict && early.body.contains("Avtalsspärren löper till och med 2026-12-03."))
        }
    }

    @Test func storedTextIsEscaped() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let created = try await app.post("/upphandlingar", [
                ("title", "<script>alert('rubrik')</script> & Co"), ("cpv", "30192000-1"), ("contractType", "supplies"),
                ("procedure", "open"), ("framework", "true"), ("lots", "<b>Fet</b>"),
            ], as: procurer)
            #expect(created.status == .seeOther)
            let page = try await app.get(try #require(created.location), as: procurer)
            #expect(!page.body.contains("<script>alert") && !page.body.contains("<b>Fet</b>"))
            #expect(page.body.contains("&lt;script&gt;alert(&#39;rubrik&#39;)&lt;/script&gt; &amp; Co") || page.body.contains("&lt;script&gt;alert("))
            #expect(page.body.contains("&lt;b&gt;Fet&lt;/b&gt;"))
            let list = try await app.get("/upphandlingar", as: procurer)
            #expect(!list.body.contains("<script>alert") && list.body.contains("&lt;script&gt;"))

            // A contract's title in the register and on its page.
            let office = DemoData.jamtland.office.id
            try await app.store.transaction(as: .system(of: office)) { transaction in
                try await transaction.insertContract(Contract(
                    id: UUID(), reference: "X-<1>", title: "<img src=x onerror=alert(1)>", cpv: CPVCode("30192000-1")!, framework: false,
                    start: CalendarDate(year: 2026, month: 1, day: 1)!, end: CalendarDate(year: 2026, month: 12, day: 31)!,
                    estimatedValue: Money(kronor: 1000), callOffMethod: .singleSupplier,
                    supplierIDs: [DemoData.id("supplier/jamtland/jamtkontor")], partyIDs: [DemoData.id("org/jamtland/2309")]),
                    ranked: false, createdBy: nil)
            }
            let register = try await app.get("/avtal", as: procurer)
            #expect(!register.body.contains("<img src=x") && register.body.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(register.body.contains("X-&lt;1&gt;"))
        }
    }
}
