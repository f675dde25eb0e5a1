/// What the HTTP server needs to know beyond the database.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The newest migration this build carries, for `/version`.
    public var expectedSchemaVersion: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, expectedSchemaVersion: Int) {
        self.host = host
        self.port = port
        self.expectedSchemaVersion = expectedSchemaVersion
    }
}

/// The version of this build.
public enum BuildInfo {
    public static let version = "0.1.0"
    #if DEBUG
    public static let configuration = "debug"
    #else
    public static let configuration = "release"
    #endif
}
