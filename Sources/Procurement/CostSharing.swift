/// What a shared cost is divided by.
public enum CostBasis: String, Codable, Sendable, CaseIterable {
    /// Each member's share of the procured volume.
    case volume
    /// Each member's population (*invånarantal*).
    case population

    public var swedishName: String {
        switch self {
        case .volume: "Efter volym"
        case .population: "Efter invånarantal"
        }
    }
}

/// Why a cost cannot be divided.
public enum CostSharingProblem: Error, Hashable, Sendable {
    /// Nobody to divide among.
    case noWeights
    /// A weight below zero (volumes and populations are never negative).
    case negativeWeight(Int64)
    /// Every weight is zero, so there is no proportion to follow.
    case allWeightsZero
    /// Only costs are divided; a negative total is a refund and is not handled here.
    case negativeTotal(Money)

    public var swedishMessage: String {
        switch self {
        case .noWeights: "Det finns inga deltagare att fördela kostnaden på."
        case .negativeWeight(let weight): "En fördelningsnyckel får inte vara negativ (angivet: \(weight))."
        case .allWeightsZero: "Alla deltagare har fördelningsnyckeln noll, så kostnaden kan inte fördelas. Ange volym eller invånarantal."
        case .negativeTotal(let total): "Beloppet som ska fördelas får inte vara negativt (angivet: \(total))."
        }
    }
}

extension CostSharingProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noWeights: "no weights to allocate by"
        case .negativeWeight(let weight): "negative weight \(weight)"
        case .allWeightsZero: "all weights are zero"
        case .negativeTotal(let total): "negative total \(total.decimalString)"
        }
    }
}

/// Divides a shared cost (the office's fee, a consultant, an advertisement) among members.
public enum CostSharing {
    /// Splits `total` in proportion to `weights` so that the parts add up to exactly `total`,
    /// by the largest-remainder (Hamilton) method: every key first gets ⌊total × w / W⌋ öre,
    /// then the öre left over go one each to the largest remainders, ties to the smallest key.
    /// So every part is less than one öre from its exact share, a zero weight gets nothing, and
    /// the result does not depend on the dictionary's order.
    ///
    /// Exact: products and sums are `Int128` (below 2⁶³ × 2⁶³ = 2¹²⁶), so nothing can overflow.
    public static func allocate<Key: Hashable & Comparable>(_ total: Money, by weights: [Key: Int64]) throws(CostSharingProblem) -> [Key: Money] {
        guard !weights.isEmpty else { throw .noWeights }
        guard total >= .zero else { throw .negativeTotal(total) }
        if let negative = weights.values.filter({ $0 < 0 }).min() { throw .negativeWeight(negative) }
        let sum = weights.values.reduce(Int128(0)) { $0 + Int128($1) }
        guard sum > 0 else { throw .allWeightsZero }

        let amount = Int128(total.ore)
        var parts: [Key: Int64] = [:]
        var remainders: [(key: Key, remainder: Int128)] = []
        var allocated: Int128 = 0
        for (key, weight) in weights {
            let (quotient, remainder) = (amount * Int128(weight)).quotientAndRemainder(dividingBy: sum)
            // quotient ≤ total, so it fits in Int64.
            parts[key] = Int64(quotient)
            allocated += quotient
            remainders.append((key, remainder))
        }
        // Fewer than one öre per key is left, and only keys with a remainder can receive it.
        let leftover = Int(amount - allocated)
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.key < $1.key }
        for entry in remainders.prefix(leftover) {
            parts[entry.key]! += 1
        }
        return parts.mapValues { Money(ore: $0) }
    }
}
