extension OCDS {
    /// One contracting process as it stands: one per tender, one per direct award.
    public struct Release: Encodable, Sendable, Equatable {
        public var ocid: String
        public var id: String
        public var date: String
        public var tag: [Tag]
        public var initiationType: String = "tender"
        public var language: String = "sv"
        public var parties: [Organization]?
        public var buyer: OrganizationReference?
        public var planning: Planning?
        public var tender: Tender
        public var awards: [Award]?
        public var contracts: [Contract]?
        /// Bid statistics (bid extension): only counts, never who or at what price.
        public var bids: Bids?
    }

    /// The closed releaseTag codelist, as far as the office's stages reach.
    public enum Tag: String, Encodable, Sendable, Equatable, CaseIterable {
        case planning, tender, tenderCancellation, award, contract, contractTermination
    }

    /// A party: an organisation with its roles in the process. Organisations only, never
    /// people: no contact points, no personal names, no e-mail addresses.
    public struct Organization: Encodable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var identifier: Identifier?
        public var roles: [PartyRole]
    }

    public struct OrganizationReference: Encodable, Sendable, Equatable {
        public var id: String
        public var name: String
    }

    /// An organisation's registered identifier (org-id.guide scheme).
    public struct Identifier: Encodable, Sendable, Equatable {
        public var scheme: String
        public var id: String
        public var legalName: String?
    }

    /// The open partyRole codelist, in the order a party lists its roles.
    public enum PartyRole: String, Encodable, Sendable, Equatable, CaseIterable, Comparable {
        case buyer, procuringEntity, supplier, tenderer

        public static func < (lhs: PartyRole, rhs: PartyRole) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}
