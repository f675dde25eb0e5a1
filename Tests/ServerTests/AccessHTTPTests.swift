import Authentication
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Procurement
import Server
import Store
import Testing
import TestSupport

/// Signing in and out, sessions, tokens, CSRF and throttling, over real HTTP on 127.0.0.1.
@Suite struct AccessHTTPTests {
    struct Fixture: Sendable {
        let client: any TestClientProtocol
        let store: Database
        let database: TestDatabase
    }

    func withApp(
        throttle: LoginThrottle = LoginThrottle(),
        idleTimeout: Duration = .seconds(3600),
        _ body: @escaping @Sendable (Fixture) async throws -> Void
    ) async throws {
        try await TestCluster.shared.withDatabase { database in
            let store = await database.database()
            try await DemoData.load(into: store, passwordHasher: .forTests)
            let app = try await buildApplication(
                configuration: ServerConfiguration(
                    host: "127.0.0.1", port: 0, expectedSchemaVersion: latestSchemaVersion,
                    sessionIdleTimeout: idleTimeout, passwordHasher: .forTests, loginThrottle: throttle),
                database: store)
            try await app.test(.live) { client in try await body(Fixture(client: client, store: store, database: database)) }
        }
    }

    struct Session {
        var secret: String
        var cookie: String { "samverkan_session=\(secret)" }
        var csrf: String { CSRFToken.derive(fromSession: secret) }
    }

