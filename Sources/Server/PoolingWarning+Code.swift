import Procurement

/// The stable codes the API gives warnings and classification problems, for programs to act on.
extension PoolingWarning {
    var code: String {
        switch self {
        case .frameworkLongerThanFourYears: "framework_longer_than_four_years"
        case .frameworkWithoutMaximum: "framework_without_maximum"
        case .maximumBelowEstimate: "maximum_below_estimate"
        case .directPurchasesPassLimit: "direct_purchases_pass_limit"
        case .overlapsContract: "overlaps_contract"
        }
    }
}

extension ClassificationProblem {
    var code: String {
        switch self {
        case .noThreshold: "no_threshold"
        case .missingSEKAmount: "missing_sek_amount"
        }
    }
}
