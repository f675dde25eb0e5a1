import Foundation
import Hummingbird
import Postgres
import Store

/// `/health` and `/version`: for load balancers, monitoring and people asking what runs.
struct HealthRoutes: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    struct Health: ResponseEncodable {
        var status: String
        var database: String
    }

    struct Version: ResponseEncodable {
        var name = "samverkan"
        var version = BuildInfo.version
        var build = BuildInfo.configuration
        var schemaVersion: Int?
        var expectedSchemaVersion: Int
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/health") { _, _ -> Response in
            do {
                try await database.ping()
                return try Health(status: "ok", database: "reachable").jsonResponse(status: .ok)
            } catch {
                return try Health(status: "unavailable", database: "unreachable").jsonResponse(status: .serviceUnavailable)
            }
        }
        router.get("/version") { _, _ -> Version in
            let current = try await database.transaction(as: .anonymous, readOnly: true) { transaction in
                try await transaction.query("SELECT max(version)::int8 FROM schema_migrations").single?.decode(0, as: Int?.self)
            }
            return Version(schemaVersion: current ?? nil, expectedSchemaVersion: configuration.expectedSchemaVersion)
        }
    }
}
