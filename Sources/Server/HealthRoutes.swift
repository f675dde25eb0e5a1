import Foundation
import Hummingbird
import Postgres
import Store

/// `/health`, `/ready` and `/version`: for load balancers, monitoring and people asking what runs.
///
/// `/health` is liveness: the process answers HTTP (and says whether the database answers
/// `SELECT 1`). `/ready` is readiness: the database answers *and* its schema is the one this
/// build was made for, so a load balancer sends traffic only to an instance that can serve it,
/// and a new build waits for `samverkan migrate` (or an old one drops out after it).
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

    struct Readiness: ResponseEncodable {
        var status: String
        var database: String
        var schemaVersion: Int?
        var expectedSchemaVersion: Int
        /// Why not ready, in words an operator can act on; absent when ready.
        var reason: String?
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
        router.get("/ready") { _, _ -> Response in
            let readiness = await readiness()
            var response = try readiness.jsonResponse(status: readiness.reason == nil ? .ok : .serviceUnavailable)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.get("/version") { _, _ -> Version in
            Version(schemaVersion: try await database.schemaVersion(), expectedSchemaVersion: configuration.expectedSchemaVersion)
        }
    }

    func readiness() async -> Readiness {
        let expected = configuration.expectedSchemaVersion
        let current: Int?
        do {
            current = try await database.schemaVersion()
        } catch let error as PostgresError where error.kind == .server {
            return Readiness(
                status: "unavailable", database: "reachable", expectedSchemaVersion: expected,
                reason: "the schema version could not be read (SQLSTATE \(error.sqlState?.code ?? "unknown"))")
        } catch {
            return Readiness(
                status: "unavailable", database: "unreachable", expectedSchemaVersion: expected,
                reason: "the database cannot be reached")
        }
        let reason: String? = switch current {
        case nil:
            "the database has no migrations applied; run `samverkan migrate`"
        case let version? where version < expected:
            "the database schema is at version \(version) but this build needs \(expected); run `samverkan migrate`"
        case let version? where version > expected:
            "the database schema is at version \(version), newer than this build's \(expected); deploy the build that matches it"
        default:
            nil
        }
        return Readiness(
            status: reason == nil ? "ready" : "unavailable", database: "reachable",
            schemaVersion: current, expectedSchemaVersion: expected, reason: reason)
    }
}
