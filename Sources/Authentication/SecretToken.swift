import Crypto

/// A bearer secret (session cookie or API token): 32 random bytes from a CSPRNG
/// (`SystemRandomNumberGenerator`), base64url without padding, after a short prefix that says what
/// it is ("svs_" sessions, "svt_" API tokens) so that a leaked one can be recognised by secret
/// scanners and people. Only the SHA-256 of the whole string (lowercase hex) is stored: a copy of
/// the database then opens no session. A plain hash suffices because 256 random bits cannot be
/// guessed, unlike a password.
public struct SecretToken: Sendable, Equatable {
    static let randomBytes = 32

    /// The secret itself: hand it to the client once, never store or log it.
    public let value: String

    public static func generate(prefix: String) -> SecretToken {
        SecretToken(value: prefix + Base64URL.randomString(bytes: randomBytes))
    }

    /// What the database keeps.
    public var hash: String { Self.hash(value) }

    /// What to look a presented token up by.
    public static func hash(_ presented: String) -> String {
        SHA256.hash(data: Array(presented.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Whether a presented string is shaped like a token with that prefix (length and alphabet),
    /// so garbage can be refused before any database lookup.
    public static func isWellFormed(_ presented: String, prefix: String) -> Bool {
        guard presented.hasPrefix(prefix) else { return false }
        let body = presented.utf8.dropFirst(prefix.utf8.count)
        return body.count == Base64URL.length(ofBytes: randomBytes) && body.allSatisfy(Base64URL.alphabet.contains)
    }
}

// A token printed by accident (a log line, a failed test) must not give the session away.
extension SecretToken: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "SecretToken(redacted)" }
    public var debugDescription: String { description }
}
