/// What can go wrong driving the browser.
public enum WebDriverError: Error, CustomStringConvertible, Sendable {
    /// chromedriver or chromium is not installed; the message says how to install them.
    case notInstalled(String)
    /// chromedriver would not start, stopped answering, or could not start chromium.
    case driverFailed(String)
    /// No element matches a CSS selector (also after `waitFor` gives up).
    case noSuchElement(String)
    /// Any other WebDriver error response, or an answer that is not what the protocol says.
    case protocolError(String)

    public var description: String {
        switch self {
        case .notInstalled(let message): "not installed: \(message)"
        case .driverFailed(let message): "chromedriver failed: \(message)"
        case .noSuchElement(let message): "no such element: \(message)"
        case .protocolError(let message): "WebDriver error: \(message)"
        }
    }
}
