import Authentication
import Testing

@Suite struct CSRFTokenTests {
    @Test func isStablePerSessionAndDiffersBetweenSessions() {
        let session = SecretToken.generate(prefix: "svs_").value
        let other = SecretToken.generate(prefix: "svs_").value
        #expect(CSRFToken.derive(fromSession: session) == CSRFToken.derive(fromSession: session))
        #expect(CSRFToken.derive(fromSession: session) != CSRFToken.derive(fromSession: other))
        #expect(!CSRFToken.derive(fromSession: session).contains(session))
    }

    /// HMAC-SHA256 with key "key" over "csrf", checked against Python's hmac module.
    @Test func isHMACSHA256InBase64URL() {
        #expect(CSRFToken.derive(fromSession: "key") == Self.expectedForKey)
    }
    static let expectedForKey = "sWuREk0YevM5tRX19gRqVamF8yBltj4-qePwsy8F4zY"

    @Test func verifies() {
        let session = SecretToken.generate(prefix: "svs_").value
        let token = CSRFToken.derive(fromSession: session)
        #expect(CSRFToken.verify(token, session: session))
        #expect(!CSRFToken.verify(token, session: SecretToken.generate(prefix: "svs_").value))
        #expect(!CSRFToken.verify(nil, session: session))
        #expect(!CSRFToken.verify("", session: session))
        #expect(!CSRFToken.verify(String(token.dropLast()), session: session))
        #expect(!CSRFToken.verify(CSRFToken.derive(fromSession: ""), session: ""))
    }

    @Test func randomValuesForTheLoginForm() {
        let first = CSRFToken.random()
        #expect(first.count == 43)
        #expect(first != CSRFToken.random())
        #expect(CSRFToken.matches(first, first))
        #expect(!CSRFToken.matches(first, CSRFToken.random()))
        #expect(!CSRFToken.matches(first, nil))
        #expect(!CSRFToken.matches(nil, first))
        #expect(!CSRFToken.matches(nil, nil))
        #expect(!CSRFToken.matches("", ""))
    }
}
