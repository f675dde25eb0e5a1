import HummingbirdBcrypt
import NIOPosix

/// Passwords hashed with bcrypt. bcrypt is deliberately slow (cost 12 ≈ 0.25 s), so it runs on a
/// `NIOThreadPool`, never on Swift's cooperative pool (which has one thread per core): a few
/// logins at once would otherwise stall every other request.
public struct PasswordHasher: Sendable {
    /// log2 of bcrypt's rounds; each step doubles the time.
    public let cost: UInt8
    let threadPool: NIOThreadPool
    /// What `verify` checks against when there is no account, so that it costs the same.
    let dummyHash: String

    public init(cost: UInt8 = 12, threadPool: NIOThreadPool = .singleton) {
        // HummingbirdBcrypt stops the process for a cost outside 4...31 at the first hash;
        // failing here points at the configuration instead of at a login.
        precondition((4...31).contains(cost), "bcrypt's cost is between 4 and 31, not \(cost)")
        self.cost = cost
        self.threadPool = threadPool
        self.dummyHash = Self.dummyHash(cost: cost)
    }

    /// Throws a `PasswordProblem` for what bcrypt would silently alter (a NUL ends the C string,
    /// bytes past 72 are ignored). The rest of the policy is the caller's: see `PasswordPolicy`.
    public func hash(_ password: String) async throws -> String {
        let input = try Self.bcryptInput(password)
        let cost = self.cost
        return try await threadPool.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// `hash` nil (unknown account): still runs one bcrypt verification against a fixed dummy hash
    /// of the same cost, so the time taken does not reveal whether the account exists; returns
    /// false. A password bcrypt cannot take whole, or a stored hash that is not bcrypt's, is
    /// handled the same way: false, after the same work.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let input = try? Self.bcryptInput(password)
        guard let input, let hash, Self.isBcryptHash(hash) else {
            let dummyHash = self.dummyHash
            _ = try await threadPool.runIfActive { Bcrypt.verify(input ?? "", hash: dummyHash) }
            return false
        }
        return try await threadPool.runIfActive { Bcrypt.verify(input, hash: hash) }
    }
}
