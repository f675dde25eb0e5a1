import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The Swedish pages of the committee's meetings, over real HTTP with sessions from the login
/// form and forms with `_csrf`, as a browser sends them; the day is fixed (2026-11-23).
@Suite struct CommitteePagesTests {
    typealias Fixture = PoolingPagesTests.Fixture
    static let coming = DemoData.id("meeting/jamtland/coming")
    static let signed2024 = DemoData.id("meeting/jamtland/2024-11")
    static var comingPath: String { "/sammantraden/\(coming.uuidString.lowercased())" }

    static func user(_ email: String) -> String { DemoData.id("user/\(email)").uuidString.lowercased() }

    func withApp(_ body: @escaping @Sendable (Fixture) async throws -> Void) async throws {
        try await PoolingPagesTests().withApp(body)
    }

    /// The coming meeting's only matter (the office-supplies assignment).
    func comingItem(_ app: Fixture) async throws -> AgendaItem {
        let office = DemoData.jamtland.office.id
        let items = try await app.store.transaction(as: .system(of: office), readOnly: true) {
            try await $0.agendaItems(meetingID: Self.coming)
        }
        return try #require(items.first)
    }

    /// The procurer records `emails` as present through the attendance form.
    func markPresent(_ emails: [String], _ app: Fixture) async throws {
        let procurer = try await app.logIn("upphandlare@jamtland.example")
        for email in emails {
            let saved = try await app.post("\(Self.comingPath)/narvaro", [("userID", Self.user(email)), ("present", "true")], as: procurer)
            #expect(saved.status == .seeOther && saved.location == "\(Self.comingPath)?sparat=narvaro", "\(saved.body)")
        }
    }

    @Test func eachRoleSeesWhatItMayAndNoMore() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let list = try await app.get("/sammantraden", as: procurer)
            #expect(list.status == .ok)
            #expect(list.body.contains("<h1>Sammanträden</h1>") && list.body.contains("Kommande sammanträden"))
            #expect(list.body.contains(#"href="\#(Self.comingPath)""#))
            #expect(list.body.contains(#"<a href="/sammantraden">Sammanträden</a>"#))

            let meeting = try await app.get(Self.comingPath, as: procurer)
            #expect(meeting.status == .ok)
            #expect(meeting.body.contains("Dagordning") && meeting.body.contains("kontorsmateriel och papper"))
            #expect(meeting.body.contains("<h2 id=\"narvaro\">Närvaro</h2>") && meeting.body.contains("Maj Lindh (demo)"))
            #expect(meeting.body.contains("Inte beslutför: 0 av 8 tjänstgör"))
            #expect(meeting.body.contains("Fatta beslut") && !meeting.body.contains("id=\"rost-"))
            #expect(!meeting.body.contains("Sista dag för överklagande") && !meeting.body.contains("Justera protokollet"))

            // A member's coordinator reads only the signed minutes.
            let coordinator = try await app.logIn("krokom@jamtland.example", role: .coordinator)
            let signedOnly = try await app.get("/sammantraden", as: coordinator)
            #expect(signedOnly.status == .ok && !signedOnly.body.contains(Self.comingPath))
            #expect(signedOnly.body.contains(Self.signed2024.uuidString.lowercased()))
            #expect(try await app.get(Self.comingPath, as: coordinator).status == .notFound)
            let minutes = try await app.get("/sammantraden/\(Self.signed2024.uuidString.lowercased())", as: coordinator)
            #expect(minutes.status == .ok && minutes.body.contains("Justerat") && minutes.body.contains("Sista dag för överklagande"))
            #expect(minutes.body.contains("§ ") && !minutes.body.contains("id=\"narvaro\""))

