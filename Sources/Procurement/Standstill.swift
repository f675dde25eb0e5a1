/// The standstill (*avtalsspärr*) after an award decision (LOU 20 kap. 1 §): no contract may be
/// signed until ten days have passed since the decision was sent, fifteen when it was sent by
/// other than electronic means; a period whose last day is a Saturday, Sunday, public holiday,
/// midsommarafton, julafton or nyårsafton ends on the next weekday instead (lag 1930:173).
public enum Standstill {
    public static func lastDay(decisionSentOn sent: CalendarDate, electronically: Bool) -> CalendarDate {
        SwedishCalendar.deadline(endingOn: sent.adding(days: electronically ? 10 : 15) ?? .latest)
    }

    /// The first day the contract may be signed.
    public static func firstContractDay(decisionSentOn sent: CalendarDate, electronically: Bool) -> CalendarDate {
        let last = lastDay(decisionSentOn: sent, electronically: electronically)
        return last.adding(days: 1) ?? last
    }
}
