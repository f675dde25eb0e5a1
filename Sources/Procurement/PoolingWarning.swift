import Foundation

/// Something a procurer should look at before pooling or awarding: advice, not a refusal.
public enum PoolingWarning: Hashable, Sendable {
    /// A framework agreement longer than four years with its options (LOU 7 kap. 2 §).
    case frameworkLongerThanFourYears(totalMonths: Int)
    /// A framework agreement without a maximum value (CJEU C-23/20).
    case frameworkWithoutMaximum
    /// The maximum value is below the estimated value.
    case maximumBelowEstimate(estimated: Money, maximum: Money)
    /// An organisation's direct purchases of one CPV group within twelve months add up to more
    /// than the direct-award limit: purchases of the same kind must be counted together.
    case directPurchasesPassLimit(organisationID: UUID, cpvGroup: String, total: Money, limit: Money, from: CalendarDate, to: CalendarDate)
    /// A need overlaps a contract in the same CPV group that its organisation is already party to.
    case overlapsContract(needID: UUID, contractID: UUID, cpvGroup: String)

    /// The warning in plain Swedish, with what to do about it.
    public var swedishMessage: String {
        switch self {
        case .frameworkLongerThanFourYears(let months):
            "Ramavtalet löper \(months) månader med alla förlängningar. Ett ramavtal får gälla i högst fyra år "
                + "(48 månader) om det inte finns särskilda skäl (LOU 7 kap. 2 §). Korta avtalstiden "
                + "eller dokumentera de särskilda skälen."
        case .frameworkWithoutMaximum:
            "Ange ett högsta värde för ramavtalet. Ett ramavtal ska ange både ett uppskattat och ett högsta "
                + "värde eller en högsta kvantitet, och när det högsta värdet är nått upphör avtalet att gälla "
                + "(EU-domstolen, mål C-23/20)."
        case let .maximumBelowEstimate(estimated, maximum):
            "Ramavtalets högsta värde (\(maximum)) är lägre än det uppskattade värdet (\(estimated)). "
                + "Höj det högsta värdet eller se över uppskattningen."
        case let .directPurchasesPassLimit(_, group, total, limit, from, to):
            "Organisationens direktupphandlingar inom CPV-grupp \(group) uppgår till \(total) under perioden "
                + "\(from)–\(to), vilket är mer än direktupphandlingsgränsen \(limit). Direktupphandlingar av "
                + "samma slag ska räknas samman. Överväg en upphandling, gärna gemensam med andra medlemmar."
        case let .overlapsContract(_, _, group):
            "Behovet överlappar i tid ett avtal inom samma CPV-grupp (\(group)) som organisationen redan är "
                + "part i. Kontrollera om behovet kan täckas av det avtalet innan en ny upphandling påbörjas."
        }
    }
}
