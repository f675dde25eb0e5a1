import Foundation

/// An estimated yearly volume: how much of something a member expects to buy each year and
/// what it is worth in SEK excluding VAT.
public struct Volume: Hashable, Sendable {
    public var quantity: Quantity
    /// The unit the quantity counts, in the member's words: "st", "liter", "timmar".
    public var unit: String
    public var yearlyValue: Money

    public init(quantity: Quantity, unit: String, yearlyValue: Money) {
        self.quantity = quantity
        self.unit = unit
        self.yearlyValue = yearlyValue
    }
}

/// One item of the office's procurement plan (*upphandlingsplan*): a pooled procurement the
/// office intends to run, which the members answer by `answerDeadline`.
public struct PlanItem: Hashable, Sendable {
    public var id: UUID
    public var title: String
    public var description: String
    public var cpv: CPVCode
    public var contractType: ContractType
    public var law: ProcurementLaw
    /// A framework agreement (*ramavtal*) rather than a contract for one delivery.
    public var framework: Bool
    public var period: ContractPeriod
    public var answerDeadline: CalendarDate
    /// Nil while it is a draft that only the office sees.
    public var publishedAt: Date?

    public init(
        id: UUID, title: String, description: String, cpv: CPVCode, contractType: ContractType,
        law: ProcurementLaw, framework: Bool, period: ContractPeriod, answerDeadline: CalendarDate, publishedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.cpv = cpv
        self.contractType = contractType
        self.law = law
        self.framework = framework
        self.period = period
        self.answerDeadline = answerDeadline
        self.publishedAt = publishedAt
    }

    public var isPublished: Bool { publishedAt != nil }

    /// Whether members may still answer on `date` (the deadline is the last day).
    public func isOpen(on date: CalendarDate) -> Bool { isPublished && date <= answerDeadline }
}

/// A member's answer to a plan item.
public enum PlanDecision: String, Sendable, Codable, CaseIterable {
    /// *ansluter*: takes part, with its volume.
    case join
    /// *avstår*.
    case decline

    public var swedishName: String {
        switch self {
        case .join: "Ansluter"
        case .decline: "Avstår"
        }
    }
}

public struct PlanAnswer: Hashable, Sendable {
    public var id: UUID
    public var planItemID: UUID
    public var organisationID: UUID
    public var decision: PlanDecision
    /// Present exactly when the member joins.
    public var volume: Volume?
    public var comment: String
    public var answeredBy: UUID
    public var answeredAt: Date

    public init(
        id: UUID, planItemID: UUID, organisationID: UUID, decision: PlanDecision, volume: Volume?,
        comment: String, answeredBy: UUID, answeredAt: Date
    ) {
        self.id = id
        self.planItemID = planItemID
        self.organisationID = organisationID
        self.decision = decision
        self.volume = volume
        self.comment = comment
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
    }
}
