extension ContractPeriod {
    /// The fewest whole months from `start` whose period covers `end` (at least one): how long
    /// a pooled contract must run to cover several members' wanted periods.
    public static func months(from start: CalendarDate, through end: CalendarDate) -> Int {
        guard start <= end else { return 1 }
        var months = max(1, (end.year - start.year) * 12 + (end.month - start.month))
        while let period = try? ContractPeriod(start: start, months: months), period.end < end { months += 1 }
        return months
    }
}
