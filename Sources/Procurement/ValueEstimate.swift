/// The estimated value of a contract (*kontraktets uppskattade värde*, LOU 5 kap.): excluding
/// VAT, over the whole period with every option and extension counted as used, and for a pooled
/// procurement the sum of all participants.
public enum ValueEstimator {
    /// The value of the participants' yearly values over the whole period:
    /// sum × `totalMonths` / 12, rounded *up* to the öre, because an understated value could
    /// put a procurement under a threshold it belongs above.
    ///
    /// The total is computed from the summed yearly values, not by adding rounded parts, so it
    /// can be smaller than the sum of `estimate(yearlyValue:period:)` over the participants.
    ///
    /// Exact: the sum and product are taken in `Int128` (at most 2⁶³ öre per value times any
    /// number of values times 1 200 months stays far below 2¹²⁷). A result beyond what `Money`
    /// holds (about 92 billion billion öre) saturates at `Int64.max` öre (or `.min`), which is
    /// above (below) every threshold and so never changes the procedure.
    public static func estimate(yearlyValues: [Money], period: ContractPeriod) -> Money {
        let sum = yearlyValues.reduce(Int128(0)) { $0 + Int128($1.ore) }
        return Money(saturating: ceilingDivide(sum * Int128(period.totalMonths), by: 12))
    }

    /// One participant's share of the value over the whole period, rounded up to the öre.
    public static func estimate(yearlyValue: Money, period: ContractPeriod) -> Money {
        estimate(yearlyValues: [yearlyValue], period: period)
    }

    /// ⌈numerator / denominator⌉ for a positive denominator.
    static func ceilingDivide(_ numerator: Int128, by denominator: Int128) -> Int128 {
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return remainder > 0 ? quotient + 1 : quotient
    }
}

extension Money {
    /// The amount in öre, clamped to what `Money` can hold.
    init(saturating ore: Int128) {
        self.init(ore: ore > Int128(Int64.max) ? .max : ore < Int128(Int64.min) ? .min : Int64(ore))
    }

    /// The exact sum, clamped to what `Money` can hold rather than trapping on absurd input.
    static func saturatingSum(_ amounts: some Sequence<Money>) -> Money {
        Money(saturating: amounts.reduce(Int128(0)) { $0 + Int128($1.ore) })
    }
}
