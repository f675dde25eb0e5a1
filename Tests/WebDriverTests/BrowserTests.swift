import Foundation
import Testing
@testable import WebDriver
#if canImport(Glibc)
import Glibc
#endif

/// Real headless Chromium through chromedriver: each test launches its own and quits it.
@Suite(.serialized) struct BrowserTests {
    static let formPage = """
        <!doctype html>
        <html lang="sv">
        <head><meta charset="utf-8"><title>Anmälan</title></head>
        <body>
          <form id="form" onsubmit="event.preventDefault()">
            <input type="text" id="name" value="förifyllt">
            <input type="password" id="secret">
            <select id="role">
              <option value="">Välj</option>
              <option value="buyer">Köpare</option>
              <option value="supplier">Leverantör</option>
            </select>
            <button type="submit" id="send" onclick="showEntries()">Skicka</button>
          </form>
          <p id="result"></p>
          <ul id="list"><li>Ett</li><li>Två</li><li>Tre</li></ul>
          <a id="link" href="/upphandlingar/7" data-state="öppen">Upphandling 7</a>
          <p id="charset"></p>
          <script>
            function showEntries() {  // not "send": inside the form that name is the button
              const field = (id) => document.getElementById(id).value;
              document.getElementById('result').textContent = [field('name'), field('secret'), field('role')].join(' | ');
            }
            document.getElementById('charset').textContent = document.characterSet + ' ' + document.documentElement.lang;
            setTimeout(() => {
              const late = document.createElement('div');
              late.id = 'late';
              late.textContent = 'Sen';
              document.body.appendChild(late);
            }, 300);
          </script>
        </body>
        </html>
        """

    /// Writes the page to a fresh temporary file, launches a browser on it and quits it afterwards.
    func withPage(_ html: String = formPage, _ body: (Browser, URL) async throws -> Void) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-page-\(UUID().uuidString.prefix(8)).html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let browser = try await Browser.launch()
        do {
            try await browser.open(file.absoluteString)
            try await body(browser, file)
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
    }

    @Test func aFormIsFilledChosenAndSent() async throws {
        try await withPage { browser, file in
            #expect(try await browser.title() == "Anmälan")
            #expect(try await browser.currentURL() == file.absoluteString)
            try await browser.fill("#name", with: "Anna Andersson")
            try await browser.fill("#secret", with: "hemligt-123")
            try await browser.select("#role", value: "supplier")
            try await browser.click("#send")
            let result = try await browser.text(of: "#result")
            #expect(result == "Anna Andersson | hemligt-123 | supplier")
            #expect(try await browser.currentURL() == file.absoluteString, "the form is not submitted away")

            await #expect(throws: WebDriverError.self) { try await browser.select("#role", value: "nobody") }
        }
    }

    @Test func elementsAreFoundCountedAndRead() async throws {
        try await withPage { (browser, _) async throws in
            #expect(try await browser.exists("#list li"))
            #expect(try await !browser.exists("#list table"))
            #expect(try await browser.texts(of: "#list li") == ["Ett", "Två", "Tre"])
            #expect(try await browser.texts(of: ".nothing-here").isEmpty)
            #expect(try await browser.attribute("data-state", of: "#link") == "öppen")
            #expect(try await browser.attribute("href", of: "#link") == "/upphandlingar/7")
            #expect(try await browser.attribute("data-missing", of: "#link") == nil)
            // The attribute as in the markup, not the field's current value (W3C Get Element Attribute).
            try await browser.fill("#name", with: "ändrat")
            #expect(try await browser.attribute("value", of: "#name") == "förifyllt")
            #expect(try await browser.pageSource().contains("<ul id=\"list\">"))
        }
    }

    @Test func aMissingElementIsNoSuchElement() async throws {
        try await withPage { browser, _ in
            do {
                _ = try await browser.text(of: "#missing")
                Issue.record("text(of:) of a missing element returned")
            } catch WebDriverError.noSuchElement(let message) {
                #expect(message.contains("#missing"))
            }
            await #expect(throws: WebDriverError.self) { try await browser.click("form > #missing") }
            await #expect(throws: WebDriverError.self) { try await browser.attribute("id", of: "#missing") }
            // A selector that is not CSS is a protocol error, not a missing element.
            do {
                _ = try await browser.exists("p[[")
                Issue.record("an invalid selector was accepted")
            } catch WebDriverError.protocolError(let message) {
                #expect(message.contains("invalid selector"))
            }
        }
    }

    @Test func waitForWaitsForALateElement() async throws {
        try await withPage { browser, _ in
            // Whether it is there yet when asked depends on the machine's load, so only that
            // waiting finds it is checked.
            try await browser.waitFor("#late")
            #expect(try await browser.text(of: "#late") == "Sen")

            let started = ContinuousClock.now
            do {
                try await browser.waitFor("#never", timeout: .milliseconds(400))
                Issue.record("waitFor found an element that never comes")
            } catch WebDriverError.noSuchElement(let message) {
                #expect(message.contains("#never"))
            }
            #expect(ContinuousClock.now - started >= .milliseconds(400))
        }
    }

    @Test func aScreenshotIsAPNG() async throws {
        try await withPage { browser, _ in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-shot-\(UUID().uuidString.prefix(8)).png").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await browser.screenshot(to: path)
            let png = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            #expect(png.count > 1000)
        }
    }

    @Test func swedishTextRoundTrips() async throws {
        try await withPage { browser, _ in
            #expect(try await browser.text(of: "#charset") == "UTF-8 sv")
            #expect(try await browser.texts(of: "#role option") == ["Välj", "Köpare", "Leverantör"])
            let typed = "Räksmörgås på Åland – ÅÄÖ åäö é"
            try await browser.fill("#name", with: typed)
            try await browser.click("#send")
            let result = try await browser.text(of: "#result")
            #expect(result == "\(typed) | |", "visible text: white space collapsed and trimmed")
        }
    }

    @Test func quitLeavesNoProcessesAndAQuitBrowserRefuses() async throws {
        let browser = try await Browser.launch(windowWidth: 800, windowHeight: 600)
        let driver = browser.driver
        let group = driver.pid
        let folder = driver.folder
        #expect(Self.liveProcesses(inGroup: group).count >= 2, "chromedriver and chromium")
        try await browser.open("about:blank")
        await browser.quit()
        #expect(Self.liveProcesses(inGroup: group).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        await browser.quit()  // twice is fine
        await #expect(throws: WebDriverError.self) { try await browser.title() }
    }

    @Test func aDroppedBrowserIsStopped() async throws {
        var browser: Browser? = try await Browser.launch()
        let group = browser!.driver.pid
        #expect(!Self.liveProcesses(inGroup: group).isEmpty)
        browser = nil
        #expect(Self.liveProcesses(inGroup: group).isEmpty)
    }

    @Test func theDriverIsFoundWhereDebianPutsIt() throws {
        let found = try Executables.locate(environment: ["PATH": "/nonexistent"])
        #expect(found.chromedriver == "/usr/bin/chromedriver")
        #expect(found.chromium == "/usr/bin/chromium")
    }

    @Test func optionValuesAreQuotedForCSS() {
        #expect(Browser.cssString(#"a "b" \c"#) == #"a \"b\" \\c"#)
        #expect(Browser.cssString("x\ny") == "x\\a y")
    }

    // MARK: - Helpers

    /// Processes of a process group that are still running (not zombies), from /proc.
    static func liveProcesses(inGroup group: pid_t) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard Int(entry) != nil,
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 2, pid_t(fields[2]) == group, fields[0] != "Z" else { return nil }
            return stat
        }
    }
}
