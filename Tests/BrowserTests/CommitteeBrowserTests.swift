import Foundation
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport
import WebDriver

/// A committee member votes at the coming demo meeting, in a real headless Chromium against
/// the real server and database, on a fixed day (2026-11-23).
@Suite(.serialized) struct CommitteeBrowserTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    @Test func aMemberSeesTheMatterAndVotesYes() async throws {
        let plan = PlanBrowserTests()
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            // The attendance the office records at the start of the meeting: five of eight seats.
            let meetingID = DemoData.id("meeting/jamtland/coming")
            let itemID = DemoData.id("item/jamtland/coming/1").uuidString.lowercased()
            try await store.transaction(as: .system(of: DemoData.jamtland.office.id)) { transaction in
                for email in ["ordforande@jamtland.example", "ledamot.are@jamtland.example", "ledamot.stromsund@jamtland.example",
                              "ledamot.berg@jamtland.example", "ledamot.bracke@jamtland.example"] {
                    try await transaction.setAttendance(meetingID: meetingID, userID: DemoData.id("user/\(email)"), present: true)
                }
            }
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion,
                    passwordHasher: .forTests, showsDemoAccounts: true, today: { Self.today }),
                database: store)
            try await app.test(.live) { client in
                let base = "http://127.0.0.1:\(try #require(client.port))"
                let browser = try await Browser.launch(windowHeight: 1400)
                do {
                    try await plan.logIn(browser, base: base, email: "ledamot.stromsund@jamtland.example")
                    #expect(try await browser.text(of: "[data-active-role]").hasPrefix("Ledamot i nämnden"))
                    try await browser.click("nav.site a[href='/sammantraden']")
                    try await browser.waitFor("[data-meeting] a")
                    try await browser.click("[data-meeting] a[href='/sammantraden/\(meetingID.uuidString.lowercased())']")
                    let form = "#rost-\(itemID)"
                    try await browser.waitFor(form)
                    #expect(try await browser.text(of: "#arende-\(itemID)-rubrik") == "1. Samordnad upphandling av kontorsmateriel och papper")
                    #expect(try await browser.text(of: "#arende-\(itemID) [data-proposal]")
                        == "Nämnden ger upphandlingskontoret i uppdrag att genomföra upphandlingen enligt förslaget.")
                    #expect(try await browser.text(of: "#arende-\(itemID) [data-quorum]") == "Beslutför: 5 av 8 tjänstgör.")
                    #expect(try await browser.texts(of: "[data-own-vote]").isEmpty)
                    #expect(try await browser.exists("#arende-\(itemID) form[action$='/jav']"))
                    #expect(!(try await browser.exists("[data-appeal-ends]")))
                    try await browser.screenshot(to: PlanBrowserTests.screenshotPath("committee-ballot"))

                    try await browser.click("\(form) input[name='ballot'][value='yes']")
                    try await browser.click("\(form) button[type='submit']")
                    try await browser.waitFor("[data-own-vote]")
                    #expect(try await browser.text(of: "[role='status']") == "Din röst är registrerad.")
                    #expect(try await browser.text(of: "#arende-\(itemID) [data-own-vote]") == "Din röst: Ja")
                    #expect(!(try await browser.exists(form)))
                    try await browser.screenshot(to: PlanBrowserTests.screenshotPath("committee-vote"))
                    await browser.quit()
                } catch {
                    await browser.quit()
                    throw error
                }
            }
        }
    }

    /// The office's side, by keyboard-usable forms: it records attendance at the coming meeting
    /// and reads the committee and the assignments.
    @Test func theOfficeRecordsAttendance() async throws {
        let plan = PlanBrowserTests()
        try await plan.withServer { base in
            let meetingID = DemoData.id("meeting/jamtland/coming").uuidString.lowercased()
            let browser = try await Browser.launch(windowHeight: 1400)
            do {
                try await plan.logIn(browser, base: base, email: "upphandlare@jamtland.example")
                try await browser.open(base + "/sammantraden/\(meetingID)")
                try await browser.waitFor("[data-attendance]")
                #expect(try await browser.texts(of: "[data-attendance]").count == 9, "eight members and Krokom's substitute")
                let stromsund = DemoData.id("user/ledamot.stromsund@jamtland.example").uuidString.lowercased()
                try await browser.click("form:has(input[value='\(stromsund)']) button[value='true']")
                try await browser.waitFor("[role='status']")
                #expect(try await browser.text(of: "[role='status']") == "Närvaron är sparad.")
                let row = try #require(try await browser.texts(of: "[data-attendance]").first { $0.hasPrefix("Maj Lindh (demo)") })
                #expect(row.contains("Närvarande") && row.contains("Frånvarande"))
                #expect(try await browser.text(of: "[data-quorum]") == "Inte beslutför: 1 av 8 tjänstgör, minst 5 behövs.")
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("committee-attendance"))
                try await browser.open(base + "/uppdrag")
                try await browser.waitFor("[data-assignment]")
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("committee-assignments"))
                try await browser.open(base + "/namnd")
                try await browser.waitFor("[data-seat]")
                #expect(try await browser.texts(of: "[data-seat]").count == 8)
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("committee-seats"))
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }
}
