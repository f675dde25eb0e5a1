import Foundation

/// The rules for a new password. Length rather than composition rules, as NIST SP 800-63B
/// advises: long passphrases are both stronger and easier to remember.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// bcrypt ignores everything past this many bytes.
    public static let maximumBytes = 72

    /// nil when the password is acceptable. Counts characters as people see them and bytes as
    /// bcrypt sees them, both after the same NFC normalisation as `PasswordHasher`.
    public static func check(_ password: String) -> PasswordProblem? {
        let normalised = password.precomposedStringWithCanonicalMapping
        if normalised.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .containsControlCharacters
        }
        if normalised.utf8.count > maximumBytes { return .tooLong(maximumBytes: maximumBytes) }
        if normalised.count < minimumLength { return .tooShort(minimum: minimumLength) }
        return nil
    }
}
