import Foundation
import Procurement
import Store
import Testing
import TestSupport
import WebDriver

/// A member finds its contracts that expire this year, in a real headless Chromium against the
/// real server on 127.0.0.1 and the real database, on a fixed day (2026-11-23).
@Suite(.serialized) struct ContractBrowserTests {
    @Test func aCoordinatorFindsTheContractsEndingThisYear() async throws {
        let plan = PlanBrowserTests()
        try await plan.withServer { base in
            let supplies = DemoData.id("contract/jamtland/kontorsmateriel/1").uuidString.lowercased()
            let browser = try await Browser.launch(windowHeight: 1400)
            do {
                // Krokom's coordinator, who also sits on the committee: act for Krokom.
                try await plan.logIn(browser, base: base, email: "krokom@jamtland.example")
                let coordinator = DemoData.jamtland.users.first { $0.user.email.normalized == "krokom@jamtland.example" }!
                    .roles.first { $0.role == .coordinator }!
                try await browser.select("#roll-val", value: coordinator.id.uuidString.lowercased())
                try await browser.click("form[action='/konto/roll'] button")
                try await browser.waitFor("[data-plan-waiting]")
                #expect(try await browser.text(of: "[data-active-role]") == "Inköpssamordnare, Krokoms kommun")

                // The register from the menu: Krokom's three contracts, the fuel framework flagged.
                try await browser.click("nav.site a[href='/avtal']")
                try await browser.waitFor("[data-contracts]")
                #expect(try await browser.text(of: "h1") == "Avtalsregister")
                #expect(try await browser.texts(of: "[data-contracts] tbody tr").count == 3)
                let flagged = try await browser.texts(of: "tr.flagged").map(PlanBrowserTests.plain)
                #expect(flagged.contains { $0.contains("Drivmedel 2025") && $0.contains("Löper ut utan efterföljande uppdrag") })
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("contracts-register"))

                // "Slutar i år": the office supplies and the paper, both ending 31 December.
                try await browser.click("[data-quick='year']")
                try await browser.waitFor("#filter-slut[value='2026-12-31']")
                let rows = try await browser.texts(of: "[data-contracts] tbody tr").map(PlanBrowserTests.plain)
                #expect(rows.count == 2, "\(rows)")
                let office = try #require(rows.first { $0.contains("Kontorsmateriel") })
                let paper = try #require(rows.first { $0.contains("Kopieringspapper") })
                #expect(office.contains("2026-12-31") && paper.contains("2026-12-31"))
                #expect(office.contains("Jämtkontor AB (demo)") && paper.contains("Papperslagret i Mitt AB (demo)"))
                #expect(!rows.contains { $0.contains("Drivmedel") })
                #expect(try await browser.attribute("href", of: "[data-csv]")?.hasSuffix("/api/v1/contracts.csv?endingFrom=2026-01-01&endingBy=2026-12-31") == true)
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("contracts-this-year"))

                // One of them: its parties, and both options used.
                try await browser.click("[data-contract='\(supplies)'] a[href='/avtal/\(supplies)']")
                try await browser.waitFor("[data-parties]")
                #expect(try await browser.text(of: "h1") == "Kontorsmateriel")
                let parties = try await browser.texts(of: "[data-parties] li")
                #expect(parties == ["Krokoms kommun", "Strömsunds kommun", "Östersunds kommun"])
                #expect(try await browser.texts(of: "[data-options] [data-decision]") == ["Utnyttjad", "Utnyttjad"])
                #expect(try await browser.text(of: "[data-current-end]") == "2026-12-31")
                #expect(try await browser.text(of: "[data-period]") == "2 + 1 + 1 år")
                let activation = try await browser.exists("form[action$='/aktivera']")
                let option = try await browser.exists("form[action*='/optioner/']")
                #expect(!activation && !option, "a member keeps no register")
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("contract-supplies"))
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }

    /// The procurer follows the food tender from the menu: its stages on a timeline, and bids
    /// that stay sealed, not even counted, until the opening.
    @Test func theProcurerSeesTheTimelineAndNoSealedBids() async throws {
        let plan = PlanBrowserTests()
        try await plan.withServer { base in
            let food = DemoData.id("tender/jamtland/livsmedel").uuidString.lowercased()
            let browser = try await Browser.launch(windowHeight: 1800)
            do {
                try await plan.logIn(browser, base: base, email: "upphandlare@jamtland.example")
                try await browser.click("nav.site a[href='/upphandlingar']")
                try await browser.waitFor("[data-tenders]")
                #expect(try await browser.text(of: "[data-tender='\(food)'] [data-stage]") == "Anbudstiden ute, väntar på öppning")
                try await browser.click("[data-tender='\(food)'] a")
                try await browser.waitFor("[data-timeline]")
                #expect(try await browser.text(of: "h1") == "Livsmedel 2027")
                let steps = try await browser.texts(of: "[data-timeline] [data-step]").map(PlanBrowserTests.plain)
                #expect(steps.count == 9 && steps[0].hasPrefix("Planering") && steps[8].hasPrefix("Avtal"))
                #expect(steps[2].contains("Referens: TED 2026/S 201-000123 (demo)"))
                #expect(try await browser.text(of: "[data-timeline] li.current").hasPrefix("Sista anbudsdag"))
                #expect(try await browser.text(of: "[data-sealed]").hasPrefix("Anbuden är förseglade till anbudsöppningen"))
                #expect(!(try await browser.exists("[data-bids]")))
                try await browser.screenshot(to: PlanBrowserTests.screenshotPath("tender-food"))
                await browser.quit()
            } catch {
                await browser.quit()
                throw error
            }
        }
    }
}
