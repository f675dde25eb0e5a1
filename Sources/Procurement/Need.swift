import Foundation

/// A need (*behov*, *behovsanmälan*) a member registers that no plan item covers: what it will
/// buy, how much a year, from when and for how long.
public struct Need: Hashable, Sendable {
    public var id: UUID
    public var organisationID: UUID
    public var cpv: CPVCode
    public var title: String
    public var description: String
    public var volume: Volume
    /// The wanted start and length (no options: those are the office's to set).
    public var period: ContractPeriod
    public var status: NeedStatus
    /// The pooled procurement the office put it in, if any.
    public var pooledProcurementID: UUID?
    public var createdBy: UUID
    public var createdAt: Date

    public init(
        id: UUID, organisationID: UUID, cpv: CPVCode, title: String, description: String, volume: Volume,
        period: ContractPeriod, status: NeedStatus = .submitted, pooledProcurementID: UUID? = nil,
        createdBy: UUID, createdAt: Date
    ) {
        self.id = id
        self.organisationID = organisationID
        self.cpv = cpv
        self.title = title
        self.description = description
        self.volume = volume
        self.period = period
        self.status = status
        self.pooledProcurementID = pooledProcurementID
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// What the pooling rules need to know of it.
    public var summary: NeedSummary {
        NeedSummary(id: id, organisationID: organisationID, cpv: cpv, period: period, yearlyValue: volume.yearlyValue)
    }
}

public enum NeedStatus: String, Sendable, Codable, CaseIterable {
    case submitted
    case withdrawn

    public var swedishName: String {
        switch self {
        case .submitted: "Anmält"
        case .withdrawn: "Återkallat"
        }
    }
}
