/// What the law makes of a pooled procurement as it stands: its estimated value (LOU 5 kap.:
/// all participants, the whole period, every option counted as used), the procedure that value
/// calls for on the planned start, and the warnings a procurer would want.
public struct PooledAssessment: Sendable {
    public var yearlyValue: Money
    public var estimatedValue: Money
    /// The classification, or why there is none (a threshold without its SEK amount, say).
    public var classification: Result<Classification, ClassificationProblem>
    public var warnings: [PoolingWarning]

    public init(of procurement: PooledProcurement, totals: PooledTotals, thresholds: ThresholdTable) {
        yearlyValue = totals.yearlyValue
        estimatedValue = ValueEstimator.estimate(yearlyValues: [totals.yearlyValue], period: procurement.period)
        do {
            classification = .success(try Classifier.classify(
                value: estimatedValue, law: procurement.law, contractType: procurement.contractType, buyer: procurement.buyer,
                on: procurement.period.start, thresholds: thresholds))
        } catch {
            classification = .failure(error)
        }
        warnings = procurement.framework
            ? ValueEstimator.frameworkWarnings(
                period: procurement.period,
                terms: FrameworkTerms(estimatedValue: estimatedValue, maximumValue: procurement.maximumValue))
            : []
    }
}

/// A part of a whole, for "your share": exact, rounded only for display.
public struct Share: Hashable, Sendable {
    public var part: Money
    public var whole: Money

    public init(part: Money, whole: Money) {
        self.part = part
        self.whole = whole
    }

    /// The share in tenths of a percent, rounded half up; nil for a whole of zero.
    public var permille: Int64? {
        guard whole.ore > 0 else { return nil }
        let scaled = Int128(part.ore) * 1000
        return Int64((scaled * 2 + Int128(whole.ore)) / (Int128(whole.ore) * 2))
    }

    /// `23,4 %`, or `–` when there is no whole.
    public var swedishPercent: String {
        guard let permille else { return "–" }
        return "\(permille / 10),\(permille % 10)\u{00A0}%"
    }
}
