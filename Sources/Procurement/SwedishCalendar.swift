/// The Swedish calendar of working days, for deadlines: the public holidays of lag (1989:253)
/// om allmänna helgdagar, computed (Easter by the Gregorian computus), and the rule of lag
/// (1930:173) om beräkning av lagstadgad tid that a period ending on a Saturday, a Sunday, a
/// public holiday, midsommarafton, julafton or nyårsafton ends on the next weekday instead.
/// Used for the appeal period of decisions (KL 13 kap. 5 §) and the standstill after an award
/// decision (LOU 20 kap. 1 §).
public enum SwedishCalendar {
    public enum Weekday: Int, Sendable, CaseIterable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday
    }

    public static func weekday(of date: CalendarDate) -> Weekday {
        // 1970-01-01 was a Thursday (4).
        let offset = ((date.dayNumber % 7) + 7) % 7
        return Weekday(rawValue: (offset + 3) % 7 + 1)!
    }

    /// Easter Sunday (påskdagen) of `year`: the anonymous Gregorian algorithm.
    public static func easterSunday(_ year: Int) -> CalendarDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)!
    }

    /// The public holidays (allmänna helgdagar) of `year` with their Swedish names. Sundays are
    /// holidays too but not listed.
    public static func publicHolidays(_ year: Int) -> [(date: CalendarDate, name: String)] {
        let easter = easterSunday(year)
        func date(_ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }
        /// The Saturday within the seven days starting at `month`-`day`.
        func saturday(from month: Int, _ day: Int) -> CalendarDate {
            let first = date(month, day)
            let distance = (SwedishCalendar.Weekday.saturday.rawValue - weekday(of: first).rawValue + 7) % 7
            return first.adding(days: distance)!
        }
        return [
            (date(1, 1), "nyårsdagen"),
            (date(1, 6), "trettondedag jul"),
            (easter.adding(days: -2)!, "långfredagen"),
            (easter, "påskdagen"),
            (easter.adding(days: 1)!, "annandag påsk"),
            (date(5, 1), "första maj"),
            (easter.adding(days: 39)!, "Kristi himmelsfärdsdag"),
            (easter.adding(days: 49)!, "pingstdagen"),
            (date(6, 6), "Sveriges nationaldag"),
            (saturday(from: 6, 20), "midsommardagen"),
            (saturday(from: 10, 31), "alla helgons dag"),
            (date(12, 25), "juldagen"),
            (date(12, 26), "annandag jul"),
        ].sorted { $0.0 < $1.0 }
    }

    /// Whether a period may end on `date` (lag 1930:173): not a Saturday or Sunday, not a public
    /// holiday, and not midsommarafton, julafton or nyårsafton.
    public static func isDeadlineDay(_ date: CalendarDate) -> Bool {
        let day = weekday(of: date)
        guard day != .saturday, day != .sunday else { return false }
        if (date.month, date.day) == (12, 24) || (date.month, date.day) == (12, 31) { return false }
        let holidays = publicHolidays(date.year).map(\.date)
        if holidays.contains(date) { return false }
        // Midsommarafton: the Friday before midsommardagen.
        if let midsummer = holidays.first(where: { $0.month == 6 && $0.day >= 20 && weekday(of: $0) == .saturday }),
           midsummer.adding(days: -1) == date {
            return false
        }
        return true
    }

    /// The day a period that would end on `date` actually ends: `date` itself, or the next
    /// day that may end a period.
    public static func deadline(endingOn date: CalendarDate) -> CalendarDate {
        var day = date
        while !isDeadlineDay(day), let next = day.adding(days: 1) { day = next }
        return day
    }
}
