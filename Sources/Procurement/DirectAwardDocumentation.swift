import Foundation

/// What a direct award (*direktupphandling*) of at least the documentation limit must record
/// (LOU 19 a kap.): how competition was sought, whom the office asked and how many answered,
/// who won and the main reason why. Since 2024-01-01 within 30 days of the contract.
public struct DirectAwardDocumentation: Hashable, Sendable {
    public var competitionMethod: String
    public var suppliersAsked: Int
    public var answersReceived: Int
    public var winnerReason: String
    public var documentedOn: CalendarDate

    public init(competitionMethod: String, suppliersAsked: Int, answersReceived: Int, winnerReason: String, documentedOn: CalendarDate) {
        self.competitionMethod = competitionMethod
        self.suppliersAsked = suppliersAsked
        self.answersReceived = answersReceived
        self.winnerReason = winnerReason
        self.documentedOn = documentedOn
    }

    /// The days after the contract within which the documentation is due.
    public static let daysAllowed = 30

    public enum Problem: Hashable, Sendable, Error {
        /// The value reaches the limit and nothing is documented.
        case required(limit: Money)
        case noCompetitionMethod
        case noWinnerReason
        case answersExceedAsked
        case late(dueBy: CalendarDate)

        public var message: String {
            switch self {
            case .required(let limit): "a direct award of \(limit.decimalString) SEK or more must be documented (LOU 19 a kap.)"
            case .noCompetitionMethod: "say how competition was sought"
            case .noWinnerReason: "say why the supplier was chosen"
            case .answersExceedAsked: "more answers than suppliers asked"
            case .late(let due): "the documentation was due by \(due.iso)"
            }
        }

        public var swedishMessage: String {
            switch self {
            case .required(let limit):
                "En direktupphandling värd \(limit) eller mer ska dokumenteras (LOU 19 a kap.): hur konkurrensen togs tillvara, vilka som tillfrågades, vem som valdes och varför."
            case .noCompetitionMethod: "Beskriv hur konkurrensen togs tillvara."
            case .noWinnerReason: "Ange huvudskälet till att leverantören valdes."
            case .answersExceedAsked: "Antalet svar kan inte vara fler än antalet tillfrågade leverantörer."
            case .late(let due): "Dokumentationen skulle ha upprättats senast \(due.iso)."
            }
        }
    }

    /// What is wrong with a direct award's documentation, given its value, the limit valid on
    /// its start and the day the contract was made. `late` is a warning: late documentation is
    /// still documentation, and is kept.
    public static func problems(
        _ documentation: DirectAwardDocumentation?, value: Money, limit: Money?, contractDay: CalendarDate
    ) -> [Problem] {
        guard let documentation else {
            if let limit, value >= limit { return [.required(limit: limit)] }
            return []
        }
        var problems: [Problem] = []
        if documentation.competitionMethod.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.noCompetitionMethod) }
        if documentation.winnerReason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.noWinnerReason) }
        if documentation.answersReceived > documentation.suppliersAsked { problems.append(.answersExceedAsked) }
        if let due = contractDay.adding(days: daysAllowed), documentation.documentedOn > due { problems.append(.late(dueBy: due)) }
        return problems
    }
}
