import Foundation

/// A tender (*upphandling*, *anbudsförfarande*): how the office buys what an assignment asks
/// for. Its stages are dates in a `TenderSchedule`; the bids it receives are secret until the
/// award decision (OSL 19 kap. 3 §), which the database enforces, not this type.
public struct Tender: Hashable, Sendable {
    public var id: UUID
    public var title: String
    public var description: String
    public var cpv: CPVCode
    public var contractType: ContractType
    public var procedure: TenderProcedure
    public var framework: Bool
    /// The committee's assignment the tender carries out, if any.
    public var assignmentID: UUID?
    /// The pooled procurement whose participants become the contracts' parties, if any.
    public var pooledProcurementID: UUID?
    public var estimatedValue: Money?
    public var schedule: TenderSchedule

    public init(
        id: UUID, title: String, description: String = "", cpv: CPVCode, contractType: ContractType,
        procedure: TenderProcedure, framework: Bool, assignmentID: UUID? = nil, pooledProcurementID: UUID? = nil,
        estimatedValue: Money? = nil, schedule: TenderSchedule
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.cpv = cpv
        self.contractType = contractType
        self.procedure = procedure
        self.framework = framework
        self.assignmentID = assignmentID
        self.pooledProcurementID = pooledProcurementID
        self.estimatedValue = estimatedValue
        self.schedule = schedule
    }
}

/// The kind of procedure a tender follows (LOU 6 kap. and 19 kap.).
public enum TenderProcedure: String, Codable, Sendable, CaseIterable {
    /// *Öppet förfarande*: anyone may tender.
    case open
    /// *Selektivt förfarande*: candidates apply, those selected tender.
    case restricted
    /// *Förhandlat förfarande med föregående annonsering*.
    case negotiated
    /// *Konkurrenspräglad dialog*.
    case competitiveDialogue = "competitive_dialogue"
    /// *Förenklat förfarande*: the national procedure below the EU thresholds (LOU 19 kap.).
    case simplified
    /// *Urvalsförfarande* (LOU 19 kap.): the national two-step procedure.
    case selection

    public var swedishName: String {
        switch self {
        case .open: "Öppet förfarande"
        case .restricted: "Selektivt förfarande"
        case .negotiated: "Förhandlat förfarande"
        case .competitiveDialogue: "Konkurrenspräglad dialog"
        case .simplified: "Förenklat förfarande"
        case .selection: "Urvalsförfarande"
        }
    }

    /// Whether candidates are selected before they may tender.
    public var isSelective: Bool {
        switch self {
        case .open, .simplified: false
        case .restricted, .negotiated, .competitiveDialogue, .selection: true
        }
    }
}

/// A lot (*delområde*): a part of a tender awarded on its own, to its own supplier(s).
public struct Lot: Hashable, Sendable {
    public var id: UUID
    public var tenderID: UUID
    /// 1, 2, 3 … within the tender.
    public var number: Int
    public var title: String
    public var estimatedValue: Money?

    public init(id: UUID, tenderID: UUID, number: Int, title: String, estimatedValue: Money? = nil) {
        self.id = id
        self.tenderID = tenderID
        self.number = number
        self.title = title
        self.estimatedValue = estimatedValue
    }
}

/// A bid (*anbud*) for one lot: who tendered and at what price (the evaluated price, SEK
/// excluding VAT). Nobody reads one before the opening, and only the office until the award.
public struct Bid: Hashable, Sendable {
    public var id: UUID
    public var tenderID: UUID
    public var lotID: UUID
    public var supplierID: UUID
    public var price: Money
    public var receivedAt: Date
    /// Whether the award decision names this bid the winner of its lot.
    public var awarded: Bool

    public init(id: UUID, tenderID: UUID, lotID: UUID, supplierID: UUID, price: Money, receivedAt: Date, awarded: Bool = false) {
        self.id = id
        self.tenderID = tenderID
        self.lotID = lotID
        self.supplierID = supplierID
        self.price = price
        self.receivedAt = receivedAt
        self.awarded = awarded
    }
}

/// The metadata of a procurement document; the files themselves live in the e-tendering system.
public struct TenderDocument: Hashable, Sendable {
    public var id: UUID
    public var tenderID: UUID
    public var kind: TenderDocumentKind
    public var title: String
    /// Where the document is: the ad database's or e-tendering system's reference or address.
    public var reference: String
    public var dated: CalendarDate

    public init(id: UUID, tenderID: UUID, kind: TenderDocumentKind, title: String, reference: String, dated: CalendarDate) {
        self.id = id
        self.tenderID = tenderID
        self.kind = kind
        self.title = title
        self.reference = reference
        self.dated = dated
    }
}

public enum TenderDocumentKind: String, Codable, Sendable, CaseIterable {
    /// *Annons*
    case notice
    /// *Upphandlingsdokument*
    case procurementDocuments = "procurement_documents"
    /// *Förtydligande / frågor och svar*
    case clarification
    /// *Utvärderingsrapport*
    case evaluationReport = "evaluation_report"
    /// *Tilldelningsbeslut*
    case awardDecision = "award_decision"
    /// *Avtal*
    case contract

    public var swedishName: String {
        switch self {
        case .notice: "Annons"
        case .procurementDocuments: "Upphandlingsdokument"
        case .clarification: "Frågor och svar"
        case .evaluationReport: "Utvärderingsrapport"
        case .awardDecision: "Tilldelningsbeslut"
        case .contract: "Avtal"
        }
    }
}
