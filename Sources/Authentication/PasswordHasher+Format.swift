import Foundation

extension PasswordHasher {
    /// Normalised to NFC so that "å" typed as one code point or as "a" plus a ring (keyboards and
    /// systems differ) is the same password.
    static func bcryptInput(_ password: String) throws(PasswordProblem) -> String {
        let normalised = password.precomposedStringWithCanonicalMapping
        guard !normalised.utf8.contains(0) else { throw .containsControlCharacters }
        guard normalised.utf8.count <= PasswordPolicy.maximumBytes else {
            throw .tooLong(maximumBytes: PasswordPolicy.maximumBytes)
        }
        return normalised
    }

    private static let bcryptAlphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `$2a$` or `$2b$`, a two-digit cost, `$`, then 22 characters of salt and 31 of digest.
    /// Anything else makes the C code return at once, which would be faster than a real check.
    static func isBcryptHash(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            bytes[2] == UInt8(ascii: "a") || bytes[2] == UInt8(ascii: "b"),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
            let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost)
        else { return false }
        return bytes[7...].allSatisfy(bcryptAlphabet.contains)
    }

    /// A real bcrypt hash's salt and digest under the wanted cost: verifying against it does the
    /// full work. No password is known to produce it, and `verify` ignores the outcome anyway.
    static func dummyHash(cost: UInt8) -> String {
        let digits = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2b$\(digits)$" + "6bGVX7Ssn2ZBqVaN1k0Q0.ZfE4lFOhB1sDuwJ2i3hV5u2Ht4cPj3u"
    }
}
