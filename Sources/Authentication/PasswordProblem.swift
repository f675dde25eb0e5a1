/// What a new password must satisfy. bcrypt reads at most 72 bytes, so longer passwords are
/// refused rather than silently truncated.
public enum PasswordProblem: Error, Equatable, Sendable {
    /// Fewer than `minimum` characters.
    case tooShort(minimum: Int)
    /// More than `maximumBytes` UTF-8 bytes.
    case tooLong(maximumBytes: Int)
    /// NUL or another control character: invisible, hard to type again, and NUL would end the
    /// password early inside bcrypt.
    case containsControlCharacters
}
