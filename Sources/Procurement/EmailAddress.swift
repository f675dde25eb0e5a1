import Foundation

/// An e-mail address as a login name: trimmed and lower-cased, so that `Anna@Krokom.se` and
/// `anna@krokom.se` are one account and look-ups are plain equality.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public let normalized: String

    /// Accepts `local@domain.tld` with no spaces, at most 254 characters.
    public init?(_ text: String) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.count <= 254, parts.count == 2, !parts[0].isEmpty,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !value.contains(where: { $0.isWhitespace || $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true })
        else { return nil }
        normalized = value
    }

    public var description: String { normalized }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = EmailAddress(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected an e-mail address.")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(normalized)
    }
}


/// A person who logs in to an office. Their roles are `RoleAssignment`s.
public struct User: Hashable, Sendable, Codable {
    public var id: UUID
    public var officeID: UUID
    public var email: EmailAddress
    public var name: String
    public var active: Bool
    /// Set when an administrator chose the password: the user picks their own at next login.
    public var mustChangePassword: Bool

    public init(id: UUID, officeID: UUID, email: EmailAddress, name: String, active: Bool = true, mustChangePassword: Bool = false) {
        self.id = id
        self.officeID = officeID
        self.email = email
        self.name = name
        self.active = active
        self.mustChangePassword = mustChangePassword
    }
}
