/// An exact quantity of something bought (litres, pieces, hours), in thousandths: what a
/// member estimates it will need a year. Like `Money`, it never passes through `Double`.
public struct Quantity: Hashable, Comparable, Sendable {
    public var thousandths: Int64

    public init(thousandths: Int64) { self.thousandths = thousandths }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.thousandths < rhs.thousandths }

    /// Parses `1200`, `12.5` or `0.125` (a point, at most three decimals, not negative);
    /// digits beyond the third decimal are accepted only when they are zeros.
    public init?(decimal text: some StringProtocol) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 15, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit), !(parts.count == 2 && fraction.isEmpty),
              fraction.dropFirst(3).allSatisfy({ $0 == "0" }) else { return nil }
        var digits = Array(fraction.prefix(3))
        while digits.count < 3 { digits.append("0") }
        guard let wholeValue = Int64(whole), let fractionValue = Int64(String(digits)) else { return nil }
        thousandths = wholeValue * 1000 + fractionValue
    }

    /// Decimal text with a point and no trailing zeros, as PostgreSQL `numeric` reads it.
    public var decimalString: String {
        let whole = thousandths / 1000
        var fraction = String(thousandths % 1000)
        guard fraction != "0" else { return String(whole) }
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

extension Quantity: CustomStringConvertible {
    /// Swedish presentation: `1 200,5`.
    public var description: String {
        let parts = decimalString.split(separator: ".")
        let whole = String(parts[0])
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped.append("\u{202F}") }
            grouped.append(character)
        }
        return parts.count == 2 ? grouped + "," + parts[1] : grouped
    }
}

extension Quantity: Codable {
    /// Exchanged as decimal text (`"1200.5"`), so no JSON reader rounds it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = Quantity(decimal: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a quantity as decimal text with at most three decimals, like \"1200.5\".")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalString)
    }
}
