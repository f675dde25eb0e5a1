/// What is being bought, as the thresholds distinguish it.
public enum ContractType: String, Codable, Sendable, CaseIterable {
    /// *varor*
    case supplies
    /// *tjänster*
    case services
    /// *byggentreprenad*
    case works
    /// *sociala tjänster och andra särskilda tjänster* (LOU bilaga 2), with a threshold of their own.
    case socialServices = "social_services"

    /// The EU threshold that applies to this type of contract.
    public var thresholdKind: ThresholdKind {
        switch self {
        case .supplies, .services: .suppliesServices
        case .works: .works
        case .socialServices: .socialServices
        }
    }

    public var swedishName: String {
        switch self {
        case .supplies: "Varor"
        case .services: "Tjänster"
        case .works: "Byggentreprenad"
        case .socialServices: "Sociala tjänster"
        }
    }
}

/// Which rules a procurement falls under, from the least to the most demanding
/// (so `Comparable`: a larger value never gives a smaller procedure).
public enum Procedure: String, Codable, Sendable, CaseIterable, Comparable {
    /// *Direktupphandling*: no formal procedure, the value is at most the direct-award limit.
    case directAward = "direct_award"
    /// The national rules (LOU or LUF 19 kap.): above the direct-award limit, below the EU threshold.
    case national = "national"
    /// The full EU rules: the value is at least the EU threshold.
    case eu = "eu"

    /// The Swedish name under LOU, the usual act for the offices' members.
    public var swedishName: String { swedishName(law: .lou) }

    /// The Swedish name, naming the act whose 19 kap. governs the national procedure.
    public func swedishName(law: ProcurementLaw) -> String {
        switch self {
        case .directAward: "Direktupphandling"
        case .national: "Upphandling enligt \(law.rawValue) 19 kap. (under tröskelvärdet)"
        case .eu: "Upphandling över EU:s tröskelvärde"
        }
    }

    private var rank: Int {
        switch self {
        case .directAward: 0
        case .national: 1
        case .eu: 2
        }
    }

    public static func < (lhs: Procedure, rhs: Procedure) -> Bool { lhs.rank < rhs.rank }
}

/// The outcome of classifying an estimated value, with the figures that decided it.
public struct Classification: Hashable, Sendable {
    public var procedure: Procedure
    /// The estimated value that was classified (excluding VAT, all options, all participants).
    public var value: Money
    /// The day whose thresholds were used.
    public var date: CalendarDate
    public var directAwardLimit: Threshold
    public var euThreshold: Threshold
    /// `directAwardLimit.sek`, which the classification required.
    public var directAwardLimitSEK: Money
    /// `euThreshold.sek`, which the classification required.
    public var euThresholdSEK: Money

    public init(
        procedure: Procedure, value: Money, date: CalendarDate, directAwardLimit: Threshold, euThreshold: Threshold,
        directAwardLimitSEK: Money, euThresholdSEK: Money
    ) {
        self.procedure = procedure
        self.value = value
        self.date = date
        self.directAwardLimit = directAwardLimit
        self.euThreshold = euThreshold
        self.directAwardLimitSEK = directAwardLimitSEK
        self.euThresholdSEK = euThresholdSEK
    }
}

/// Why a value could not be classified. The platform refuses rather than guesses.
public enum ClassificationProblem: Error, Hashable, Sendable {
    /// The table has no row of this kind valid on the date.
    case noThreshold(law: ProcurementLaw, kind: ThresholdKind, buyer: BuyerCategory, date: CalendarDate)
    /// The row exists but has no official amount in kronor (euro are never converted).
    case missingSEKAmount(Threshold)

    /// What the user should do, in Swedish.
    public var swedishMessage: String {
        switch self {
        case let .noThreshold(law, kind, buyer, date):
            "\(kind.swedishSubject) enligt \(law.rawValue) för \(buyer.swedishName.lowercased()) som gäller \(date) saknas. "
                + "Lägg till en rad i tabellen över tröskelvärden, med belopp i kronor och källa, innan upphandlingen kan klassas."
        case let .missingSEKAmount(threshold):
            "\(threshold.kind.swedishSubject) (\(threshold.law.rawValue), från \(threshold.validFrom)) "
                + (threshold.eurText.map { "finns bara i euro: \($0). " } ?? "saknar belopp i kronor. ")
                + "Ange beloppet i kronor (källa: \(threshold.source)) innan upphandlingen kan klassas."
        }
    }
}

extension ClassificationProblem: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .noThreshold(law, kind, buyer, date):
            "no \(law.rawValue) \(kind.rawValue) threshold for buyer category \(buyer.rawValue) is valid on \(date)"
        case let .missingSEKAmount(threshold):
            "the \(threshold.law.rawValue) \(threshold.kind.rawValue) threshold for buyer category \(threshold.buyer.rawValue) "
                + "valid from \(threshold.validFrom) has no SEK amount"
                + (threshold.eur.map { " (only \($0) EUR, which is not converted)" } ?? "")
                + "; enter the official SEK amount (source: \(threshold.source))"
        }
    }
}

/// Decides which rules an estimated contract value falls under.
public enum Classifier {
    /// Classifies `value` (excluding VAT, whole period with all options, all participants) on `date`.
    ///
    /// The EU rules apply when the value is equal to or greater than the EU threshold (directive
    /// 2014/24/EU art. 4); direct award is allowed when it is at most the direct-award limit
    /// ("uppgår till högst", LOU 19 a kap.); in between the national rules (19 kap.). The EU test
    /// comes first, so a table whose limit were above the threshold could never hide an EU procurement.
    /// Both figures must exist in kronor on `date`: euro are never converted.
    public static func classify(
        value: Money, law: ProcurementLaw, contractType: ContractType, buyer: BuyerCategory,
        on date: CalendarDate, thresholds: ThresholdTable
    ) throws(ClassificationProblem) -> Classification {
        guard let limit = thresholds.applicable(law: law, kind: .directAward, buyer: buyer, on: date) else {
            throw .noThreshold(law: law, kind: .directAward, buyer: buyer, date: date)
        }
        guard let eu = thresholds.applicable(law: law, kind: contractType.thresholdKind, buyer: buyer, on: date) else {
            throw .noThreshold(law: law, kind: contractType.thresholdKind, buyer: buyer, date: date)
        }
        guard let limitSEK = limit.sek else { throw .missingSEKAmount(limit) }
        guard let euSEK = eu.sek else { throw .missingSEKAmount(eu) }
        let procedure: Procedure =
            if value >= euSEK { .eu } else if value <= limitSEK { .directAward } else { .national }
        return Classification(
            procedure: procedure, value: value, date: date, directAwardLimit: limit, euThreshold: eu,
            directAwardLimitSEK: limitSEK, euThresholdSEK: euSEK)
    }
}
