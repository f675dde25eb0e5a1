/// An exact amount of Swedish kronor, counted in öre (1 krona = 100 öre).
///
/// Money never passes through `Double`: amounts are parsed from and printed to decimal text
/// digit by digit, and arithmetic traps on overflow rather than rounding.
public struct Money: Hashable, Comparable, Sendable, Codable {
    public var ore: Int64

    public init(ore: Int64) { self.ore = ore }

    public init(kronor: Int64) { self.ore = kronor * 100 }

    public static let zero = Money(ore: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.ore < rhs.ore }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(ore: lhs.ore + rhs.ore) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(ore: lhs.ore - rhs.ore) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.ore += rhs.ore }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.ore -= rhs.ore }

    /// Parses decimal text such as `1234`, `-0.5`, `1234.50` or `1234.5000`.
    ///
    /// Digits beyond the öre are accepted only when they are zeros: an amount that cannot be
    /// represented exactly is refused, never rounded.
    public init?(decimal text: some StringProtocol) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        else if digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        if parts.count == 2, fraction.isEmpty { return nil }
        guard fraction.dropFirst(2).allSatisfy({ $0 == "0" }) else { return nil }
        var ore: Int64 = 0
        for digit in whole.drop(while: { $0 == "0" }) {
            let (times, o1) = ore.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(digit.asciiValue! - 48))
            guard !o1, !o2 else { return nil }
            ore = plus
        }
        var cents = Array(fraction.prefix(2))
        while cents.count < 2 { cents.append("0") }
        let (scaled, o3) = ore.multipliedReportingOverflow(by: 100)
        let (total, o4) = scaled.addingReportingOverflow(Int64(cents[0].asciiValue! - 48) * 10 + Int64(cents[1].asciiValue! - 48))
        guard !o3, !o4 else { return nil }
        self.ore = negative ? -total : total
    }

    /// The amount as decimal text with two decimals and a point, as PostgreSQL `numeric` reads it.
    public var decimalString: String {
        let magnitude = ore.magnitude
        let kronor = magnitude / 100
        let rest = magnitude % 100
        return (ore < 0 ? "-" : "") + String(kronor) + "." + (rest < 10 ? "0" : "") + String(rest)
    }
}

extension Money: CustomStringConvertible {
    /// Swedish presentation: `1 234 567,50 kr` with a non-breaking thin space grouping.
    public var description: String {
        let magnitude = ore.magnitude
        let kronor = String(magnitude / 100)
        let rest = magnitude % 100
        var grouped = ""
        for (index, character) in kronor.enumerated() {
            if index > 0, (kronor.count - index) % 3 == 0 { grouped.append("\u{202F}") }
            grouped.append(character)
        }
        return (ore < 0 ? "−" : "") + grouped + "," + (rest < 10 ? "0" : "") + String(rest) + "\u{00A0}kr"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