    /// Logs in through the form as a browser would; nil when the login is refused.
    func logIn(_ client: any TestClientProtocol, office: String = "jamtland", email: String, password: String = DemoData.password) async throws -> (Session?, HTTPResponse.Status) {
        let form = try await client.execute(uri: "/logga-in", method: .get) { $0 }
        let loginCSRF = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("samverkan_login_csrf=") }?
            .dropFirst("samverkan_login_csrf=".count).prefix { $0 != ";" })
        let body = "_csrf=\(loginCSRF)&office=\(office)&email=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        return try await client.execute(
            uri: "/logga-in", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "samverkan_login_csrf=\(loginCSRF)"],
            body: ByteBuffer(string: body)
        ) { response in
            let secret = response.headers[values: .setCookie].first { $0.hasPrefix("samverkan_session=svs_") }?
                .dropFirst("samverkan_session=".count).prefix { $0 != ";" }
            return (secret.map { Session(secret: String($0)) }, response.status)
        }
    }

    func get(_ client: any TestClientProtocol, _ uri: String, _ session: Session? = nil, bearer: String? = nil) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [:]
        if let session { headers[.cookie] = session.cookie }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        return try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, form: String? = nil,
        session: Session? = nil, csrf: String? = nil, bearer: String? = nil
    ) async throws -> (HTTPResponse.Status, String) {
        var headers: HTTPFields = [:]
        if let session { headers[.cookie] = session.cookie }
        if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        if json != nil { headers[.contentType] = "application/json" }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: json ?? form ?? "")) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test func logInUseTheSessionAndLogOut() async throws {
        try await withApp { app in
            let (session, status) = try await logIn(app.client, email: "krokom@jamtland.example")
            #expect(status == .seeOther)
            let signedIn = try #require(session)
            let (meStatus, me) = try await get(app.client, "/api/v1/me", signedIn)
            #expect(meStatus == .ok)
            #expect(me.contains("krokom@jamtland.example") && me.contains(#""credential":"session""#))
            let (_, start) = try await get(app.client, "/start", signedIn)
            #expect(start.contains("Krokoms kommun") && start.contains("data-active-role"))
            // Log out with the form's CSRF token: the cookie no longer works.
            let (logout, _) = try await send(app.client, .post, "/logga-ut", form: "_csrf=\(signedIn.csrf)", session: signedIn)
            #expect(logout == .seeOther)
            #expect(try await get(app.client, "/api/v1/me", signedIn).0 == .unauthorized)
        }
    }

    @Test func wrongPasswordAndUnknownAccountLookAlike() async throws {
        try await withApp { app in
            let (none, wrong) = try await logIn(app.client, email: "krokom@jamtland.example", password: "fel-losenord-123")
            let (nobody, unknown) = try await logIn(app.client, email: "ingen@jamtland.example", password: "fel-losenord-123")
            let (elsewhere, otherOffice) = try await logIn(app.client, office: "mittnorr", email: "krokom@jamtland.example")
            #expect(none == nil && nobody == nil && elsewhere == nil)
            #expect(wrong == .unauthorized && unknown == .unauthorized && otherOffice == .unauthorized)
        }
    }

    @Test func failedLoginsAreThrottledPerAccount() async throws {
        let rule = ThrottleRule(freeFailures: 2, firstDelay: .seconds(30), maximumDelay: .seconds(60), forgetAfter: .seconds(3600))
        try await withApp(throttle: LoginThrottle(account: rule)) { app in
            for _ in 0..<3 { _ = try await logIn(app.client, email: "krokom@jamtland.example", password: "fel-losenord-123") }
            // Even the right password must wait now, and the answer says how long.
            let (session, status) = try await logIn(app.client, email: "krokom@jamtland.example")
            #expect(session == nil && status == .tooManyRequests)
            // Another account from the same address is not held up.
            #expect(try await logIn(app.client, email: "ostersund@jamtland.example").0 != nil)
        }
    }

    @Test func statefulRequestsWithTheCookieNeedTheCSRFToken() async throws {
        try await withApp { app in
            let session = try #require(try await logIn(app.client, email: "krokom@jamtland.example").0)
            let role = DemoData.jamtland.users.first { $0.user.email.normalized == "krokom@jamtland.example" }!.roles[0]
            let body = #"{"roleID":"\#(role.id.uuidString)"}"#
            #expect(try await send(app.client, .put, "/api/v1/me/active-role", json: body, session: session).0 == .forbidden)
            #expect(try await send(app.client, .put, "/api/v1/me/active-role", json: body, session: session, csrf: "wrong").0 == .forbidden)
            #expect(try await send(app.client, .post, "/logga-ut", form: "_csrf=wrong", session: session).0 == .forbidden)
            #expect(try await send(app.client, .put, "/api/v1/me/active-role", json: body, session: session, csrf: session.csrf).0 == .noContent)
            // The role switch took effect.
            #expect(try await get(app.client, "/api/v1/me", session).1.contains(role.id.uuidString))
        }
    }

    @Test func idleSessionsExpire() async throws {
        try await withApp(idleTimeout: .seconds(3600)) { app in
            let session = try #require(try await logIn(app.client, email: "krokom@jamtland.example").0)
            #expect(try await get(app.client, "/api/v1/me", session).0 == .ok)
            // Two hours pass without a request (set in the database, not waited for, so that a
            // busy machine cannot make the test flaky).
            try await app.database.superuserPool().withConnection { connection in
                try await connection.query("UPDATE sessions SET last_seen_at = last_seen_at - interval '2 hours', created_at = created_at - interval '2 hours'")
            }
            #expect(try await get(app.client, "/api/v1/me", session).0 == .unauthorized)
            // A browser is sent to the login page instead.
            let page = try await app.client.execute(uri: "/start", method: .get, headers: [.cookie: session.cookie, .accept: "text/html"]) { $0 }
            #expect(page.status == .found && page.headers[.location]?.hasPrefix("/logga-in") == true)
        }
    }

    @Test func apiTokensWorkUntilRevoked() async throws {
        try await withApp { app in
            let session = try #require(try await logIn(app.client, email: "admin@jamtland.example").0)
            let role = DemoData.jamtland.users[0].roles[0]
            let (created, json) = try await send(
                app.client, .post, "/api/v1/tokens", json: #"{"name":"Ekonomisystemet","roleID":"\#(role.id.uuidString)"}"#,
                session: session, csrf: session.csrf)
            #expect(created == .created)
            struct Created: Decodable { struct Token: Decodable { var id: UUID }; var token: Token; var secret: String }
            let token = try JSONDecoder().decode(Created.self, from: Data(json.utf8))
            #expect(token.secret.hasPrefix("svt_"))
            #expect(try await get(app.client, "/api/v1/users", bearer: token.secret).0 == .ok)
            // No CSRF token is needed with a bearer token; only its hash is stored.
            let stored = try await database(app).ownerless { try await $0.query("SELECT count(*) FROM api_tokens WHERE token_hash = \(SecretToken.hash(token.secret))").single!.decode(0, as: Int.self) }
            #expect(stored == 1)
            #expect(try await send(app.client, .delete, "/api/v1/tokens/\(token.token.id)", bearer: token.secret).0 == .noContent)
            let (revoked, body) = try await get(app.client, "/api/v1/users", bearer: token.secret)
            #expect(revoked == .unauthorized && body.contains("bad_credentials"))
            #expect(try await get(app.client, "/api/v1/users", bearer: "svt_garbage").0 == .unauthorized)
        }
    }

    /// For every endpoint that names a row, another office's row answers 404, never 403 or 500,
    /// for every role; and a role's own office rows it may not see answer 404 too.
    @Test func anotherOfficesRowsAre404ThroughEveryEndpoint() async throws {
        try await withApp { app in
            let otherOrganisation = DemoData.mittnorr.organisations[0].id
            let otherUser = DemoData.mittnorr.users[1]
            let otherRole = otherUser.roles[0].id
            let probes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/api/v1/organisations/\(otherOrganisation)", nil),
                (.patch, "/api/v1/organisations/\(otherOrganisation)", #"{"name":"Kapad"}"#),
                (.get, "/api/v1/users/\(otherUser.user.id)", nil),
                (.patch, "/api/v1/users/\(otherUser.user.id)", #"{"active":false}"#),
                (.post, "/api/v1/users/\(otherUser.user.id)/roles", #"{"role":"viewer"}"#),
                (.delete, "/api/v1/users/\(otherUser.user.id)/roles/\(otherRole)", nil),
                (.delete, "/api/v1/tokens/\(UUID())", nil),
                (.put, "/api/v1/me/active-role", #"{"roleID":"\#(otherRole)"}"#),
            ]
            for person in DemoData.jamtland.users {
                let session = try #require(try await logIn(app.client, email: person.user.email.normalized).0)
                for role in person.roles {
                    _ = try await send(app.client, .put, "/api/v1/me/active-role", json: #"{"roleID":"\#(role.id)"}"#, session: session, csrf: session.csrf)
                    for (method, uri, body) in probes {
                        let (status, text) = try await send(app.client, method, uri, json: body, session: session, csrf: session.csrf)
                        #expect(status == .notFound, "\(person.user.email) as \(role.role) \(method) \(uri): \(status) \(text)")
                        #expect(!text.contains("Sundsvall") && !text.contains(otherUser.user.email.normalized))
                    }
                }
            }
            // Inside the office: Krokom's coordinator cannot see Östersund's coordinator.
            let coordinator = try #require(try await logIn(app.client, email: "krokom@jamtland.example").0)
            let karin = DemoData.jamtland.users.first { $0.user.email.normalized == "krokom@jamtland.example" }!
            _ = try await send(app.client, .put, "/api/v1/me/active-role", json: #"{"roleID":"\#(karin.roles.first { $0.role == .coordinator }!.id)"}"#, session: coordinator, csrf: coordinator.csrf)
            let lars = DemoData.jamtland.users.first { $0.user.email.normalized == "ostersund@jamtland.example" }!
            #expect(try await get(app.client, "/api/v1/users/\(lars.user.id)", coordinator).0 == .notFound)
            let (_, list) = try await get(app.client, "/api/v1/users", coordinator)
            #expect(list.contains("ersattare.krokom@jamtland.example") && !list.contains("ostersund@jamtland.example"))
            // Not signed in: 401, not 404 or 500.
            #expect(try await get(app.client, "/api/v1/users/\(lars.user.id)").0 == .unauthorized)
        }
    }

    @Test func theAdministratorProvisionsMembersUsersAndRoles() async throws {
        try await withApp { app in
            let admin = try #require(try await logIn(app.client, email: "admin@jamtland.example").0)
            let (badNumber, badText) = try await send(app.client, .post, "/api/v1/organisations", json: #"{"kind":"municipal_company","name":"Bolag AB","organisationNumber":"556000-0000","memberFrom":"2026-01-01"}"#, session: admin, csrf: admin.csrf)
            #expect(badNumber == .unprocessableContent && badText.contains("organisationsnummer"))
            let (badCode, _) = try await send(app.client, .post, "/api/v1/organisations", json: #"{"kind":"municipality","name":"Påhittad kommun","organisationNumber":"\#(DemoData.organisationNumber(group: 2, serial: 500).digits)","kommunkod":"9999","memberFrom":"2026-01-01"}"#, session: admin, csrf: admin.csrf)
            #expect(badCode == .unprocessableContent)
            let (created, organisation) = try await send(app.client, .post, "/api/v1/organisations", json: #"{"kind":"municipal_company","name":"Jämtkraft Demo AB","organisationNumber":"\#(DemoData.organisationNumber(group: 5, serial: 501).digits)","memberFrom":"2026-01-01"}"#, session: admin, csrf: admin.csrf)
            #expect(created == .created)
            let organisationID = try #require(organisation.split(separator: "\"").dropFirst().first { UUID(uuidString: String($0)) != nil })
            let (userCreated, user) = try await send(app.client, .post, "/api/v1/users", json: #"{"email":"Ny.Person@Jamtkraft.example","name":"Ny Person","password":"ett-langt-losenord","role":"coordinator","organisationID":"\#(organisationID)"}"#, session: admin, csrf: admin.csrf)
            #expect(userCreated == .created && user.contains("ny.person@jamtkraft.example") && user.contains(#""mustChangePassword":true"#))
            let (duplicate, _) = try await send(app.client, .post, "/api/v1/users", json: #"{"email":"ny.person@jamtkraft.example","name":"Igen"}"#, session: admin, csrf: admin.csrf)
            #expect(duplicate == .conflict)
            let (missingOrg, _) = try await send(app.client, .post, "/api/v1/users", json: #"{"email":"x@y.example","name":"X","role":"orderer"}"#, session: admin, csrf: admin.csrf)
            #expect(missingOrg == .unprocessableContent)
            // The new person signs in with the first password and is asked to change it.
            let (first, status) = try await logIn(app.client, email: "ny.person@jamtkraft.example", password: "ett-langt-losenord")
            #expect(first != nil && status == .seeOther)
            // A coordinator may not provision.
            let coordinator = try #require(try await logIn(app.client, email: "ostersund@jamtland.example").0)
            #expect(try await send(app.client, .post, "/api/v1/users", json: #"{"email":"z@y.example","name":"Z"}"#, session: coordinator, csrf: coordinator.csrf).0 == .forbidden)
        }
    }

    func database(_ app: Fixture) -> OwnerlessReader { OwnerlessReader(database: app.database) }
}

/// Reads as the superuser, to look at what is stored (hashes), never for the code under test.
struct OwnerlessReader {
    let database: TestDatabase
    func ownerless<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await database.superuserPool().withConnection(body)
    }
}
