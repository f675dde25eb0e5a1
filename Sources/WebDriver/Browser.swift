import Foundation

/// A headless Chromium driven over the W3C WebDriver protocol by Debian's chromedriver, which
/// this starts on a free port of 127.0.0.1 and stops on quit.
///
/// Each Browser is one chromedriver, one chromium and one fresh profile in a temporary folder.
/// Call `quit()` when done; a Browser that is dropped without it is stopped by `deinit`, and one
/// still alive when the process ends is stopped by a watchdog process.
/// Commands go one at a time, as WebDriver expects: do not use one Browser from parallel tasks.
public final class Browser: Sendable {
    let driver: DriverProcess
    private let http: HTTPClient
    private let sessionID: String

    private init(driver: DriverProcess, http: HTTPClient, sessionID: String) {
        self.driver = driver
        self.http = http
        self.sessionID = sessionID
    }

    /// Finds chromedriver (PATH, /usr/bin/chromedriver) and chromium (/usr/bin/chromium, PATH);
    /// throws WebDriverError.notInstalled with a message naming
    /// `Deploy/install-dependencies --for-tests` when missing.
    public static func launch(windowWidth: Int = 1280, windowHeight: Int = 900) async throws -> Browser {
        let executables = try Executables.locate()
        let driver = try await DriverProcess.start(executables.chromedriver)
        let http = HTTPClient(port: driver.port)
        let capabilities: [String: Any] = [
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": ["implicit": 0, "pageLoad": 60_000, "script": 30_000],
            "goog:chromeOptions": [
                "binary": executables.chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",  // the tests may run as root
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--window-size=\(windowWidth),\(windowHeight)",
                    "--user-data-dir=\(driver.profilePath)",
                ],
            ] as [String: Any],
        ]
        do {
            let value = try await http.send("POST", "/session", ["capabilities": ["alwaysMatch": capabilities]])
            guard let sessionID = (value as? [String: Any])?["sessionId"] as? String else {
                throw WebDriverError.protocolError("new session: no sessionId in \(value)")
            }
            return Browser(driver: driver, http: http, sessionID: sessionID)
        } catch {
            let log = driver.log()
            await driver.stop()
            let reason = (error as? WireError)?.summary ?? "\(error)"
            throw WebDriverError.driverFailed("chromedriver could not start \(executables.chromium): \(reason)\nchromedriver's output:\n\(log)")
        }
    }

    public func open(_ url: String) async throws {
        _ = try await command("POST", "/url", ["url": url], doing: "open \(url)")
    }

    public func currentURL() async throws -> String {
        try string(await command("GET", "/url", doing: "read the URL"), "URL")
    }

    public func title() async throws -> String {
        try string(await command("GET", "/title", doing: "read the title"), "title")
    }

    public func pageSource() async throws -> String {
        try string(await command("GET", "/source", doing: "read the page source"), "page source")
    }

    /// Visible text of the first element matching the CSS selector.
    public func text(of selector: String) async throws -> String {
        let element = try await element(selector)
        return try string(await command("GET", "/element/\(element)/text", doing: "read the text of \(selector)"), "text")
    }

    /// Visible text of every element matching the CSS selector, in document order; empty if none.
    public func texts(of selector: String) async throws -> [String] {
        var texts: [String] = []
        for element in try await elements(selector) {
            texts.append(try string(await command("GET", "/element/\(element)/text", doing: "read the text of \(selector)"), "text"))
        }
        return texts
    }

    public func exists(_ selector: String) async throws -> Bool {
        try await !elements(selector).isEmpty
    }

    /// Clears the field, then types `text` into it.
    public func fill(_ selector: String, with text: String) async throws {
        let element = try await element(selector)
        _ = try await command("POST", "/element/\(element)/clear", doing: "clear \(selector)")
        _ = try await command("POST", "/element/\(element)/value", ["text": text], doing: "type into \(selector)")
    }

    /// Chooses, in the `<select>` matching the selector, the `<option>` whose value attribute is `value`.
    public func select(_ selector: String, value: String) async throws {
        let select = try await element(selector)
        let optionSelector = "option[value=\"\(Self.cssString(value))\"]"
        let found = try await command(
            "POST", "/element/\(select)/element", ["using": "css selector", "value": optionSelector],
            doing: "find the option \(value) in \(selector)",
            missing: "no <option value=\"\(value)\"> in \(selector)"
        )
        let option = try elementID(found)
        _ = try await command("POST", "/element/\(option)/click", doing: "choose \(value) in \(selector)")
    }

    public func click(_ selector: String) async throws {
        let element = try await element(selector)
        _ = try await command("POST", "/element/\(element)/click", doing: "click \(selector)")
    }

    /// The attribute's value on the first element matching the selector, as in the markup (W3C
    /// Get Element Attribute): `value` of a field is its initial value, not what was typed since.
    /// nil when it has none.
    public func attribute(_ name: String, of selector: String) async throws -> String? {
        let element = try await element(selector)
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.:"))) ?? name
        let value = try await command("GET", "/element/\(element)/attribute/\(encoded)", doing: "read \(name) of \(selector)")
        if value is NSNull { return nil }
        if let string = value as? String { return string }
        return "\(value)"
    }

    /// Waits (polling, up to `timeout`) until an element matches; throws noSuchElement if none does.
    /// The default is generous: a shared two-core machine under a parallel test run is slow.
    public func waitFor(_ selector: String, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await exists(selector) { return }
            guard ContinuousClock.now < deadline else {
                throw WebDriverError.noSuchElement("nothing matched \(selector) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Saves a PNG of the window (the viewport).
    public func screenshot(to path: String) async throws {
        let encoded = try string(await command("GET", "/screenshot", doing: "take a screenshot"), "screenshot")
        guard let png = Data(base64Encoded: encoded) else {
            throw WebDriverError.protocolError("the screenshot is not base64")
        }
        try png.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Ends the session (chromium closes), stops chromedriver and waits for both, and removes
    /// the profile. Safe to call more than once.
    public func quit() async {
        guard !driver.isStopping else { return }
        _ = try? await http.send("DELETE", "/session/\(sessionID)", timeout: 10)
        await driver.stop()
    }

    // MARK: - Plumbing

    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private func element(_ selector: String) async throws -> String {
        let value = try await command(
            "POST", "/element", ["using": "css selector", "value": selector],
            doing: "find \(selector)", missing: "nothing matches \(selector)"
        )
        return try elementID(value)
    }

    private func elements(_ selector: String) async throws -> [String] {
        let value = try await command("POST", "/elements", ["using": "css selector", "value": selector], doing: "find \(selector)")
        guard let list = value as? [Any] else { throw WebDriverError.protocolError("find \(selector): not a list: \(value)") }
        return try list.map(elementID)
    }

    private func elementID(_ value: Any) throws -> String {
        guard let id = (value as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError.protocolError("not an element reference: \(value)")
        }
        return id
    }

    private func string(_ value: Any, _ what: String) throws -> String {
        guard let string = value as? String else { throw WebDriverError.protocolError("\(what) is not a string: \(value)") }
        return string
    }

    /// Sends a command of this session; `doing` says what for in errors, and `missing`, if
    /// given, turns "no such element" into `noSuchElement(missing)`.
    private func command(
        _ method: String, _ path: String, _ body: [String: Any]? = nil, doing: String, missing: String? = nil
    ) async throws -> Any {
        guard !driver.isStopping else { throw WebDriverError.driverFailed("cannot \(doing): this browser has quit") }
        do {
            return try await http.send(method, "/session/\(sessionID)\(path)", body)
        } catch let error as WireError {
            if error.code == "no such element" {
                throw WebDriverError.noSuchElement(missing ?? "\(doing): \(error.summary)")
            }
            throw WebDriverError.protocolError("\(doing): \(error.summary)")
        } catch WebDriverError.driverFailed(let message) where driver.hasExited() {
            throw WebDriverError.driverFailed("cannot \(doing): \(message); chromedriver has exited. Its output:\n\(driver.log())")
        }
    }

    /// A CSS string's content: backslashes and quotes escaped, line breaks as code points.
    static func cssString(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n", "\r", "\u{0C}": escaped += "\\\(String(character.value, radix: 16)) "
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
