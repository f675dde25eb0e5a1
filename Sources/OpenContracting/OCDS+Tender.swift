extension OCDS {
    public struct Planning: Encodable, Sendable, Equatable {
        public var milestones: [Milestone]
    }

    public struct Milestone: Encodable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var type: String
        public var status: String
        public var dateMet: String?
        public var dueDate: String?
    }

    public struct Tender: Encodable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var description: String?
        public var status: TenderStatus
        public var procuringEntity: OrganizationReference
        public var items: [Item]?
        public var value: Value?
        public var procurementMethod: Method?
        public var procurementMethodDetails: String?
        public var mainProcurementCategory: ProcurementCategory?
        public var tenderPeriod: Period?
        public var awardPeriod: Period?
        /// Known once the award decision is made, and only as a count (OSL 19 kap. 3 §).
        public var numberOfTenderers: Int?
        public var documents: [Document]?
        /// Lots extension.
        public var lots: [Lot]?
    }

    /// The closed tenderStatus codelist.
    public enum TenderStatus: String, Encodable, Sendable, Equatable {
        case planning, active, cancelled, unsuccessful, complete
    }

    /// The closed method codelist.
    public enum Method: String, Encodable, Sendable, Equatable {
        case open, selective, limited, direct
    }

    /// The closed procurementCategory codelist.
    public enum ProcurementCategory: String, Encodable, Sendable, Equatable {
        case goods, works, services
    }

    /// A lot (*delområde*), from the lots extension.
    public struct Lot: Encodable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: TenderStatus
        public var value: Value?
    }

    public struct Item: Encodable, Sendable, Equatable {
        public var id: String
        public var description: String?
        public var classification: Classification
        /// Lots extension.
        public var relatedLot: String?
    }

    public struct Classification: Encodable, Sendable, Equatable {
        public var scheme: String
        public var id: String
        public var description: String?
    }

    public struct Document: Encodable, Sendable, Equatable {
        public var id: String
        public var documentType: String
        public var title: String?
        public var description: String?
        public var url: String?
        public var datePublished: String?
        public var language: String?
    }

    public struct Period: Encodable, Sendable, Equatable {
        public var startDate: String?
        public var endDate: String?
        public var maxExtentDate: String?
    }

    /// The bid extension's section, with statistics only: individual bids are never published.
    public struct Bids: Encodable, Sendable, Equatable {
        public var statistics: [Statistic]
    }

    public struct Statistic: Encodable, Sendable, Equatable {
        public var id: String
        public var measure: String
        public var value: Int
        public var relatedLot: String?
    }
}
