import Authentication
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import Procurement
import Prometheus
import Server
import Store
import Synchronization
import Testing
import TestSupport

/// What an operator relies on, over real HTTP on 127.0.0.1: `/metrics`, `/ready`, request ids
/// in headers and logs, and the limits (pool wait, statement timeout, body size).
@Suite struct OperationsHTTPTests {
    struct Fixture: Sendable {
        let client: any TestClientProtocol
        let store: Database
        let database: TestDatabase
        let registry: PrometheusCollectorRegistry
        let log: CapturedLines

        /// `/metrics` as a scraper reads it.
        func scrape() async throws -> String {
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                return String(buffer: response.body)
            }
        }

        /// An API token for a demo person of Jämtland, in their first role.
        func token(_ email: String) async throws -> String {
            let office = DemoData.jamtland
            let person = try #require(office.users.first { $0.user.email.normalized == email })
            let assignment = try #require(person.roles.first)
            let secret = SecretToken.generate(prefix: "svt_")
            try await store.transaction(as: .system(of: office.office.id)) { transaction in
                try await transaction.insertAPIToken(
                    id: UUID(), userID: person.user.id, roleID: assignment.id, name: "test", tokenHash: secret.hash, expiresAt: nil)
            }
            return secret.value
        }
    }

    /// The application over a fresh database, with its own metrics registry and a log that
    /// keeps every line (JSON, as `LOG_FORMAT=json` writes it).
    func withApp(
        demoData: Bool = true,
        expectedSchemaVersion: Int = latestSchemaVersion,
        pool makePool: (@Sendable (TestDatabase) async -> PostgresPool)? = nil,
        statementTimeout: Duration? = Database.defaultStatementTimeout,
        _ body: @escaping @Sendable (Fixture) async throws -> Void
    ) async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = if let makePool { await makePool(database) } else { await database.applicationPool() }
            let store = Database(pool: pool, statementTimeout: statementTimeout)
            if demoData { try await DemoData.load(into: store, passwordHasher: .forTests) }
            let registry = PrometheusCollectorRegistry()
            let log = CapturedLines()
            var logger = Logger(label: "samverkan") { label in
                JSONLogHandler(label: label, metadataProvider: RequestLogMetadata.provider) { log.append($0) }
            }
            logger.logLevel = .debug
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: expectedSchemaVersion, passwordHasher: .forTests),
                database: store, logger: logger, metrics: registry)
            try await app.test(.live) { client in
                try await body(Fixture(client: client, store: store, database: database, registry: registry, log: log))
            }
        }
    }

    // MARK: /metrics

    @Test func metricsCountRequestsByRoutePatternWithLatencyAndPool() async throws {
        try await withApp { app in
            let planID = UUID()
            for uri in ["/api/v1/offices", "/api/v1/offices", "/kontor/jamtland", "/api/v1/plan/\(planID)", "/no/such/\(planID)"] {
                try await app.client.execute(uri: uri, method: .get) { _ in }
            }
            let text = try await app.scrape()

            #expect(Metrics.value("samverkan_http_requests_total", ["method": "GET", "route": "/api/v1/offices", "status": "200"], in: text) == 2)
            #expect(Metrics.value("samverkan_http_requests_total", ["route": "/kontor/{slug}", "status": "200"], in: text) == 1)
            // Signed out: 401, counted under the pattern, not the id.
            #expect(Metrics.value("samverkan_http_requests_total", ["route": "/api/v1/plan/{id}", "status": "401"], in: text) == 1)
            #expect(Metrics.value("samverkan_http_requests_total", ["route": "NotFound", "status": "404"], in: text) == 1)
            #expect(!text.contains(planID.uuidString) && !text.lowercased().contains(planID.uuidString.lowercased()))
            #expect(!text.contains("/kontor/jamtland"))

            #expect(Metrics.value("samverkan_http_request_duration_seconds_count", ["route": "/api/v1/offices"], in: text) == 2)
            #expect(Metrics.value("samverkan_http_request_duration_seconds_bucket", ["route": "/api/v1/offices", "le": "+Inf"], in: text) == 2)
            #expect(text.contains("# TYPE samverkan_http_request_duration_seconds histogram"))

            // Every connection is back in the pool between requests.
            let idle = try #require(Metrics.value("samverkan_db_pool_connections_idle", in: text))
            #expect(idle >= 1)
            #expect(Metrics.value("samverkan_db_pool_connections_in_use", in: text) == 0)
            #expect(Metrics.value("samverkan_db_pool_waiting_tasks", in: text) == 0)
            #expect(Metrics.value("samverkan_db_pool_connections_max", in: text) == 4)

            // The scrape itself is counted by the next one.
            let again = try await app.scrape()
            #expect(Metrics.value("samverkan_http_requests_total", ["route": "/metrics", "status": "200"], in: again) == 1)
        }
    }

    @Test func databaseErrorsAreCountedBySQLSTATE() async throws {
        try await withApp { app in
            let admin = try await app.token("admin@jamtland.example")
            let existing = DemoData.jamtland.organisations.first { $0.kind != .municipality }
                ?? DemoData.jamtland.organisations[0]
            let json = """
                {"kind": "association", "name": "Dubblett", "organisationNumber": "\(existing.organisationNumber.digits)",
                 "memberFrom": "2026-01-01"}
                """
            let before = try await app.scrape()
            #expect(Metrics.value("samverkan_db_errors_total", ["sqlstate": "23505"], in: before) == nil)
            try await app.client.execute(
                uri: "/api/v1/organisations", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                body: ByteBuffer(string: json)
            ) { response in
                #expect(response.status == .conflict)
            }
            let after = try await app.scrape()
            #expect(Metrics.value("samverkan_db_errors_total", ["class": "23", "sqlstate": "23505"], in: after) == 1)
            #expect(!after.contains(existing.organisationNumber.digits))
        }
    }

    // MARK: /ready and /health

    @Test func readyWhenTheSchemaIsTheBuilds() async throws {
        try await withApp(demoData: false) { app in
            try await app.client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(ReadyBody.self, from: Data(buffer: response.body))
                #expect(body.status == "ready")
                #expect(body.database == "reachable")
                #expect(body.schemaVersion == latestSchemaVersion)
                #expect(body.reason == nil)
            }
        }
    }

    @Test func notReadyWhenTheBuildExpectsANewerSchema() async throws {
        try await withApp(demoData: false, expectedSchemaVersion: latestSchemaVersion + 1) { app in
            try await app.client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try JSONDecoder().decode(ReadyBody.self, from: Data(buffer: response.body))
                #expect(body.status == "unavailable")
                #expect(body.database == "reachable")
                #expect(body.schemaVersion == latestSchemaVersion)
                #expect(body.expectedSchemaVersion == latestSchemaVersion + 1)
                #expect(body.reason?.contains("samverkan migrate") == true)
            }
            // Liveness does not depend on the schema: the process is up and the database answers.
            try await app.client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func notReadyWithoutADatabase() async throws {
        let pool = PostgresPool(
            configuration: .unixSocket(directory: "/nonexistent-samverkan", user: "nobody", database: "none"),
            maxConnections: 1, acquireTimeout: .seconds(2))
        let app = try await buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion),
            database: Database(pool: pool))
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try JSONDecoder().decode(ReadyBody.self, from: Data(buffer: response.body))
                #expect(body.database == "unreachable")
                #expect(body.reason == "the database cannot be reached")
            }
        }
        await pool.close()
    }

    // MARK: Request ids

    @Test func everyResponseAndItsLogLinesCarryTheRequestID() async throws {
        try await withApp(demoData: false) { app in
            var ids: [String] = []
            for _ in 0..<2 {
                let id = try await app.client.execute(uri: "/api/v1/offices", method: .get) { response in
                    try #require(response.headers[HTTPField.Name("X-Request-Id")!])
                }
                ids.append(id)
            }
            let missing = try await app.client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.status == .notFound)
                return response.headers[HTTPField.Name("X-Request-Id")!]
            }
            #expect(missing != nil)
            #expect(Set(ids).count == 2)

            let entries = try app.log.lines.map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            }
            for id in ids {
                let lines = entries.filter { (($0["metadata"] as? [String: Any])?["hb.request.id"] as? String) == id }
                let access = try #require(lines.first { $0["message"] as? String == "request" })
                let metadata = try #require(access["metadata"] as? [String: Any])
                #expect(metadata["http.route"] as? String == "/api/v1/offices")
                #expect(metadata["http.status"] as? String == "200")
                #expect(access["level"] as? String == "info")
                #expect(access["label"] as? String == "samverkan")
            }
        }
    }

    // MARK: Limits

    @Test func anExhaustedPoolAnswers503WithRetryAfter() async throws {
        try await withApp(demoData: false, pool: { database in
            await database.applicationPool(maxConnections: 1, acquireTimeout: .milliseconds(300))
        }) { app in
            let started = ContinuousClock.now
            try await app.store.pool.withConnection { _ in
                try await app.client.execute(uri: "/api/v1/offices", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                    let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                    #expect(body.error.code == "unavailable")
                }
                let busy = try await app.scrape()
                #expect(Metrics.value("samverkan_db_pool_connections_in_use", in: busy) == 1)
                #expect(Metrics.value("samverkan_db_pool_connections_idle", in: busy) == 0)
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            // With the connection back, the same request is served.
            try await app.client.execute(uri: "/api/v1/offices", method: .get) { response in
                #expect(response.status == .ok)
            }
            let text = try await app.scrape()
            #expect(Metrics.value("samverkan_db_client_errors_total", ["kind": "pool_timeout"], in: text) == 1)
            #expect(Metrics.value("samverkan_http_requests_total", ["route": "/api/v1/offices", "status": "503"], in: text) == 1)
        }
    }

    @Test func aStatementOverTheTimeoutIsCancelledWith503() async throws {
        try await withApp(demoData: false, statementTimeout: .milliseconds(300)) { app in
            let locker = await app.database.superuserPool()
            try await locker.withConnection { connection in
                // Holds every reader of `offices` until it lets go; without a statement timeout
                // the request below would wait those 10 seconds and then succeed.
                try await connection.simpleQuery("BEGIN; LOCK TABLE offices IN ACCESS EXCLUSIVE MODE")
                let release = Task {
                    try await Task.sleep(for: .seconds(10))
                    try await connection.simpleQuery("ROLLBACK")
                }
                let started = ContinuousClock.now
                try await app.client.execute(uri: "/api/v1/offices", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "5")
                    let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                    #expect(body.error.code == "unavailable")
                    #expect(body.error.message.contains("took too long"))
                }
                #expect(ContinuousClock.now - started < .seconds(5))
                release.cancel()
                _ = await release.result
                if connection.isInTransaction { try await connection.simpleQuery("ROLLBACK") }
            }
            let text = try await app.scrape()
            #expect(Metrics.value("samverkan_db_errors_total", ["class": "57", "sqlstate": "57014"], in: text) == 1)
        }
    }

    @Test func aBodyOverOneMebibyteIs413JSON() async throws {
        try await withApp { app in
            let procurer = try await app.token("upphandlare@jamtland.example")
            let headers: HTTPFields = [
                .authorization: "Bearer \(procurer)", .contentType: "application/json", .accept: "application/json",
            ]
            // Valid JSON of 1 MiB + 1 byte: refused for its size, before it is read.
            let large = #"{"title": ""# + String(repeating: "a", count: 1024 * 1024 - 12) + #""}"#
            #expect(large.utf8.count == 1024 * 1024 + 1)
            try await app.client.execute(uri: "/api/v1/plan", method: .post, headers: headers, body: ByteBuffer(string: large)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(body.error.code == "body_too_large")
                #expect(body.error.message.contains("1024 KiB"))
            }
            // Just under the limit, the body is read and judged on its content instead.
            let small = #"{"title": ""# + String(repeating: "a", count: 1024 * 1024 - 13) + #""}"#
            #expect(small.utf8.count == 1024 * 1024)
            try await app.client.execute(uri: "/api/v1/plan", method: .post, headers: headers, body: ByteBuffer(string: small)) { response in
                #expect(response.status != .contentTooLarge)
                #expect([.badRequest, .unprocessableContent].contains(response.status))
            }
        }
    }
}

struct ReadyBody: Decodable {
    var status: String
    var database: String
    var schemaVersion: Int?
    var expectedSchemaVersion: Int
    var reason: String?
}

/// Reading samples out of Prometheus' text format.
enum Metrics {
    /// The value of the first sample of `name` whose labels include `labels`; nil if none.
    static func value(_ name: String, _ labels: [String: String] = [:], in text: String) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            let series = line[..<space]
            let nameEnd = series.firstIndex(of: "{") ?? series.endIndex
            guard series[..<nameEnd] == name else { continue }
            if labels.allSatisfy({ series.contains("\($0.key)=\"\($0.value)\"") }) {
                return Double(line[line.index(after: space)...])
            }
        }
        return nil
    }
}

/// Lines a log handler wrote, kept for a test to read.
final class CapturedLines: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }
}
