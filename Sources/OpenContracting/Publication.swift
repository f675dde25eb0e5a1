import Foundation
import Procurement

/// What an office has made public, as read for its open-contracting publication: the input
/// of `ReleasePackageBuilder`. Whoever fills it decides what is public (the platform reads it
/// as the office's public identity, so row-level security decides); the builder only maps,
/// and names no organisation that is not a party to something it publishes.
public struct Publication: Sendable, Equatable {
    public struct OfficeInfo: Sendable, Equatable {
        public var id: UUID
        public var slug: String
        public var name: String
        /// The office's registered prefix, `ocds-` and six letters or digits.
        public var ocidPrefix: String

        public init(id: UUID, slug: String, name: String, ocidPrefix: String) {
            self.id = id
            self.slug = slug
            self.name = name
            self.ocidPrefix = ocidPrefix
        }
    }

    /// A tender with its lots and the documents the public may see.
    public struct TenderRecord: Sendable, Equatable {
        public var tender: Tender
        public var lots: [Lot]
        public var documents: [TenderDocument]

        public init(tender: Tender, lots: [Lot], documents: [TenderDocument] = []) {
            self.tender = tender
            self.lots = lots
            self.documents = documents
        }
    }

    /// How many bids a lot received: public once the award decision is made, never who
    /// tendered or at what price.
    public struct BidCount: Sendable, Hashable {
        public var tenderID: UUID
        public var lotID: UUID
        public var bids: Int

        public init(tenderID: UUID, lotID: UUID, bids: Int) {
            self.tenderID = tenderID
            self.lotID = lotID
            self.bids = bids
        }
    }

    public var office: OfficeInfo
    /// The office's member organisations; those that are parties to a published contract
    /// appear as buyers.
    public var organisations: [Organisation]
    public var tenders: [TenderRecord]
    /// Activated contracts, with their suppliers and parties; a contract without `tenderID`
    /// is a direct award and becomes a process of its own.
    public var contracts: [Contract]
    /// The suppliers of the contracts.
    public var suppliers: [Supplier]
    public var bidCounts: [BidCount]
    /// Swedish labels of the CPV codes used, for the classifications' descriptions.
    public var cpvLabels: [CPVCode: String]
    /// When the publication was read: the package's `publishedDate`, and the moment against
    /// which every stage is judged.
    public var publishedDate: Date

    public init(
        office: OfficeInfo, organisations: [Organisation] = [], tenders: [TenderRecord] = [], contracts: [Contract] = [],
        suppliers: [Supplier] = [], bidCounts: [BidCount] = [], cpvLabels: [CPVCode: String] = [:], publishedDate: Date
    ) {
        self.office = office
        self.organisations = organisations
        self.tenders = tenders
        self.contracts = contracts
        self.suppliers = suppliers
        self.bidCounts = bidCounts
        self.cpvLabels = cpvLabels
        self.publishedDate = publishedDate
    }
}

extension Publication.OfficeInfo {
    /// Whether `text` is an OCID prefix as the OCDS registry assigns them: `ocds-` and six
    /// lower-case letters or digits.
    public static func isValidPrefix(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count == 11 && text.hasPrefix("ocds-")
            && scalars.dropFirst(5).allSatisfy { (97...122).contains($0.value) || (48...57).contains($0.value) }
    }
}
