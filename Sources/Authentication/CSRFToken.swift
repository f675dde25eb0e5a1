import Crypto

/// Cross-site request forgery tokens derived from the session secret:
/// HMAC-SHA256(key: session secret, "csrf"), base64url. Nothing to store; an attacker without the
/// session cookie cannot compute it.
public enum CSRFToken {
    public static func derive(fromSession secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        return Base64URL.encode(HMAC<SHA256>.authenticationCode(for: Array("csrf".utf8), using: key))
    }

    /// Constant-time comparison.
    public static func verify(_ presented: String?, session secret: String) -> Bool {
        // Anyone can compute the token of an empty secret.
        guard let presented, !secret.isEmpty else { return false }
        return ConstantTime.equals(presented, derive(fromSession: secret))
    }

    /// For the login form, before a session exists (double-submit cookie): a fresh random value.
    public static func random() -> String { Base64URL.randomString(bytes: 32) }

    /// Constant-time equality of two presented strings (cookie value vs form field); false if
    /// either is nil or empty, since two missing values must not count as a match.
    public static func matches(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, !a.isEmpty, !b.isEmpty else { return false }
        return ConstantTime.equals(a, b)
    }
}
