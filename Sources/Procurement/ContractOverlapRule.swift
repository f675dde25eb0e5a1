import Foundation

/// What the overlap rule needs to know about a contract in force.
public struct ContractSummary: Hashable, Sendable, Codable {
    public var id: UUID
    /// The members that are parties to the contract (may call off from it).
    public var organisationIDs: [UUID]
    public var cpv: CPVCode
    public var period: ContractPeriod

    public init(id: UUID, organisationIDs: [UUID], cpv: CPVCode, period: ContractPeriod) {
        self.id = id
        self.organisationIDs = organisationIDs
        self.cpv = cpv
        self.period = period
    }
}

/// Warns when a new need may already be covered by a contract.
public enum ContractOverlapRule {
    /// One warning per need and contract where the need's organisation is a party to the contract,
    /// both are in the same CPV group and their periods share a day. In the order of `needs`,
    /// then of `contracts`.
    public static func warnings(needs: [NeedSummary], contracts: [ContractSummary]) -> [PoolingWarning] {
        var warnings: [PoolingWarning] = []
        for need in needs {
            for contract in contracts
            where contract.cpv.group == need.cpv.group
                && contract.organisationIDs.contains(need.organisationID)
                && contract.period.overlaps(need.period) {
                warnings.append(.overlapsContract(needID: need.id, contractID: contract.id, cpvGroup: need.cpv.group))
            }
        }
        return warnings
    }
}
