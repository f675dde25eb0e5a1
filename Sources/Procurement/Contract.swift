import Foundation

/// A contract (*avtal*, a framework agreement: *ramavtal*) from an award or a direct award:
/// its suppliers, the member organisations that are parties to it, its period with extension
/// options, its estimated and maximum value and how call-offs are made.
public struct Contract: Hashable, Sendable {
    public var id: UUID
    /// The contract's number in the office's register, e.g. `UK 2026/0001-1`.
    public var reference: String
    public var title: String
    public var description: String
    public var cpv: CPVCode
    public var framework: Bool
    /// The tender and lot it was awarded in; nil for a direct award.
    public var tenderID: UUID?
    public var lotID: UUID?
    public var start: CalendarDate
    /// The last day of the initial period, before any option.
    public var end: CalendarDate
    public var options: [ContractOption]
    public var estimatedValue: Money
    /// A framework agreement's maximum value (CJEU C-23/20): it has no effect beyond it.
    public var maximumValue: Money?
    public var callOffMethod: CallOffMethod
    /// The office's contract manager (*avtalsansvarig*).
    public var managerID: UUID?
    /// When the office made the contract active, after checking its suppliers.
    public var activatedAt: Date?
    /// The day the contract was terminated early, if it was.
    public var terminatedOn: CalendarDate?
    /// The assignment that procures its successor, once the committee has given one.
    public var successorAssignmentID: UUID?
    public var supplierIDs: [UUID]
    public var partyIDs: [UUID]

    public init(
        id: UUID, reference: String, title: String, description: String = "", cpv: CPVCode, framework: Bool,
        tenderID: UUID? = nil, lotID: UUID? = nil, start: CalendarDate, end: CalendarDate, options: [ContractOption] = [],
        estimatedValue: Money, maximumValue: Money? = nil, callOffMethod: CallOffMethod, managerID: UUID? = nil,
        activatedAt: Date? = nil, terminatedOn: CalendarDate? = nil, successorAssignmentID: UUID? = nil,
        supplierIDs: [UUID], partyIDs: [UUID]
    ) {
        self.id = id
        self.reference = reference
        self.title = title
        self.description = description
        self.cpv = cpv
        self.framework = framework
        self.tenderID = tenderID
        self.lotID = lotID
        self.start = start
        self.end = end
        self.options = options
        self.estimatedValue = estimatedValue
        self.maximumValue = maximumValue
        self.callOffMethod = callOffMethod
        self.managerID = managerID
        self.activatedAt = activatedAt
        self.terminatedOn = terminatedOn
        self.successorAssignmentID = successorAssignmentID
        self.supplierIDs = supplierIDs
        self.partyIDs = partyIDs
    }

    public var isDirectAward: Bool { tenderID == nil }

    /// The last day as things stand: the initial end moved by every option used, or the day
    /// of an early termination.
    public var currentEnd: CalendarDate {
        let extended = options.sorted { $0.ordinal < $1.ordinal }.filter { $0.decision == .exercised }
            .reduce(end) { Contract.extend($0, byMonths: $1.months) }
        if let terminated = terminatedOn, terminated < extended { return terminated }
        return extended
    }

    /// The last day if every option still open were used. Options are used in order, so the
    /// first declined one ends the extensions: none after it can be used any more.
    public var latestPossibleEnd: CalendarDate {
        if let terminated = terminatedOn { return min(terminated, currentEnd) }
        return options.sorted { $0.ordinal < $1.ordinal }.prefix { $0.decision != .declined }
            .reduce(end) { Contract.extend($0, byMonths: $1.months) }
    }

    /// The next option that may still be used: options are used in order, so the first one not
    /// exercised, if it is still open (after a declined one, none is; the database's
    /// `contract_options_guard` refuses a decision on it).
    public var nextOpenOption: ContractOption? {
        guard terminatedOn == nil else { return nil }
        return options.sorted { $0.ordinal < $1.ordinal }.first { $0.decision != .exercised }.flatMap { $0.decision == .open ? $0 : nil }
    }

