import Authentication
import Procurement

/// What the HTTP server needs to know beyond the database.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The newest migration this build carries, for `/version`.
    public var expectedSchemaVersion: Int
    /// A session ends after this long without a request…
    public var sessionIdleTimeout: Duration
    /// …and at the latest this long after login.
    public var sessionLifetime: Duration
    /// Mark cookies `Secure`: set when the site is served over TLS (by a proxy in front).
    public var secureCookies: Bool
    public var passwordHasher: PasswordHasher
    public var loginThrottle: LoginThrottle
    /// Show the demo accounts on the login page (only `samverkan demo` sets it).
    public var showsDemoAccounts: Bool
    /// The Swedish calendar day, against which deadlines are checked: fixed in tests.
    public var today: @Sendable () -> CalendarDate

    public init(
        host: String = "127.0.0.1", port: Int = 8080, expectedSchemaVersion: Int,
        sessionIdleTimeout: Duration = .seconds(2 * 3600), sessionLifetime: Duration = .seconds(12 * 3600),
        secureCookies: Bool = false, passwordHasher: PasswordHasher = PasswordHasher(),
        loginThrottle: LoginThrottle = LoginThrottle(), showsDemoAccounts: Bool = false,
        today: @escaping @Sendable () -> CalendarDate = { .today }
    ) {
        self.host = host
        self.port = port
        self.expectedSchemaVersion = expectedSchemaVersion
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
        self.passwordHasher = passwordHasher
        self.loginThrottle = loginThrottle
        self.showsDemoAccounts = showsDemoAccounts
        self.today = today
    }
}

/// The version of this build.
public enum BuildInfo {
    public static let version = "0.2.0"
    #if DEBUG
    public static let configuration = "debug"
    #else
    public static let configuration = "release"
    #endif
}
