/// The value terms of a framework agreement (*ramavtal*).
///
/// A framework agreement must state an estimated and a maximum quantity or value, and once the
/// maximum is reached it has no further effect (CJEU C-23/20, *Simonsen & Weel*): the platform
/// tracks call-offs against `maximumValue`.
public struct FrameworkTerms: Hashable, Sendable, Codable {
    /// The value the buyers expect to call off over the whole period, options included.
    public var estimatedValue: Money
    /// The most that may be called off; `nil` while it is still missing (which is a warning).
    public var maximumValue: Money?

    public init(estimatedValue: Money, maximumValue: Money?) {
        self.estimatedValue = estimatedValue
        self.maximumValue = maximumValue
    }
}

extension ValueEstimator {
    /// The longest a framework agreement under LOU may last, options included, unless there
    /// are special reasons (LOU 7 kap. 2 §: four years). LUF allows eight (LUF 7 kap. 2 §);
    /// `frameworkWarnings` warns by the LOU rule, the stricter.
    public static let frameworkMaximumMonths = 48

    /// What a procurer should look at in a framework agreement's period and value terms, in a
    /// fixed order: the length, then the maximum value.
    public static func frameworkWarnings(period: ContractPeriod, terms: FrameworkTerms) -> [PoolingWarning] {
        var warnings: [PoolingWarning] = []
        if period.totalMonths > frameworkMaximumMonths {
            warnings.append(.frameworkLongerThanFourYears(totalMonths: period.totalMonths))
        }
        if let maximum = terms.maximumValue {
            if maximum < terms.estimatedValue {
                warnings.append(.maximumBelowEstimate(estimated: terms.estimatedValue, maximum: maximum))
            }
        } else {
            warnings.append(.frameworkWithoutMaximum)
        }
        return warnings
    }
}
