/// The two Swedish procurement acts whose thresholds the platform knows.
public enum ProcurementLaw: String, Codable, Sendable, CaseIterable {
    /// *Lagen om offentlig upphandling* (2016:1145): the classic sector.
    case lou = "LOU"
    /// *Lagen om upphandling inom försörjningssektorerna* (2016:1146): water, energy, transport, postal services.
    case luf = "LUF"
}

/// What a threshold row limits.
public enum ThresholdKind: String, Codable, Sendable, CaseIterable {
    /// *Direktupphandlingsgräns*: up to this value a contract may be awarded directly.
    case directAward = "direct_award"
    /// The EU threshold for supplies and services.
    case suppliesServices = "supplies_services"
    /// The EU threshold for works (*byggentreprenader*).
    case works
    /// The EU threshold for social and other specific services (LOU 19 kap., annex 2).
    case socialServices = "social_services"
    /// *Dokumentationsplikt*: a direct award of at least this value must be documented
    /// (LOU 19 a kap.): how competition was sought, who was asked, who won and why.
    case directAwardDocumentation = "direct_award_documentation"

    public var swedishName: String {
        switch self {
        case .directAward: "Direktupphandlingsgräns"
        case .suppliesServices: "Varor och tjänster"
        case .works: "Byggentreprenader"
        case .socialServices: "Sociala tjänster och andra särskilda tjänster"
        case .directAwardDocumentation: "Dokumentationsplikt vid direktupphandling"
        }
    }

    /// The figure's name as a sentence begins with it: "Tröskelvärdet för varor och tjänster".
    var swedishSubject: String {
        switch self {
        case .directAward: "Direktupphandlingsgränsen"
        case .suppliesServices: "Tröskelvärdet för varor och tjänster"
        case .works: "Tröskelvärdet för byggentreprenader"
        case .socialServices: "Tröskelvärdet för sociala tjänster och andra särskilda tjänster"
        case .directAwardDocumentation: "Gränsen för dokumentationsplikt vid direktupphandling"
        }
    }
}

/// Which buyers a threshold row applies to. The EU sets a lower supplies-and-services threshold
/// for central government than for everyone else.
public enum BuyerCategory: String, Codable, Sendable, CaseIterable {
    /// Every contracting authority.
    case all
    /// Central government authorities (*statliga myndigheter*, annex 1 of directive 2014/24/EU).
    case central
    /// Everyone else: municipalities, regions, their companies and associations.
    case subCentral = "sub_central"

    public var swedishName: String {
        switch self {
        case .all: "Alla upphandlande myndigheter"
        case .central: "Statliga myndigheter"
        case .subCentral: "Kommuner, regioner och övriga upphandlande myndigheter"
        }
    }
}

/// One row of the threshold table: a figure of law with its validity and source.
///
/// The EU fixes thresholds in euro and the Commission publishes the official amount in kronor.
/// Only the kronor amount (`sek`) may decide a procedure: euro are never converted here.
public struct Threshold: Hashable, Sendable, Codable {
    public var law: ProcurementLaw
    public var kind: ThresholdKind
    public var buyer: BuyerCategory
    /// The first day the figure applies.
    public var validFrom: CalendarDate
    /// The last day the figure applies; `nil` until it is replaced.
    public var validTo: CalendarDate?
    /// The figure in whole euro, where the EU sets it in euro.
    public var eur: Int64?
    /// The official figure in kronor; `nil` until an administrator enters it.
    public var sek: Money?
    /// Where the figure comes from, so that anyone can check it.
    public var source: String

    public init(
        law: ProcurementLaw, kind: ThresholdKind, buyer: BuyerCategory, validFrom: CalendarDate,
        validTo: CalendarDate?, eur: Int64?, sek: Money?, source: String
    ) {
        self.law = law
        self.kind = kind
        self.buyer = buyer
        self.validFrom = validFrom
        self.validTo = validTo
        self.eur = eur
        self.sek = sek
        self.source = source
    }

    /// Whether the figure applies on `date`; `validTo` is the last day it does.
    public func isValid(on date: CalendarDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }

    /// The euro figure as a Swede writes it, `216 000 EUR`; `nil` when there is none.
    public var eurText: String? {
        eur.map { Threshold.grouped($0) + "\u{00A0}EUR" }
    }

    /// Digits in groups of three, separated like `Money`'s kronor (narrow no-break space).
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append("\u{202F}") }
            text.append(character)
        }
        return (value < 0 ? "−" : "") + text
    }
}

/// The thresholds known to the platform, to look up the one that applies on a day.
public struct ThresholdTable: Sendable {
    public let thresholds: [Threshold]

    public init(_ thresholds: [Threshold]) {
        self.thresholds = thresholds
    }

    /// The row that applies to `buyer` on `date`.
    ///
    /// A row for the buyer's own category wins over a row for `.all`; among rows of the same
    /// standing the latest `validFrom` wins (a new figure replaces an old one even if the old
    /// row was left open-ended). Remaining ties go to the later `validTo` (open-ended last), then
    /// the source text, so the answer never depends on the order of the rows.
    public func applicable(law: ProcurementLaw, kind: ThresholdKind, buyer: BuyerCategory, on date: CalendarDate) -> Threshold? {
        let candidates = thresholds.filter {
            $0.law == law && $0.kind == kind && ($0.buyer == buyer || $0.buyer == .all) && $0.isValid(on: date)
        }
        return candidates.max { a, b in
            let aExact = a.buyer == buyer, bExact = b.buyer == buyer
            if aExact != bExact { return bExact }
            if a.validFrom != b.validFrom { return a.validFrom < b.validFrom }
            if a.validTo != b.validTo {
                guard let aTo = a.validTo else { return false }
                guard let bTo = b.validTo else { return true }
                return aTo < bTo
            }
            return a.source < b.source
        }
    }

    /// The direct-award limit in kronor for `buyer` on `date`, if the table has one in kronor.
    /// Shaped to be the `limit` of `DirectPurchaseRule.warnings`.
    public func directAwardLimit(law: ProcurementLaw, buyer: BuyerCategory, on date: CalendarDate) -> Money? {
        applicable(law: law, kind: .directAward, buyer: buyer, on: date)?.sek
    }
}
