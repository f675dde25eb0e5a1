import Foundation
import HummingbirdBcrypt
import Testing

@testable import Authentication

@Suite struct PasswordHasherTests {
    /// The lowest cost bcrypt allows, to keep the suite fast.
    let hasher = PasswordHasher(cost: 4)

    @Test func verifiesTheRightPasswordOnly() async throws {
        let hash = try await hasher.hash("korrekt häst batteri häftklammer")
        #expect(try await hasher.verify("korrekt häst batteri häftklammer", against: hash))
        #expect(try await !hasher.verify("korrekt häst batteri häftklamme", against: hash))
        #expect(try await !hasher.verify("", against: hash))
    }

    @Test func saltsEachHash() async throws {
        let first = try await hasher.hash("samma lösenord igen")
        let second = try await hasher.hash("samma lösenord igen")
        #expect(first != second)
        #expect(try await hasher.verify("samma lösenord igen", against: first))
        #expect(try await hasher.verify("samma lösenord igen", against: second))
    }

    @Test func writesTheModularCryptFormatWithItsCost() async throws {
        let hash = try await hasher.hash("ett långt lösenord")
        #expect(hash.hasPrefix("$2b$04$") || hash.hasPrefix("$2a$04$"))
        #expect(hash.count == 60)
        #expect(PasswordHasher.isBcryptHash(hash))
        let costly = try await PasswordHasher(cost: 10).hash("ett långt lösenord")
        #expect(costly.hasPrefix("$2b$10$"))
    }

    @Test func unknownAccountIsFalse() async throws {
        #expect(try await !hasher.verify("vad som helst här", against: nil))
        #expect(try await !hasher.verify("vad som helst här", against: "not a bcrypt hash"))
        #expect(try await !hasher.verify("", against: ""))
    }

    /// The dummy must be a hash the C code accepts, or checking it would return at once and tell
    /// an attacker that the account does not exist.
    @Test(arguments: [4, 10, 12, 31] as [UInt8])
    func dummyHashIsRealBcryptOfTheSameCost(cost: UInt8) {
        let dummy = PasswordHasher.dummyHash(cost: cost)
        #expect(PasswordHasher.isBcryptHash(dummy))
        #expect(dummy.hasPrefix("$2b$" + (cost < 10 ? "0\(cost)" : "\(cost)") + "$"))
    }

    /// Cost 10 takes tens of milliseconds; a verification that returned early takes microseconds.
    @Test func unknownAccountCostsABcryptRun() async throws {
        let hasher = PasswordHasher(cost: 10)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { _ = try await hasher.verify("vad som helst här", against: nil) }
        #expect(elapsed > .milliseconds(10))
    }

    @Test func refusesWhatBcryptWouldTruncate() async throws {
        await #expect(throws: PasswordProblem.tooLong(maximumBytes: 72)) {
            try await hasher.hash(String(repeating: "a", count: 73))
        }
        await #expect(throws: PasswordProblem.containsControlCharacters) {
            try await hasher.hash("före\0efter noll")
        }
        let longest = try await hasher.hash(String(repeating: "a", count: 72))
        #expect(try await hasher.verify(String(repeating: "a", count: 72), against: longest))
        #expect(try await !hasher.verify(String(repeating: "a", count: 72) + "b", against: longest))
        let beforeNul = try await hasher.hash("före")
        #expect(try await !hasher.verify("före\0efter", against: beforeNul))
    }

    @Test func normalisesUnicode() async throws {
        let precomposed = "h\u{E5}llplats sj\u{F6}v\u{E4}gen"
        let decomposed = "ha\u{30A}llplats sjo\u{308}va\u{308}gen"
        #expect(Array(precomposed.utf8) != Array(decomposed.utf8))
        let hash = try await hasher.hash(decomposed)
        #expect(try await hasher.verify(precomposed, against: hash))
    }

    /// Why the policy and the hasher refuse: the library underneath silently alters such input.
    @Test func bcryptItselfTruncatesAt72BytesAndAtNul() {
        let hash = Bcrypt.hash(String(repeating: "a", count: 72), cost: 4)
        #expect(Bcrypt.verify(String(repeating: "a", count: 72) + "anything", hash: hash))
        let short = Bcrypt.hash("abc", cost: 4)
        #expect(Bcrypt.verify("abc\0anything", hash: short))
    }
}
