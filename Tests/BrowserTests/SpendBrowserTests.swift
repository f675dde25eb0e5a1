import Foundation
import Procurement
import Store
import Testing
import TestSupport
import WebDriver

/// The controller follows contract compliance in a real headless Chromium against the real
/// server and the demo's two years of accounts payable, on a fixed day (2026-11-23).
@Suite(.serialized) struct SpendBrowserTests {
    @Test func theControllerReadsTheShareTheChartAndTheLeakageAndNarrowsToAMember() async throws {
        let plan = PlanBrowserTests()
        try await plan.withServer { base in
            let krokom = DemoData.id("org/jamtland/2309").uuidString.lowercased()
            let browser = try await Browser.launch(windowHeight: 3600)
            do {
                try await plan.logIn(browser, base: base, email: "controller@jamtland.example")
                try await browser.click("nav.site a[href='/inkop']")
                try await browser.waitFor("[data-headline]")
                #expect(try await browser.text(of: "h1") == "Inköp och avtalstrohet")
                let share = PlanBrowserTests.plain(try await browser.text(of: "[data-share]"))
                #expect(share.hasSuffix(" %") && share != "–", "\(share)")
                #expect(try await browser.text(of: "[data-target]") == "Mål 95 %")
                let total = try await browser.text(of: "[data-total]")

                // The months as points on a line, the target as a dashed line, the same figures in the table.
                #expect(try await browser.exists("svg[data-month-chart] [data-target-line]"))
                #expect(try await browser.texts(of: "svg[data-month-chart] circle[data-point]").count == 11)
                #expect(try await browser.texts(of: "[data-months] tbody tr").count == 12)
                #expect(try await browser.exists("svg[data-supplier-chart] rect.bar.off[width]"))

                // Åre's and Krokom's tanking outside the fuel framework.
                let leaks = try await browser.texts(of: "[data-leakage] tbody tr").map(PlanBrowserTests.plain)
                #expect(leaks.contains { $0.hasPrefix("Norrdrivmedel AB (demo)") }, "\(leaks)")
                #expect(try await browser.texts(of: "[data-members] tbody tr").count == 4)
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("spend-office"))

                // Krokom alone: other figures, one member's row.
                try await browser.select("#filter-medlem", value: krokom)
                try await browser.click("form[data-filters] button[type='submit']")
                try await browser.waitFor("#filter-medlem option[value='\(krokom)'][selected]")
                #expect(try await browser.text(of: "[data-total]") != total)
                let members = try await browser.texts(of: "[data-members] tbody tr").map(PlanBrowserTests.plain)
                #expect(members.count == 1 && members[0].hasPrefix("Krokoms kommun"), "\(members)")
                #expect(try await browser.texts(of: "svg[data-month-chart] circle[data-point]").count == 11)
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("spend-krokom"))
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }

    /// Åre's orderer calls off on the fuel framework from its page: the use against the
    /// maximum as a bar, a refusal that says what remains, then a call-off that fits.
    @Test func theOrdererCallsOffOnTheFuelFramework() async throws {
        let plan = PlanBrowserTests()
        try await plan.withServer { base in
            let fuel = DemoData.id("contract/jamtland/drivmedel-2025").uuidString.lowercased()
            let browser = try await Browser.launch(windowHeight: 2000)
            do {
                try await plan.logIn(browser, base: base, email: "bestallare.are@jamtland.example")
                try await browser.open(base + "/avtal/" + fuel)
                try await browser.waitFor("[data-use]")
                #expect(PlanBrowserTests.plain(try await browser.text(of: "[data-remaining]")) == "23 405 000,00 kr")
                #expect(try await browser.attribute("data-progress", of: "svg[data-progress]").map(PlanBrowserTests.plain) == "2,5 %")
                #expect(try await browser.texts(of: "[data-call-offs] tbody tr").count == 3)

                try await browser.fill("#avrop-belopp", with: "24 000 000")
                try await browser.fill("#avrop-vad", with: "Allt bränsle")
                try await browser.click("form[data-call-off-form] button[type='submit']")
                try await browser.waitFor("[data-call-off-error]")
                let refusal = PlanBrowserTests.plain(try await browser.text(of: "[data-call-off-error]"))
                #expect(refusal == "Avropet skulle överskrida ramavtalets takvärde. Kvar att avropa: 23 405 000,00 kr.", "\(refusal)")
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("call-off-refused"))

                try await browser.fill("#avrop-belopp", with: "15 000")
                try await browser.click("form[data-call-off-form] button[type='submit']")
                try await browser.waitFor("p.notice")
                #expect(try await browser.texts(of: "[data-call-offs] tbody tr").count == 4)
                #expect(PlanBrowserTests.plain(try await browser.text(of: "[data-called-off]")) == "610 000,00 kr")
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }
}
