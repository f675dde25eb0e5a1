import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Procurement
import Server
import Store
import Testing
import TestSupport

@Suite struct ServerTests {
    /// Runs `body` against the application built as the program builds it, over a fresh
    /// database with the demo data, through a real HTTP connection on 127.0.0.1.
    func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let app = try await buildApplication(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion),
                database: store)
            try await app.test(.live, body)
        }
    }

    @Test func healthReportsTheDatabase() async throws {
        try await withApp { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"database":"reachable","status":"ok"}"# ||
                        String(buffer: response.body).contains(#""status":"ok""#))
            }
        }
    }

    @Test func healthIsUnavailableWithoutADatabase() async throws {
        let pool = PostgresPool(
            configuration: .unixSocket(directory: "/nonexistent-samverkan", user: "nobody", database: "none"),
            maxConnections: 1, acquireTimeout: .seconds(2))
        let app = try await buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion),
            database: Database(pool: pool))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("unreachable"))
            }
            try await client.execute(uri: "/api/v1/offices", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(body.error.code == "unavailable")
                #expect(!body.error.message.contains("nonexistent-samverkan"))
            }
        }
        await pool.close()
    }

    @Test func versionNamesBuildAndSchema() async throws {
        try await withApp { client in
            try await client.execute(uri: "/version", method: .get) { response in
                #expect(response.status == .ok)
                let version = try JSONDecoder().decode(VersionBody.self, from: Data(buffer: response.body))
                #expect(version.name == "samverkan")
                #expect(version.schemaVersion == version.expectedSchemaVersion)
            }
        }
    }

    @Test func theDirectoryAndEachOfficesMembers() async throws {
        try await withApp { client in
            try await client.execute(uri: "/api/v1/offices", method: .get) { response in
                let body = try JSONDecoder().decode(OfficesBody.self, from: Data(buffer: response.body))
                #expect(Set(body.offices.map(\.slug)) == ["jamtland", "mittnorr"])
            }
            try await client.execute(uri: "/api/v1/offices/jamtland/organisations", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(MembersBody.self, from: Data(buffer: response.body))
                #expect(body.organisations.count == DemoData.jamtland.organisations.count)
                #expect(body.organisations.contains { $0.name == "Östersunds kommun" && $0.kommunkod == "2380" })
                #expect(!body.organisations.contains { $0.name == "Sundsvalls kommun" })
            }
        }
    }

    @Test func unknownThingsAreJSON404s() async throws {
        try await withApp { client in
            for uri in ["/api/v1/offices/nowhere/organisations", "/api/v1/no-such-route", "/kontor/%27%3B%20DROP"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                    #expect(body.error.code == "not_found")
                }
            }
        }
    }

    @Test func pagesAreSwedishHTML() async throws {
        try await withApp { client in
            try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="sv">"#))
                #expect(html.contains(#"href="/kontor/jamtland""#))
            }
            try await client.execute(uri: "/kontor/jamtland", method: .get, headers: [.accept: "text/html"]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Krokoms kommun"))
                #expect(html.contains("Medlemmar"))
                #expect(!html.contains("Sundsvalls kommun"))
            }
            try await client.execute(uri: "/kontor/finns-inte", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Sidan finns inte"))
            }
        }
    }

    @Test func markupInStoredNamesIsEscaped() async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            var organisation = DemoData.jamtland.organisations[0]
            organisation.id = UUID()
            organisation.kind = .association
            organisation.kommunkod = nil
            organisation.name = "<script>alert('x')</script> & Co"
            organisation.organisationNumber = DemoData.organisationNumber(group: 8, serial: 777)
            try await store.transaction(as: .system(of: DemoData.jamtland.office.id)) { try await $0.insertOrganisation(organisation) }
            let app = try await buildApplication(
                configuration: ServerConfiguration(host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion), database: store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/kontor/jamtland", method: .get) { response in
                    let html = String(buffer: response.body)
                    #expect(!html.contains("<script>alert"))
                    #expect(html.contains("&lt;script&gt;"))
                }
            }
        }
    }
}

struct ErrorBody: Decodable {
    struct Detail: Decodable { var code: String; var message: String }
    var error: Detail
}

struct VersionBody: Decodable {
    var name: String
    var version: String
    var schemaVersion: Int?
    var expectedSchemaVersion: Int
}

struct OfficesBody: Decodable {
    struct Office: Decodable { var slug: String; var name: String }
    var offices: [Office]
}

struct MembersBody: Decodable {
    struct Member: Decodable { var name: String; var kommunkod: String? }
    var organisations: [Member]
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
