import Foundation

/// A pooled procurement (*samordnad upphandling*): like needs of several members in one
/// tender, which gets better bids. Its value and procedure follow from its participants and
/// the thresholds; they are assessed when asked (`PooledAssessment`), never stored.
public struct PooledProcurement: Hashable, Sendable {
    public var id: UUID
    public var title: String
    public var description: String
    public var cpv: CPVCode
    public var contractType: ContractType
    public var law: ProcurementLaw
    public var buyer: BuyerCategory
    public var framework: Bool
    /// The planned start, the base period and the extension options.
    public var period: ContractPeriod
    /// A framework agreement's maximum value (CJEU C-23/20).
    public var maximumValue: Money?
    public var planItemID: UUID?
    /// The last day members may confirm or withdraw.
    public var confirmationDeadline: CalendarDate
    /// Whether members see each other's participation and volumes.
    public var participantsPublished: Bool
    public var costSharing: CostSharingTerms?

    public init(
        id: UUID, title: String, description: String, cpv: CPVCode, contractType: ContractType, law: ProcurementLaw,
        buyer: BuyerCategory, framework: Bool, period: ContractPeriod, maximumValue: Money?, planItemID: UUID?,
        confirmationDeadline: CalendarDate, participantsPublished: Bool, costSharing: CostSharingTerms? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.cpv = cpv
        self.contractType = contractType
        self.law = law
        self.buyer = buyer
        self.framework = framework
        self.period = period
        self.maximumValue = maximumValue
        self.planItemID = planItemID
        self.confirmationDeadline = confirmationDeadline
        self.participantsPublished = participantsPublished
        self.costSharing = costSharing
    }

    /// Whether members may still confirm or withdraw on `date`.
    public func isOpenForConfirmation(on date: CalendarDate) -> Bool { date <= confirmationDeadline }
}

/// The office's own cost of running a pooled procurement and how it is shared.
public struct CostSharingTerms: Hashable, Sendable {
    public var total: Money
    public var basis: CostBasis
    public var allocatedAt: Date?

    public init(total: Money, basis: CostBasis, allocatedAt: Date? = nil) {
        self.total = total
        self.basis = basis
        self.allocatedAt = allocatedAt
    }
}

/// A member's place in a pooled procurement.
public struct Participant: Hashable, Sendable {
    public var id: UUID
    public var pooledProcurementID: UUID
    public var organisationID: UUID
    public var quantity: Quantity?
    public var unit: String?
    public var yearlyValue: Money
    public var status: ParticipationStatus
    public var decidedBy: UUID?
    public var decidedAt: Date?
    /// The member's part of the office's cost, as last allocated.
    public var costShare: Money?

    public init(
        id: UUID, pooledProcurementID: UUID, organisationID: UUID, quantity: Quantity?, unit: String?, yearlyValue: Money,
        status: ParticipationStatus = .proposed, decidedBy: UUID? = nil, decidedAt: Date? = nil, costShare: Money? = nil
    ) {
        self.id = id
        self.pooledProcurementID = pooledProcurementID
        self.organisationID = organisationID
        self.quantity = quantity
        self.unit = unit
        self.yearlyValue = yearlyValue
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.costShare = costShare
    }

    /// Counted in the procurement's value: proposed or confirmed.
    public var counts: Bool { status != .withdrawn }
}

/// *anslutning*: proposed by the office, then confirmed or withdrawn by the member.
public enum ParticipationStatus: String, Sendable, Codable, CaseIterable {
    case proposed
    case confirmed
    case withdrawn

    public var swedishName: String {
        switch self {
        case .proposed: "Föreslagen"
        case .confirmed: "Bekräftad"
        case .withdrawn: "Utträtt"
        }
    }
}

/// How large a pooled procurement is, as everyone in the office may know it.
public struct PooledTotals: Hashable, Sendable {
    public var participants: Int
    public var confirmed: Int
    public var yearlyValue: Money

    public init(participants: Int, confirmed: Int, yearlyValue: Money) {
        self.participants = participants
        self.confirmed = confirmed
        self.yearlyValue = yearlyValue
    }

    public static let none = PooledTotals(participants: 0, confirmed: 0, yearlyValue: .zero)
}