            // Wrong roles are refused.
            let member = try await app.logIn("ledamot.stromsund@jamtland.example")
            let attendance = try await app.post("\(Self.comingPath)/narvaro", [("userID", Self.user("ledamot.stromsund@jamtland.example")), ("present", "true")], as: member)
            #expect(attendance.status == .forbidden && attendance.body.contains("Behörighet saknas"))
            let item = try await comingItem(app)
            let itemPath = "\(Self.comingPath)/arenden/\(item.id.uuidString.lowercased())"
            #expect(try await app.post("\(itemPath)/rost", [("ballot", "yes")], as: procurer).status == .forbidden)
            #expect(try await app.post("\(itemPath)/beslut", [], as: member).status == .forbidden)
            #expect(try await app.post("\(itemPath)/rost", [("ballot", "yes")], as: coordinator).status == .forbidden)
            // No form without its token.
            #expect(try await app.post("\(Self.comingPath)/narvaro", [("userID", Self.user("ledamot.berg@jamtland.example")), ("present", "true")], as: procurer, csrf: false).status == .forbidden)
        }
    }

    @Test func aMemberVotesThroughTheForm() async throws {
        try await withApp { app in
            try await markPresent([
                "ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.stromsund@jamtland.example",
                "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example",
            ], app)
            let item = try await comingItem(app)
            let itemID = item.id.uuidString.lowercased()
            let member = try await app.logIn("ledamot.stromsund@jamtland.example")
            let before = try await app.get(Self.comingPath, as: member)
            #expect(before.status == .ok)
            #expect(before.body.contains(#"id="rost-\#(itemID)""#) && before.body.contains(">Rösta</button>"))
            #expect(before.body.contains("Beslutför: 5 av 8 tjänstgör") && before.body.contains("Anmäl jäv"))
            #expect(!before.body.contains("data-own-vote") && !before.body.contains("Fatta beslut"))

            let voted = try await app.post("\(Self.comingPath)/arenden/\(itemID)/rost", [("ballot", "yes")], as: member)
            #expect(voted.status == .seeOther && voted.location == "\(Self.comingPath)?sparat=rost")
            let after = try await app.get(voted.location ?? "", as: member)
            #expect(after.body.contains("Din röst är registrerad."))
            #expect(after.body.contains(#"<p class="own-answer" data-own-vote>Din röst: <strong>Ja</strong></p>"#))
            #expect(!after.body.contains(#"id="rost-\#(itemID)""#) && after.body.contains("1 av 5 tjänstgörande har röstat."))

            let again = try await app.post("\(Self.comingPath)/arenden/\(itemID)/rost", [("ballot", "no")], as: member)
            #expect(again.status == .conflict && again.body.contains("Du har redan röstat i ärendet."))

            // An absent member is told why they do not serve, and cannot vote.
            let absent = try await app.logIn("ledamot.ragunda@jamtland.example")
            let page = try await app.get(Self.comingPath, as: absent)
            #expect(page.body.contains("du är inte antecknad som närvarande") && !page.body.contains(#"id="rost-"#))
            let refused = try await app.post("\(Self.comingPath)/arenden/\(itemID)/rost", [("ballot", "yes")], as: absent)
            #expect(refused.status == .conflict && refused.body.contains("Du tjänstgör inte i ärendet"))
            let empty = try await app.post("\(Self.comingPath)/arenden/\(itemID)/rost", [], as: member)
            #expect(empty.status == .unprocessableContent && empty.body.contains("Välj Ja, Nej eller Avstår."))
        }
    }

    @Test func noDecisionWithoutAQuorumSaysWhyInSwedish() async throws {
        try await withApp { app in
            try await markPresent([
                "ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example",
            ], app)
            let item = try await comingItem(app)
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let page = try await app.get(Self.comingPath, as: procurer)
            #expect(page.body.contains("Inte beslutför: 4 av 8 tjänstgör, minst 5 behövs."))
            let refused = try await app.post("\(Self.comingPath)/arenden/\(item.id.uuidString.lowercased())/beslut", [], as: procurer)
            #expect(refused.status == .conflict)
            #expect(refused.body.contains(#"role="alert""#) && refused.body.contains("Nämnden är inte beslutför: 4 deltar, minst 5 behövs"))
            #expect(!refused.body.contains("data-decision"))
        }
    }

    @Test func storedTextIsEscaped() async throws {
        try await withApp { app in
            let office = DemoData.jamtland.office.id
            try await app.store.transaction(as: .system(of: office)) { transaction in
                try await transaction.insertAgendaItem(AgendaItem(
                    id: UUID(), meetingID: Self.coming, position: 2, assignmentID: nil,
                    title: "<script>alert('rubrik')</script>", proposal: "<b>Noteras</b> & läggs till handlingarna"))
            }
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let page = try await app.get(Self.comingPath, as: procurer)
            #expect(page.status == .ok)
            #expect(!page.body.contains("<script>alert") && !page.body.contains("<b>Noteras</b>"))
            #expect(page.body.contains("&lt;script&gt;") && page.body.contains("&lt;b&gt;Noteras&lt;/b&gt; &amp; läggs"))
        }
    }

    @Test func anyoneReadsTheSignedDecisionsWithoutLoggingIn() async throws {
        try await withApp { app in
            let office = try await app.client.execute(uri: "/kontor/jamtland", method: .get) { String(buffer: $0.body) }
            #expect(office.contains(#"<a href="/kontor/jamtland/beslut">Nämndens beslut</a>"#))
            let (status, body) = try await app.client.execute(uri: "/kontor/jamtland/beslut", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(status == .ok)
            #expect(body.contains("<h1>Nämndens beslut</h1>") && body.contains(#"<table aria-label="Justerade beslut">"#))
            let appealEnds = AppealPeriod.lastDay(announcedOn: CalendarDate(year: 2024, month: 11, day: 22)!).iso
            #expect(body.contains("§ 1 (2024)") && body.contains("Samordnad upphandling av drivmedel 2025") && body.contains("Bifall"))
            #expect(body.contains("2024-11-22") && body.contains(appealEnds))
            #expect(body.components(separatedBy: "data-public-decision").count - 1 == 1, "only the signed 2024 decision")
            #expect(!body.contains("kontorsmateriel och papper"))
            #expect(try await app.client.execute(uri: "/kontor/finns-inte/beslut", method: .get) { $0.status } == .notFound)
        }
    }

    @Test func theCommitteeSeatBySeatAndTheAdministratorAddsAMandate() async throws {
        try await withApp { app in
            let member = try await app.logIn("ledamot.stromsund@jamtland.example")
            let page = try await app.get("/namnd", as: member)
            #expect(page.status == .ok && page.body.contains("<h1>Nämnden</h1>"))
            #expect(page.body.contains(#"<table aria-label="Nämndens ledamöter och ersättare">"#))
            #expect(page.body.components(separatedBy: "data-seat").count - 1 == 8)
            #expect(page.body.contains("Maj Lindh (demo)") && page.body.contains("Ordförande") && page.body.contains("Vice ordförande"))
            #expect(!page.body.contains("Nytt uppdrag i nämnden") && !page.body.contains("Ny mandatperiod"))
            let refused = try await app.post("/namnd/perioder", [("name", "2027–2030"), ("startsOn", "2027-01-01"), ("endsOn", "2030-12-31")], as: member)
            #expect(refused.status == .forbidden)

            let admin = try await app.logIn("admin@jamtland.example")
            let adminPage = try await app.get("/namnd", as: admin)
            #expect(adminPage.status == .ok && adminPage.body.contains("Nytt uppdrag i nämnden") && adminPage.body.contains("Ny mandatperiod"))
            let termID = try #require(adminPage.body.range(of: #"name="termID" value=""#).map { String(adminPage.body[$0.upperBound...].prefix(36)) })
            let ostersund = DemoData.id("org/jamtland/2380").uuidString.lowercased()
            let badRank = try await app.post("/namnd/uppdrag", [
                ("termID", termID), ("organisationID", ostersund), ("userID", Self.user("upphandlare@jamtland.example")),
                ("position", "substitute"), ("rank", "99"),
            ], as: admin)
            #expect(badRank.status == .unprocessableContent && badRank.body.contains("Ange ersättarens ordning (1–20)."))
            let saved = try await app.post("/namnd/uppdrag", [
                ("termID", termID), ("organisationID", ostersund), ("userID", Self.user("upphandlare@jamtland.example")),
                ("position", "substitute"), ("rank", "3"), ("presiding", ""),
            ], as: admin)
            #expect(saved.status == .seeOther && saved.location == "/namnd?sparat=uppdrag", "\(saved.body)")
            let after = try await app.get("/namnd?sparat=uppdrag", as: admin)
            #expect(after.body.contains("Uppdraget i nämnden är sparat.") && after.body.contains("3. "))
            let term = try await app.post("/namnd/perioder", [("name", "2027–2030"), ("startsOn", "2030-12-31"), ("endsOn", "2027-01-01")], as: admin)
            #expect(term.status == .unprocessableContent && term.body.contains("Mandatperioden kan inte sluta innan den börjar."))
        }
    }

    @Test func theOfficeDraftsAnAssignmentAndMovesAnApprovedOneToItsReport() async throws {
        try await withApp { app in
            let member = try await app.logIn("ledamot.stromsund@jamtland.example")
            let read = try await app.get("/uppdrag", as: member)
            let fuel = CaseNumber(prefix: "UK", year: 2024, serial: 1).description
            #expect(read.status == .ok && read.body.contains("<h1>Uppdrag</h1>") && read.body.contains(fuel))
            #expect(read.body.contains("Samordnad upphandling av drivmedel 2025") && read.body.contains("Beslutat"))
            #expect(!read.body.contains("Nytt uppdrag") && !read.body.contains("/status\""))
            #expect(try await app.post("/uppdrag", [("title", "Något")], as: member).status == .forbidden)

            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let page = try await app.get("/uppdrag", as: procurer)
            #expect(page.body.contains("Nytt uppdrag") && page.body.contains("Ge uppdraget"))
            let created = try await app.post("/uppdrag", [("pooledProcurementID", ""), ("title", "<i>Ny</i> avfallstjänst"), ("scope", "Utreda")], as: procurer)
            #expect(created.status == .seeOther && created.location == "/uppdrag?sparat=nytt")
            let list = try await app.get("/uppdrag?sparat=nytt", as: procurer)
            #expect(list.body.contains("Uppdraget är upprättat") && list.body.contains("&lt;i&gt;Ny&lt;/i&gt; avfallstjänst") && !list.body.contains("<i>Ny</i>"))
            #expect(list.body.contains(CaseNumber(prefix: "UK", year: 2026, serial: 2).description) && list.body.contains("Föreslaget"))
            let untitled = try await app.post("/uppdrag", [("pooledProcurementID", ""), ("title", " ")], as: procurer)
            #expect(untitled.status == .unprocessableContent && untitled.body.contains(#"role="alert""#))

            let fuelID = DemoData.id("assignment/jamtland/drivmedel-2025").uuidString.lowercased()
            let path = "/uppdrag/\(fuelID)/status"
            let noProcurer = try await app.post(path, [("status", "in_progress"), ("procurerID", "")], as: procurer)
            #expect(noProcurer.status == .unprocessableContent && noProcurer.body.contains("Välj den upphandlare som ska genomföra uppdraget."))
            #expect(try await app.post(path, [("status", "in_progress"), ("procurerID", Self.user("upphandlare@jamtland.example"))], as: procurer).status == .seeOther)
            let skipped = try await app.post(path, [("status", "reported"), ("report", "Klart")], as: procurer)
            #expect(skipped.status == .conflict && skipped.body.contains("Uppdraget har status pågår och kan inte få status återrapporterat."))
            #expect(try await app.post(path, [("status", "completed")], as: procurer).status == .seeOther)
            #expect(try await app.post(path, [("status", "reported"), ("report", "Avtal tecknat <b>2025</b>.")], as: procurer).status == .seeOther)
            let done = try await app.get("/uppdrag", as: member)
            #expect(done.body.contains("Återrapporterat") && done.body.contains("Återrapport: Avtal tecknat &lt;b&gt;2025&lt;/b&gt;."))
        }
    }

    @Test func theOfficeSchedulesAMeetingWithAnAgenda() async throws {
        try await withApp { app in
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let list = try await app.get("/sammantraden", as: procurer)
            #expect(list.body.contains("Nytt sammanträde") && list.body.contains(#"name="assignmentIDs[]""#))
            let noMatter = try await app.post("/sammantraden", [("startsAt", "2026-12-10T09:00"), ("place", "Rådhuset")], as: procurer)
            #expect(noMatter.status == .unprocessableContent && noMatter.body.contains("Lägg minst ett ärende på dagordningen."))
            #expect(noMatter.body.contains(#"value="Rådhuset""#))

            // A fresh proposed assignment, then a meeting with it and an information matter.
            #expect(try await app.post("/uppdrag", [("title", "Avfallstjänster"), ("scope", "")], as: procurer).status == .seeOther)
            let form = try await app.get("/sammantraden", as: procurer)
            let marker = "name=\"assignmentIDs[]\" value=\""
            let assignmentID = try #require(form.body.range(of: marker).map { String(form.body[$0.upperBound...].prefix(36)) })
            let scheduled = try await app.post("/sammantraden", [
                ("startsAt", "2026-12-10T09:00"), ("place", "Rådhuset, Östersund"), ("adjusterID", Self.user("ledamot.berg@jamtland.example")),
                ("assignmentIDs[]", assignmentID), ("matterTitle", "Information om avtalsuppföljning"), ("matterProposal", "Informationen noteras."),
            ], as: procurer)
            #expect(scheduled.status == .seeOther && (scheduled.location ?? "").hasSuffix("?sparat=kallat"), "\(scheduled.body)")
            let meeting = try await app.get(scheduled.location ?? "", as: procurer)
            #expect(meeting.body.contains("Sammanträde 2026-12-10 09:00") && meeting.body.contains("Elin Svenstavik (demo)"))
            #expect(meeting.body.contains("Avfallstjänster") && meeting.body.contains("2. Information om avtalsuppföljning"))
            #expect(meeting.body.contains("Informationen noteras.") && meeting.body.contains(CommitteePagesTests.proposal))
            #expect(try await app.post("/sammantraden", [("startsAt", "2026-12-10T09:00"), ("matterTitle", "X")],
                                       as: try await app.logIn("ordforande@jamtland.example")).status == .forbidden)
        }
    }

    static let proposal = "Nämnden ger upphandlingskontoret i uppdrag att genomföra uppdraget enligt förslaget."

    @Test func fromVotesToSignedAnnouncedAndPublicThroughTheForms() async throws {
        try await withApp { app in
            let voters = ["ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.stromsund@jamtland.example",
                          "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example"]
            try await markPresent(voters + ["ledamot.ragunda@jamtland.example"], app)
            let itemPath = "\(Self.comingPath)/arenden/\(try await comingItem(app).id.uuidString.lowercased())"

            // Ragunda's member declares a conflict of interest and takes no part.
            let ragunda = try await app.logIn("ledamot.ragunda@jamtland.example")
            #expect(try await app.post("\(itemPath)/jav", [("reason", "Närstående hos en anbudsgivare")], as: ragunda).status == .seeOther)
            let conflicted = try await app.get(Self.comingPath, as: ragunda)
            #expect(conflicted.body.contains("du har anmält jäv") && !conflicted.body.contains(#"id="rost-"#))
            #expect(conflicted.body.contains("Beslutför: 5 av 8 tjänstgör.") && conflicted.body.contains("Jäviga: Britt Hammarstrand (demo)."))

            let chair = try await app.logIn("ordforande@jamtland.example")
            let early = try await app.post("\(itemPath)/beslut", [], as: chair)
            #expect(early.status == .conflict && early.body.contains("5 av de tjänstgörande har inte röstat än."))
            for email in voters {
                let session = email == "ordforande@jamtland.example" ? chair : try await app.logIn(email)
                #expect(try await app.post("\(itemPath)/rost", [("ballot", "yes")], as: session).status == .seeOther)
            }
            let decided = try await app.post("\(itemPath)/beslut", [], as: chair)
            #expect(decided.status == .seeOther && decided.location == "\(Self.comingPath)?sparat=beslut")
            let page = try await app.get(Self.comingPath, as: chair)
            #expect(page.body.contains("Beslut § 1") && page.body.contains("<strong>Bifall</strong>. Ja 5, nej 0, avstår 0."))
            #expect(page.body.contains("Justera protokollet som ordförande") && !page.body.contains("Fatta beslut"))
            let assignments = try await app.get("/uppdrag", as: chair)
            #expect(assignments.body.contains("Beslutat"))

            #expect(try await app.post("\(Self.comingPath)/justera", [("role", "chair")], as: chair).status == .seeOther)
            let adjuster = try await app.logIn("ledamot.stromsund@jamtland.example")
            #expect(try await app.get(Self.comingPath, as: adjuster).body.contains("Justera protokollet som justerare"))
            #expect(try await app.post("\(Self.comingPath)/justera", [("role", "adjuster")], as: adjuster).status == .seeOther)

            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let signed = try await app.get(Self.comingPath, as: procurer)
            #expect(signed.body.contains(#"<dd data-minutes>Justerat</dd>"#) && signed.body.contains(">Anslå</button>"))
            #expect(try await app.post("\(Self.comingPath)/anslag", [("date", "2026-11-23")], as: procurer).status == .seeOther)
            let announced = try await app.get(Self.comingPath, as: procurer)
            let appealEnds = AppealPeriod.lastDay(announcedOn: CalendarDate(year: 2026, month: 11, day: 23)!).iso
            #expect(announced.body.contains("Sista dag för överklagande") && announced.body.contains("<dd data-appeal-ends>\(appealEnds)</dd>"))
            let again = try await app.post("\(Self.comingPath)/anslag", [("date", "2026-11-24")], as: procurer)
            #expect(again.status == .conflict)

            let (_, body) = try await app.client.execute(uri: "/kontor/jamtland/beslut", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(body.contains("§ 1 (2026)") && body.contains("kontorsmateriel och papper") && body.contains(appealEnds))
        }
    }

    @Test func aMotionToReferBackIsVotedFirstAndPerCapsulamIsScheduled() async throws {
        try await withApp { app in
            let present = ["ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.stromsund@jamtland.example",
                           "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example"]
            try await markPresent(present, app)
            let itemID = try await comingItem(app).id.uuidString.lowercased()
            // Three of five want it back: the referral carries, whatever the votes on the proposal.
            for (index, email) in present.enumerated() {
                let member = try await app.logIn(email)
                let page = try await app.get(Self.comingPath, as: member)
                #expect(page.body.contains("Yrkande om återremiss"))
                let voted = try await app.post("\(Self.comingPath)/arenden/\(itemID)/rost",
                                               [("question", "refer_back"), ("ballot", index < 3 ? "yes" : "no")], as: member)
                #expect(voted.status == .seeOther)
                let proposal = try await app.post("\(Self.comingPath)/arenden/\(itemID)/rost", [("ballot", "yes")], as: member)
                #expect(proposal.status == .seeOther)
                let after = try await app.get(Self.comingPath, as: member)
                #expect(after.body.contains("Din röst om återremiss: <strong>\(index < 3 ? "Ja" : "Nej")</strong>"))
            }
            let chair = try await app.logIn("ordforande@jamtland.example")
            let decided = try await app.post("\(Self.comingPath)/arenden/\(itemID)/beslut", [], as: chair)
            #expect(decided.status == .seeOther)
            let page = try await app.get(Self.comingPath, as: chair)
            #expect(page.body.contains("<strong>Återremiss</strong>"))

            // A decision between meetings (per capsulam) is scheduled from the same form.
            let procurer = try await app.logIn("upphandlare@jamtland.example")
            let scheduled = try await app.post("/sammantraden", [
                ("startsAt", "2026-12-03T12:00"), ("place", ""), ("adjusterID", ""), ("matterTitle", "Brådskande tillägg"),
                ("matterProposal", "Bifall"), ("perCapsulam", "on"),
            ], as: procurer)
            #expect(scheduled.status == .seeOther, "\(scheduled.body)")
            let perCapsulam = try await app.get(scheduled.location ?? "", as: procurer)
            #expect(perCapsulam.body.contains("<h1>Beslut per capsulam"))
        }
    }
}
