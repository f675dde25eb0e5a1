/// Whole-day and whole-month arithmetic on calendar dates, in the proleptic Gregorian calendar,
/// with integers only (no `Date`, no time zones: a contract day is a day).
extension CalendarDate {
    /// The date `months` months later (earlier when negative), the day clamped to the end of the
    /// month: `2026-01-31` plus one month is `2026-02-28`. This is what PostgreSQL's
    /// `date + interval 'n months'` does, so the database and the rules agree.
    ///
    /// `nil` when the result falls outside the years 1–9999 that `CalendarDate` holds.
    public func adding(months: Int) -> CalendarDate? {
        let (shifted, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        guard !overflow else { return nil }
        let newYear = shifted >= 0 ? shifted / 12 : (shifted - 11) / 12
        let newMonth = shifted - newYear * 12 + 1
        guard (1...9999).contains(newYear) else { return nil }
        return CalendarDate(year: newYear, month: newMonth, day: min(day, CalendarDate.daysIn(month: newMonth, year: newYear)))
    }

    /// The date `days` days later (earlier when negative); `nil` outside the years 1–9999.
    public func adding(days: Int) -> CalendarDate? {
        let (number, overflow) = dayNumber.addingReportingOverflow(days)
        guard !overflow else { return nil }
        return CalendarDate(dayNumber: number)
    }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(until other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// Days since 1970-01-01 (negative before), the civil-from-days algorithm of Howard Hinnant.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01; `nil` outside the years 1–9999.
    public init?(dayNumber: Int) {
        // Outside this range the year is far beyond 1–9999; refusing early keeps the arithmetic safe.
        guard (-1_000_000_000...1_000_000_000).contains(dayNumber) else { return nil }
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }

    /// The first and the last day `CalendarDate` can hold.
    public static let earliest = CalendarDate(year: 1, month: 1, day: 1)!
    public static let latest = CalendarDate(year: 9999, month: 12, day: 31)!
}
