/// Why a contract period is refused.
public enum ContractPeriodProblem: Error, Hashable, Sendable {
    /// The base period must be at least one month.
    case baseTooShort(months: Int)
    /// Every extension (option) must be at least one month.
    case optionTooShort(months: Int)
    /// More than `ContractPeriod.maximumTotalMonths` months in all.
    case tooLong(totalMonths: Int)
    /// The last day would fall after 9999-12-31.
    case endsOutsideCalendar

    public var swedishMessage: String {
        switch self {
        case .baseTooShort(let months):
            "Avtalsperioden måste vara minst en månad (angivet: \(months))."
        case .optionTooShort(let months):
            "Varje förlängning måste vara minst en månad (angivet: \(months))."
        case .tooLong(let total):
            "Avtalsperioden med förlängningar blir \(total) månader. Ange högst \(ContractPeriod.maximumTotalMonths) månader."
        case .endsOutsideCalendar:
            "Avtalsperioden slutar efter år 9999. Kontrollera startdatum och längd."
        }
    }
}

extension ContractPeriodProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case .baseTooShort(let months): "the base period must be at least 1 month, got \(months)"
        case .optionTooShort(let months): "every option must be at least 1 month, got \(months)"
        case .tooLong(let total): "the period with options is \(total) months, more than \(ContractPeriod.maximumTotalMonths)"
        case .endsOutsideCalendar: "the period would end after 9999-12-31"
        }
    }
}

/// A contract's duration: a base period (*avtalsperiod*) and the extensions the buyer may use
/// (*förlängningsoptioner*), e.g. "2+1+1 years" is `months: 24, optionMonths: [12, 12]`.
///
/// The value of a contract counts every extension as if it were used (LOU 5 kap.), so `end`
/// is the last day with all options.
public struct ContractPeriod: Hashable, Sendable, Codable {
    /// The first day of the contract.
    public var start: CalendarDate
    /// The base period in months.
    public var months: Int
    /// The extensions in months, in the order they may be used.
    public var optionMonths: [Int]

    /// No period may exceed a century: a bound that keeps the date and value arithmetic exact
    /// and catches years typed as months.
    public static let maximumTotalMonths = 1200

    /// Checks and builds a period: the base and every option at least one month, at most
    /// `maximumTotalMonths` in all, ending by 9999-12-31.
    public init(start: CalendarDate, months: Int, optionMonths: [Int] = []) throws(ContractPeriodProblem) {
        guard months >= 1 else { throw .baseTooShort(months: months) }
        if let short = optionMonths.first(where: { $0 < 1 }) { throw .optionTooShort(months: short) }
        var total = months
        for option in optionMonths {
            let (sum, overflow) = total.addingReportingOverflow(option)
            guard !overflow else { throw .tooLong(totalMonths: Int.max) }
            total = sum
        }
        guard total <= ContractPeriod.maximumTotalMonths else { throw .tooLong(totalMonths: total) }
        guard start.adding(months: total) != nil else { throw .endsOutsideCalendar }
        self.start = start
        self.months = months
        self.optionMonths = optionMonths
    }

    /// The same as `init(start:months:optionMonths:)`.
    public static func make(start: CalendarDate, months: Int, optionMonths: [Int] = []) throws(ContractPeriodProblem) -> ContractPeriod {
        try ContractPeriod(start: start, months: months, optionMonths: optionMonths)
    }

    /// The base period and every option.
    public var totalMonths: Int { optionMonths.reduce(months, +) }

    /// The last day with every option used: `start` plus `totalMonths` months, minus one day
    /// (PostgreSQL: `start + make_interval(months => total) - 1`). A period from 2026-01-01 of
    /// 12 months ends 2026-12-31.
    public var end: CalendarDate { ContractPeriod.lastDay(from: start, months: totalMonths) }

    /// The last day of the base period, before any option.
    public var baseEnd: CalendarDate { ContractPeriod.lastDay(from: start, months: months) }

    /// Whether the two periods (with options) share at least one day.
    public func overlaps(_ other: ContractPeriod) -> Bool {
        start <= other.end && other.start <= end
    }

    /// A validated period always has an answer; one whose fields were later changed past the
    /// calendar ends on 9999-12-31 rather than trapping, which still never ends before it starts.
    private static func lastDay(from start: CalendarDate, months: Int) -> CalendarDate {
        guard let next = start.adding(months: max(months, 1)), let last = next.adding(days: -1) else {
            return CalendarDate.latest
        }
        return max(last, start)
    }

    private enum CodingKeys: String, CodingKey { case start, months, optionMonths }

    /// Decoding applies the same checks as `init`, so no invalid period enters from JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(CalendarDate.self, forKey: .start)
        let months = try container.decode(Int.self, forKey: .months)
        let options = try container.decodeIfPresent([Int].self, forKey: .optionMonths) ?? []
        do {
            try self.init(start: start, months: months, optionMonths: options)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .months, in: container, debugDescription: "Invalid contract period: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(months, forKey: .months)
        try container.encode(optionMonths, forKey: .optionMonths)
    }
}
