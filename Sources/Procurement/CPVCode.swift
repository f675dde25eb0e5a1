/// A code of the Common Procurement Vocabulary (CPV 2008, Regulation (EC) No 213/2008), written
/// as the EU writes it: eight digits, a hyphen and a check digit, e.g. `03111000-2`.
///
/// Only the form is checked here. The check digit follows no single formula for every code, so
/// whether a code exists is decided by looking it up in the vocabulary (`cpv.csv`), not by this type.
public struct CPVCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The full code with its check digit, e.g. `03111000-2`.
    public let code: String

    /// Accepts exactly `NNNNNNNN-N` with ASCII digits; nothing is trimmed or repaired.
    public init?(_ text: String) {
        let characters = Array(text)
        guard characters.count == 10, characters[8] == "-",
              characters[..<8].allSatisfy(\.isASCIIDigit), characters[9].isASCIIDigit else { return nil }
        code = text
    }

    /// The eight digits without the check digit, e.g. `03111000`.
    public var digits: String { String(code.prefix(8)) }

    /// The first two digits: the CPV *division* (e.g. `03`, agricultural products).
    public var division: String { String(code.prefix(2)) }

    /// The first three digits: the CPV *group*. Needs in one group are candidates for pooling,
    /// and direct purchases in one group count as purchases "of the same kind".
    public var group: String { String(code.prefix(3)) }

    public var description: String { code }

    public static func < (lhs: CPVCode, rhs: CPVCode) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = CPVCode(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Expected a CPV code as eight digits, a hyphen and a check digit (e.g. 03111000-2), got \"\(text)\".")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
