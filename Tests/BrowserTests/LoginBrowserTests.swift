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

/// The pages as a person meets them, in a real headless Chromium against the real server on
/// 127.0.0.1 and the real database.
@Suite(.serialized) struct LoginBrowserTests {
    /// Serves the application, built as the program builds it, on a free port of 127.0.0.1 for `body`.
    func withServer(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion,
                    passwordHasher: .forTests, showsDemoAccounts: true),
                database: store)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                try await body("http://127.0.0.1:\(port)")
            }
        }
    }

    @Test func aCoordinatorLogsInAndSeesOnlyTheirOrganisation() async throws {
        try await withServer { base in
            let browser = try await Browser.launch()
            do {
                try await browser.open(base + "/start")
                // Not signed in: sent to the login page, which is Swedish and labelled.
                try await browser.waitFor("form[action='/logga-in']")
                #expect(try await browser.attribute("lang", of: "html") == "sv")
                let emailLabelled = try await browser.exists("label[for='email']")
                let passwordLabelled = try await browser.exists("label[for='password']")
                let labelled = emailLabelled && passwordLabelled
                #expect(labelled)
                try await browser.select("#office", value: "jamtland")
                try await browser.fill("#email", with: "krokom@jamtland.example")
                try await browser.fill("#password", with: "fel-losenord-123")
                try await browser.click("button[type='submit']")
                try await browser.waitFor("#login-error")
                #expect(try await browser.text(of: "#login-error").contains("Fel e-postadress eller lösenord"))

                try await browser.fill("#password", with: DemoData.password)
                try await browser.click("button[type='submit']")
                try await browser.waitFor("[data-active-role]")
                #expect(try await browser.currentURL().hasSuffix("/start"))
                // Two roles: switch to the coordinator's in the header.
                let coordinator = DemoData.jamtland.users.first { $0.user.email.normalized == "krokom@jamtland.example" }!
                    .roles.first { $0.role == .coordinator }!
                try await browser.select("#roll-val", value: coordinator.id.uuidString.lowercased())
                try await browser.click("form[action='/konto/roll'] button")
                try await browser.waitFor("[data-person]")
                #expect(try await browser.text(of: "[data-active-role]") == "Inköpssamordnare, Krokoms kommun")
                #expect(try await browser.text(of: "[data-organisation-name]") == "Krokoms kommun")
                let people = try await browser.texts(of: "[data-person]").joined(separator: "\n")
                #expect(people.contains("Johan Persson (demo)"))
                #expect(!people.contains("Lars Nilsson"), "another member's coordinator is visible")
                let page = try await browser.pageSource()
                #expect(!page.contains("Östersunds kommun") && !page.contains("ostersund@jamtland.example"))
                // The administrator's pages are not for this role.
                try await browser.open(base + "/admin/anvandare")
                #expect(try await browser.text(of: "h1") == "Behörighet saknas")
                // The error page keeps the header whose role switcher its advice points to.
                #expect(try await browser.text(of: "[data-active-role]") == "Inköpssamordnare, Krokoms kommun")
                #expect(try await browser.exists("#roll-val"))
                try await browser.screenshot(to: FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-coordinator.png").path)
                // Log out: back to the login page, and /start asks to log in again.
                try await browser.open(base + "/start")
                try await browser.click("form[action='/logga-ut'] button")
                try await browser.waitFor("form[action='/logga-in']")
                #expect(try await browser.text(of: "[role='status']") == "Du är utloggad.")
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }
}
