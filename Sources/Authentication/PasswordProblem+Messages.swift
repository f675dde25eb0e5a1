extension PasswordProblem {
    /// For the person choosing the password.
    public var swedishMessage: String {
        switch self {
        case .tooShort(let minimum):
            "Lösenordet måste ha minst \(minimum) tecken."
        case .tooLong(let maximumBytes):
            // People count letters, bcrypt counts bytes: say why 40 letters can be too many.
            "Lösenordet får vara högst \(maximumBytes) byte långt. Å, ä, ö och andra tecken utanför A–Z räknas som två eller fler."
        case .containsControlCharacters:
            "Lösenordet får inte innehålla styrtecken, som tabb eller radbrytning."
        }
    }

    /// For the API and the logs, in the style of the other error descriptions.
    public var englishMessage: String {
        switch self {
        case .tooShort(let minimum):
            "the password must have at least \(minimum) characters"
        case .tooLong(let maximumBytes):
            "the password must be at most \(maximumBytes) bytes in UTF-8 (letters outside A–Z count as two or more)"
        case .containsControlCharacters:
            "the password must not contain control characters such as tab or line break"
        }
    }
}

extension PasswordProblem: CustomStringConvertible {
    public var description: String { englishMessage }
}
