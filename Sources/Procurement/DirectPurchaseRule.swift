import Foundation

/// A purchase an organisation made by direct award (*direktupphandling*).
public struct DirectPurchase: Hashable, Sendable, Codable {
    public var id: UUID
    public var organisationID: UUID
    public var cpv: CPVCode
    /// The day of the contract.
    public var date: CalendarDate
    /// The contract's value, excluding VAT.
    public var value: Money

    public init(id: UUID, organisationID: UUID, cpv: CPVCode, date: CalendarDate, value: Money) {
        self.id = id
        self.organisationID = organisationID
        self.cpv = cpv
        self.date = date
        self.value = value
    }
}

/// Watches for direct purchases that together pass the direct-award limit.
///
/// LOU counts direct purchases "of the same kind" made during the financial year together.
/// A CPV group stands in for "the same kind", and a rolling window stands in for the financial
/// year: any financial year of twelve months lies inside the window that ends on its last
/// purchase, so a year over the limit is always caught, and usually earlier.
public enum DirectPurchaseRule {
    /// One warning per organisation and CPV group whose purchases in some window of
    /// `windowMonths` months exceed the direct-award limit valid on the window's last day
    /// (a total equal to the limit is still allowed). A window ends on a purchase's date and
    /// starts `windowMonths` months earlier plus one day; the warning names the window with the
    /// largest total (on a tie, the earliest). Windows whose limit is unknown (`limit` returns
    /// `nil`) are skipped: no limit is guessed. Sorted by organisation (`uuidString`), then group.
    /// `windowMonths` below 1 is a programming error and traps.
    public static func warnings(_ purchases: [DirectPurchase], limit: (CalendarDate) -> Money?, windowMonths: Int = 12) -> [PoolingWarning] {
        precondition(windowMonths >= 1, "a window of direct purchases is at least one month")
        struct Key: Hashable { var organisationID: UUID; var group: String }
        var warnings: [(key: Key, warning: PoolingWarning)] = []
        for (key, items) in Dictionary(grouping: purchases, by: { Key(organisationID: $0.organisationID, group: $0.cpv.group) }) {
            let sorted = items.sorted { $0.date < $1.date }
            // prefix[i] is the exact sum of the first i purchases.
            var prefix: [Int128] = [0]
            for purchase in sorted { prefix.append(prefix.last! + Int128(purchase.value.ore)) }
            var best: (total: Int128, limit: Money, from: CalendarDate, to: CalendarDate)?
            var first = 0
            var index = 0
            while index < sorted.count {
                let end = sorted[index].date
                // Every purchase on the window's last day belongs to the window.
                var last = index
                while last + 1 < sorted.count, sorted[last + 1].date == end { last += 1 }
                let from = end.adding(months: -windowMonths)?.adding(days: 1) ?? CalendarDate.earliest
                while sorted[first].date < from { first += 1 }
                let total = prefix[last + 1] - prefix[first]
                if let limit = limit(end), total > Int128(limit.ore), total > best?.total ?? Int128.min {
                    best = (total, limit, from, end)
                }
                index = last + 1
            }
            if let best {
                warnings.append((key, .directPurchasesPassLimit(
                    organisationID: key.organisationID, cpvGroup: key.group, total: Money(saturating: best.total),
                    limit: best.limit, from: best.from, to: best.to)))
            }
        }
        return warnings
            .sorted { ($0.key.organisationID.uuidString, $0.key.group) < ($1.key.organisationID.uuidString, $1.key.group) }
            .map(\.warning)
    }
}
