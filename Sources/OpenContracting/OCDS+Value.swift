import Foundation
import Procurement

extension OCDS {
    /// An amount in kronor. `amount` is a `Decimal` built from the öre, never a `Double`, so
    /// that the JSON number is exactly the stored amount (`1234.5`, not `1234.4999999`).
    public struct Value: Encodable, Sendable, Equatable {
        public var amount: Decimal
        public var currency: String

        public init(_ money: Money) {
            amount = Decimal(sign: money.ore < 0 ? .minus : .plus, exponent: -2, significand: Decimal(money.ore.magnitude))
            currency = "SEK"
        }
    }
}
