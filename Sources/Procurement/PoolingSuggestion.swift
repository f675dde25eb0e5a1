import Foundation

/// What the pooling rules need to know about a need (*behov*) a member has registered.
public struct NeedSummary: Hashable, Sendable, Codable {
    public var id: UUID
    public var organisationID: UUID
    public var cpv: CPVCode
    /// When the need must be covered, with any extensions.
    public var period: ContractPeriod
    /// The estimated value per year, excluding VAT.
    public var yearlyValue: Money

    public init(id: UUID, organisationID: UUID, cpv: CPVCode, period: ContractPeriod, yearlyValue: Money) {
        self.id = id
        self.organisationID = organisationID
        self.cpv = cpv
        self.period = period
        self.yearlyValue = yearlyValue
    }
}

/// Needs of several members that could be procured together (*samordnad upphandling*): same
/// CPV group, periods overlapping one another.
public struct PoolingSuggestion: Hashable, Sendable {
    /// The first three digits of the CPV codes.
    public var cpvGroup: String
    /// The needs, by start date (then end, then id).
    public var needs: [NeedSummary]
    /// The distinct organisations, sorted by `UUID.uuidString`.
    public var organisationIDs: [UUID]
    public var earliestStart: CalendarDate
    public var latestEnd: CalendarDate
    /// The needs' yearly values added up.
    public var yearlyValue: Money

    public init(
        cpvGroup: String, needs: [NeedSummary], organisationIDs: [UUID], earliestStart: CalendarDate,
        latestEnd: CalendarDate, yearlyValue: Money
    ) {
        self.cpvGroup = cpvGroup
        self.needs = needs
        self.organisationIDs = organisationIDs
        self.earliestStart = earliestStart
        self.latestEnd = latestEnd
        self.yearlyValue = yearlyValue
    }
}

/// Finds needs worth pooling.
public enum PoolingSuggester {
    /// Groups needs by CPV group, joins those whose periods (with options) overlap, also through
    /// one another (A overlaps B, B overlaps C: one suggestion), and keeps the groups with at least
    /// `minimumOrganisations` distinct organisations. Every need is in at most one suggestion.
    ///
    /// Largest yearly value first, then by CPV group, then by earliest start: the same needs
    /// always give the same list, whatever their order.
    public static func suggest(_ needs: [NeedSummary], minimumOrganisations: Int = 2) -> [PoolingSuggestion] {
        var suggestions: [PoolingSuggestion] = []
        for (group, members) in Dictionary(grouping: needs, by: \.cpv.group) {
            let sorted = members.sorted {
                ($0.period.start, $0.period.end, $0.id.uuidString) < ($1.period.start, $1.period.end, $1.id.uuidString)
            }
            var cluster: [NeedSummary] = []
            var clusterEnd = CalendarDate.earliest
            func close() {
                guard !cluster.isEmpty else { return }
                let organisations = Set(cluster.map(\.organisationID)).sorted { $0.uuidString < $1.uuidString }
                if organisations.count >= minimumOrganisations {
                    suggestions.append(PoolingSuggestion(
                        cpvGroup: group, needs: cluster, organisationIDs: organisations,
                        earliestStart: cluster[0].period.start, latestEnd: clusterEnd,
                        yearlyValue: .saturatingSum(cluster.map(\.yearlyValue))))
                }
                cluster = []
            }
            for need in sorted {
                if !cluster.isEmpty, need.period.start > clusterEnd { close() }
                clusterEnd = cluster.isEmpty ? need.period.end : max(clusterEnd, need.period.end)
                cluster.append(need)
            }
            close()
        }
        return suggestions.sorted { a, b in
            if a.yearlyValue != b.yearlyValue { return a.yearlyValue > b.yearlyValue }
            if a.cpvGroup != b.cpvGroup { return a.cpvGroup < b.cpvGroup }
            if a.earliestStart != b.earliestStart { return a.earliestStart < b.earliestStart }
            return a.needs[0].id.uuidString < b.needs[0].id.uuidString
        }
    }
}