    /// The last day after extending a period that ends on `last` by `months` whole months:
    /// counted from the day after, as `ContractPeriod` counts a period, so that a period ending
    /// on the last day of a month ends on the last day of a month again (30 April plus six
    /// months is 31 October; 28 February 2023 plus a year is 29 February 2024).
    static func extend(_ last: CalendarDate, byMonths months: Int) -> CalendarDate {
        guard let next = last.adding(days: 1), let moved = next.adding(months: months), let end = moved.adding(days: -1) else {
            return last
        }
        return end
    }

    /// How the initial period and options read, e.g. "2 + 1 + 1 år".
    public var periodDescription: String {
        let initial = ContractPeriod.months(from: start, through: end)
        let parts = [initial] + options.sorted { $0.ordinal < $1.ordinal }.map(\.months)
        if parts.allSatisfy({ $0 % 12 == 0 }) {
            return parts.map { String($0 / 12) }.joined(separator: " + ") + " år"
        }
        return parts.map(String.init).joined(separator: " + ") + " mån"
    }

    public func status(on date: CalendarDate) -> ContractStatus {
        if activatedAt == nil { return .draft }
        if let terminated = terminatedOn, terminated < date { return .terminated }
        if date < start { return .signed }
        if date > currentEnd { return .expired }
        return .active
    }

    /// Whether the contract ends within `months` of `date` with no successor assignment given:
    /// the office and its parties must decide soon what follows it.
    public func needsSuccessor(on date: CalendarDate, withinMonths months: Int) -> Bool {
        guard successorAssignmentID == nil, [.active, .signed].contains(status(on: date)),
              let horizon = date.adding(months: months) else { return false }
        return currentEnd <= horizon
    }
}

/// An extension option (*förlängningsoption*): the third and fourth year of a "2 + 1 + 1".
public struct ContractOption: Hashable, Sendable {
    /// 1 for the first option, 2 for the second …; used in that order.
    public var ordinal: Int
    public var months: Int
    public var decision: OptionDecision
    public var decidedOn: CalendarDate?

    public init(ordinal: Int, months: Int, decision: OptionDecision = .open, decidedOn: CalendarDate? = nil) {
        self.ordinal = ordinal
        self.months = months
        self.decision = decision
        self.decidedOn = decidedOn
    }
}

public enum OptionDecision: String, Codable, Sendable, CaseIterable {
    case open, exercised, declined

    public var swedishName: String {
        switch self {
        case .open: "Ej beslutad"
        case .exercised: "Utnyttjad"
        case .declined: "Avstådd"
        }
    }
}

/// How a member calls off from a framework agreement with several suppliers.
public enum CallOffMethod: String, Codable, Sendable, CaseIterable {
    /// *Rangordning*: the first-ranked supplier first, the next when it cannot deliver.
    case ranking
    /// *Förnyad konkurrensutsättning*: the suppliers compete again for each call-off.
    case renewedCompetition = "renewed_competition"
    /// Ranking up to a value, renewed competition above it (*kombination*).
    case combined
    /// One supplier: every call-off goes to it.
    case singleSupplier = "single_supplier"

    public var swedishName: String {
        switch self {
        case .ranking: "Rangordning"
        case .renewedCompetition: "Förnyad konkurrensutsättning"
        case .combined: "Rangordning och förnyad konkurrensutsättning"
        case .singleSupplier: "En leverantör"
        }
    }
}

public enum ContractStatus: String, Codable, Sendable, CaseIterable {
    /// Registered, not yet activated by the office.
    case draft
    /// Activated, its period not yet begun.
    case signed
    case active
    case expired
    case terminated

    public var swedishName: String {
        switch self {
        case .draft: "Utkast"
        case .signed: "Tecknat, ej påbörjat"
        case .active: "Gällande"
        case .expired: "Upphört"
        case .terminated: "Uppsagt"
        }
    }
}

extension Contract {
    /// What the overlap rule needs of a contract: its parties, category and the period it now
    /// runs (options used so far).
    public var summary: ContractSummary? {
        guard let period = try? ContractPeriod(start: start, months: ContractPeriod.months(from: start, through: currentEnd)) else {
            return nil
        }
        return ContractSummary(id: id, organisationIDs: partyIDs, cpv: cpv, period: period)
    }
}
