import Authentication
import Foundation
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport
import WebDriver

/// The procurement plan as its people meet it, in a real headless Chromium against the real
/// server on 127.0.0.1 and the real database, on a fixed day: a member's coordinator answers,
/// the office reads the answers side by side.
@Suite(.serialized) struct PlanBrowserTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    /// Serves the application on a free port of 127.0.0.1 for `body`, with the demo dated `today`.
    func withServer(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: Self.today)
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion,
                    passwordHasher: .forTests, showsDemoAccounts: true, today: { Self.today }),
                database: store)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                try await body("http://127.0.0.1:\(port)")
            }
        }
    }

    func logIn(_ browser: Browser, base: String, email: String) async throws {
        try await browser.open(base + "/logga-in")
        try await browser.waitFor("form[action='/logga-in']")
        try await browser.select("#office", value: "jamtland")
        try await browser.fill("#email", with: email)
        try await browser.fill("#password", with: DemoData.password)
        try await browser.click("button[type='submit']")
        try await browser.waitFor("[data-active-role]")
    }

    /// Text with the no-break spaces of Swedish figures as plain spaces (WebDriver's text
    /// turns U+00A0 into a space; U+202F it may keep).
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    static func screenshotPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-\(name).png").path
    }

    @Test func aCoordinatorAnswersThePlanAndTheOfficeSeesItBesideTheOthers() async throws {
        try await withServer { base in
            let foodID = DemoData.id("plan/jamtland/livsmedel").uuidString.lowercased()
            let form = "#svar-\(foodID)"
            // Tall enough that a screenshot shows an item with its answer form whole.
            let browser = try await Browser.launch(windowHeight: 1400)
            do {
                // Krokom's coordinator, who also sits on the committee: switch role in the header.
                try await logIn(browser, base: base, email: "krokom@jamtland.example")
                let coordinator = DemoData.jamtland.users.first { $0.user.email.normalized == "krokom@jamtland.example" }!
                    .roles.first { $0.role == .coordinator }!
                try await browser.select("#roll-val", value: coordinator.id.uuidString.lowercased())
                try await browser.click("form[action='/konto/roll'] button")
                try await browser.waitFor("[data-plan-waiting]")
                #expect(try await browser.text(of: "[data-active-role]") == "Inköpssamordnare, Krokoms kommun")
                #expect(try await browser.text(of: "[data-plan-waiting]").contains("1 post i upphandlingsplanen väntar på ert svar."))

                // The start page leads to the plan, where the food item awaits Krokom's answer.
                try await browser.click("[data-plan-waiting] a[href='/plan']")
                try await browser.waitFor(form)
                #expect(try await browser.text(of: "h1") == "Upphandlingsplan")
                #expect(try await browser.text(of: "#post-\(foodID) h3") == "Livsmedel till kök och skolor")
                #expect(try await browser.texts(of: "#post-\(foodID) [data-own-answer]").isEmpty)
                let quantityLabelled = try await browser.exists("label[for='svar-\(foodID)-mangd']")
                let valueLabelled = try await browser.exists("label[for='svar-\(foodID)-varde']")
                #expect(quantityLabelled && valueLabelled)

                try await browser.click("\(form) input[name='decision'][value='join']")
                try await browser.fill("#svar-\(foodID)-mangd", with: "52 000")
                try await browser.fill("#svar-\(foodID)-enhet", with: "kg")
                try await browser.fill("#svar-\(foodID)-varde", with: "2 300 000")
                try await browser.click("\(form) button[type='submit']")
                try await browser.waitFor("[role='status']")
                #expect(try await browser.text(of: "[role='status']") == "Ert svar är sparat.")
                let own = Self.plain(try await browser.text(of: "#post-\(foodID) [data-own-answer]"))
                #expect(own.contains("Ansluter"))
                #expect(own.contains("52 000 kg"))
                #expect(own.contains(Self.plain(Money(kronor: 2_300_000).description)), "\(own)")
                #expect(own.contains("2 300 000,00 kr"))
                // The form now offers to change the answer, filled in with it.
                #expect(try await browser.text(of: "#svar-\(foodID)-rubrik") == "Ändra ert svar")
                #expect(try await browser.attribute("value", of: "#svar-\(foodID)-varde") == "2300000,00")
                try await browser.screenshot(to: Self.screenshotPath("plan-coordinator"))
                // The item with the answer and its form, for a look at the layout.
                try await browser.open(base + "/plan#post-\(foodID)")
                try await browser.waitFor("#post-\(foodID) [data-own-answer]")
                try await browser.screenshot(to: Self.screenshotPath("plan-answer"))

                // Log out; the procurer logs in and reads every member's answer side by side.
                try await browser.click("form[action='/logga-ut'] button")
                try await browser.waitFor("form[action='/logga-in']")
                try await logIn(browser, base: base, email: "upphandlare@jamtland.example")
                #expect(try await browser.text(of: "[data-active-role]") == "Upphandlare")
                try await browser.open(base + "/plan/\(foodID)")
                try await browser.waitFor("[data-answers]")
                #expect(try await browser.text(of: "h1") == "Livsmedel till kök och skolor")
                let rows = try await browser.texts(of: "[data-answer]").map(Self.plain)
                let krokom = try #require(rows.first { $0.hasPrefix("Krokoms kommun") })
                #expect(krokom.contains("Ansluter") && krokom.contains("52 000") && krokom.contains("kg"))
                #expect(krokom.contains("2 300 000,00 kr"))
                let ostersund = try #require(rows.first { $0.hasPrefix("Östersunds kommun") })
                #expect(ostersund.contains("18 000 000,00 kr"))
                let are = try #require(rows.first { $0.hasPrefix("Åre kommun") })
                #expect(are.contains("3 400 000,00 kr"))
                #expect(rows.count == 4)
                #expect(!(try await browser.text(of: "[data-unanswered]")).contains("Krokoms kommun"))
                #expect(try await browser.exists("form[action='/plan/\(foodID)/samordna']"))
                try await browser.screenshot(to: Self.screenshotPath("plan-item-office"))
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }
}
