import Authentication
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Procurement
import Server
import Store
import Testing
import TestSupport

/// The JSON API over real HTTP on 127.0.0.1 as demo people, each with an API token.
struct APIFixture: Sendable {
    let client: any TestClientProtocol
    let store: Database

    /// An API token for the demo person's role (the first, or the one named).
    func token(_ email: String, role: Role? = nil, office: DemoData.OfficeSeed = DemoData.jamtland) async throws -> String {
        let person = try #require(office.users.first { $0.user.email.normalized == email })
        let assignment = try #require(person.roles.first { role == nil || $0.role == role })
        let secret = SecretToken.generate(prefix: "svt_")
        try await store.transaction(as: .system(of: office.office.id)) { transaction in
            try await transaction.insertAPIToken(
                id: UUID(), userID: person.user.id, roleID: assignment.id, name: "test", tokenHash: secret.hash, expiresAt: nil)
        }
        return secret.value
    }

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, _ token: String, json: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .accept: "application/json"]
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            let data = Data(buffer: response.body)
            let object = data.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
            return (response.status, object)
        }
    }

    /// Serves the application as the program builds it, on a free port of 127.0.0.1, with the
    /// demo data loaded for a fixed day.
    static func withApp(today: CalendarDate, _ body: @escaping @Sendable (APIFixture) async throws -> Void) async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests, today: today)
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion, passwordHasher: .forTests,
                    today: { today }),
                database: store)
            try await app.test(.live) { client in try await body(APIFixture(client: client, store: store)) }
        }
    }
}
