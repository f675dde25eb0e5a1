/// A Swedish *organisationsnummer*: ten digits, the last a Luhn check digit. Legal persons
/// (municipalities, companies, associations) have a third digit of at least 2, which keeps them
/// apart from personal identity numbers.
public struct OrganisationNumber: Hashable, Sendable {
    /// The ten digits, without the hyphen.
    public let digits: String

    public enum Problem: Error, Equatable, Sendable {
        case wrongLength
        case notDigits
        case notALegalPerson
        case checkDigit
    }

    /// Accepts `NNNNNN-NNNN` or `NNNNNNNNNN`.
    public init(_ text: String) throws(Problem) {
        var compact = text.trimmingSpaces()
        if compact.count == 11, compact[compact.index(compact.startIndex, offsetBy: 6)] == "-" {
            compact.remove(at: compact.index(compact.startIndex, offsetBy: 6))
        }
        guard compact.allSatisfy(\.isASCIIDigit) else { throw .notDigits }
        guard compact.count == 10 else { throw .wrongLength }
        let values = compact.map { Int($0.asciiValue! - 48) }
        guard values[2] >= 2 else { throw .notALegalPerson }
        guard Luhn.isValid(values) else { throw .checkDigit }
        self.digits = compact
    }

    /// `NNNNNN-NNNN`, as Swedes write it.
    public var formatted: String { String(digits.prefix(6)) + "-" + String(digits.suffix(4)) }
}

extension OrganisationNumber.Problem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .wrongLength: "an organisationsnummer has ten digits (NNNNNN-NNNN)"
        case .notDigits: "an organisationsnummer holds only digits and one hyphen"
        case .notALegalPerson: "the third digit of an organisationsnummer is at least 2"
        case .checkDigit: "the check digit (the last one) does not match"
        }
    }
}

/// The Luhn (mod 10) check used by Swedish identity and organisation numbers.
public enum Luhn {
    public static func isValid(_ digits: [Int]) -> Bool {
        guard let last = digits.last else { return false }
        return checkDigit(for: digits.dropLast()) == last
    }

    /// The digit that completes `payload`; doubling starts at the first position.
    public static func checkDigit(for payload: some Collection<Int>) -> Int {
        var sum = 0
        for (index, digit) in payload.enumerated() {
            let weighted = index % 2 == 0 ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return (10 - sum % 10) % 10
    }
}

extension OrganisationNumber: CustomStringConvertible {
    public var description: String { formatted }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
