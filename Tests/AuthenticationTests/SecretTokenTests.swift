import Authentication
import Testing

@Suite struct SecretTokenTests {
    static let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test func hasPrefixLengthAndAlphabet() {
        let token = SecretToken.generate(prefix: "svs_")
        #expect(token.value.hasPrefix("svs_"))
        // 32 bytes are 43 base64 characters without padding.
        #expect(token.value.count == 4 + 43)
        #expect(token.value.dropFirst(4).allSatisfy(Self.base64URL.contains))
        #expect(SecretToken.isWellFormed(token.value, prefix: "svs_"))
    }

    @Test func neverRepeats() {
        let values = Set((0..<100).map { _ in SecretToken.generate(prefix: "svt_").value })
        #expect(values.count == 100)
    }

    @Test func storesAStableSHA256() {
        let token = SecretToken.generate(prefix: "svs_")
        #expect(token.hash.count == 64)
        #expect(token.hash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(token.hash == SecretToken.hash(token.value))
        #expect(token.hash != SecretToken.generate(prefix: "svs_").hash)
        // The SHA-256 test vector of "abc" (FIPS 180-2).
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func refusesMisshapenTokens() {
        let value = SecretToken.generate(prefix: "svs_").value
        #expect(!SecretToken.isWellFormed(value, prefix: "svt_"))
        #expect(!SecretToken.isWellFormed(String(value.dropLast()), prefix: "svs_"))
        #expect(!SecretToken.isWellFormed(value + "A", prefix: "svs_"))
        #expect(!SecretToken.isWellFormed(String(value.dropLast()) + "=", prefix: "svs_"))
        #expect(!SecretToken.isWellFormed(String(value.dropLast()) + "+", prefix: "svs_"))
        #expect(!SecretToken.isWellFormed(String(value.dropLast()) + "å", prefix: "svs_"))
        #expect(!SecretToken.isWellFormed("", prefix: "svs_"))
        #expect(!SecretToken.isWellFormed("svs_", prefix: "svs_"))
        #expect(SecretToken.isWellFormed("svs_" + String(repeating: "-", count: 43), prefix: "svs_"))
    }

    @Test func keepsTheSecretOutOfLogs() {
        let token = SecretToken.generate(prefix: "svs_")
        #expect(!"\(token)".contains(token.value))
        #expect(!String(reflecting: token).contains(token.value))
    }
}
