extension OCDS {
    public struct Award: Encodable, Sendable, Equatable {
        public var id: String
        public var title: String?
        public var status: AwardStatus
        public var date: String?
        public var value: Value?
        public var suppliers: [OrganizationReference]?
        /// Lots extension.
        public var relatedLots: [String]?
    }

    /// The closed awardStatus codelist.
    public enum AwardStatus: String, Encodable, Sendable, Equatable {
        /// Decided, within the standstill (*avtalsspärr*): not yet in force.
        case pending
        case active
        case cancelled
        /// Nothing to award: no bids for the lot.
        case unsuccessful
    }

    public struct Contract: Encodable, Sendable, Equatable {
        public var id: String
        public var awardID: String
        public var title: String
        public var description: String?
        public var status: ContractStatus
        public var period: Period
        public var value: Value
        public var items: [Item]
        public var dateSigned: String?
    }

    /// The closed contractStatus codelist.
    public enum ContractStatus: String, Encodable, Sendable, Equatable {
        case pending, active, cancelled, terminated
    }
}
