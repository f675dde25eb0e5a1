/// Contract compliance (*avtalstrohet*): of the spend that could have been bought on a
/// contract (the *addressable* spend: categories in which the member had a contract in force),
/// the share that was. Spend in categories without a contract is counted but not addressable.
public struct Compliance: Sendable, Equatable, Codable {
    public var total: Money
    public var addressable: Money
    public var contracted: Money

    public init(total: Money = .zero, addressable: Money = .zero, contracted: Money = .zero) {
        self.total = total
        self.addressable = addressable
        self.contracted = contracted
    }

    public static func + (lhs: Compliance, rhs: Compliance) -> Compliance {
        Compliance(total: lhs.total + rhs.total, addressable: lhs.addressable + rhs.addressable,
                   contracted: lhs.contracted + rhs.contracted)
    }

    /// Off-contract spend in categories that have a contract: what leaks.
    public var leakage: Money { addressable - contracted }

    /// The share on contract in tenths of a per cent (873 is 87,3 %), rounded half away from
    /// zero in integers; nil when nothing was addressable. Credit notes can make a month's
    /// addressable spend negative; such a month has no meaningful share either.
    public var perMille: Int? {
        guard addressable.ore > 0 else { return nil }
        let numerator = Int128(contracted.ore) * 1000
        let denominator = Int128(addressable.ore)
        let rounded = (2 * numerator + (numerator >= 0 ? denominator : -denominator)) / (2 * denominator)
        return Int(rounded)
    }

    /// "87,3 %", or "–" when nothing was addressable.
    public var percentText: String {
        guard let perMille else { return "–" }
        let sign = perMille < 0 ? "−" : ""
        return "\(sign)\(abs(perMille) / 10),\(abs(perMille) % 10)\u{00A0}%"
    }

    /// Whether the share reaches a target given in per cent (the Östersund office aims at 95).
    public func meets(targetPercent: Int) -> Bool? {
        perMille.map { $0 >= targetPercent * 10 }
    }
}
