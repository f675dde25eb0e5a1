import Foundation
import Procurement

/// OCDS dates: ISO 8601 date-times with the offset of Swedish time, in which every
/// procurement date is reckoned (`2026-03-02T00:00:00+01:00`, `2026-06-30T23:59:59+02:00`).
/// Calendar days become instants: a start at the beginning of the day, an end at its last
/// second, so that a period of whole days reads as it does in Swedish documents.
struct OCDSDate: Sendable {
    let timeZone: TimeZone

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    func startOfDay(_ day: CalendarDate) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    func endOfDay(_ day: CalendarDate) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 23, minute: 59, second: 59))!
    }

    func day(of instant: Date) -> CalendarDate { CalendarDate.on(instant, timeZone: timeZone) }

    /// Whole seconds: OCDS readers compare dates as text, and sub-seconds would only add noise.
    func string(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let offset = timeZone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(pad(parts.year!, 4))-\(pad(parts.month!))-\(pad(parts.day!))T\(pad(parts.hour!)):\(pad(parts.minute!)):\(pad(parts.second!))"
            + "\(sign)\(pad(minutes / 60)):\(pad(minutes % 60))"
    }

    func start(_ day: CalendarDate) -> String { string(startOfDay(day)) }
    func end(_ day: CalendarDate) -> String { string(endOfDay(day)) }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
