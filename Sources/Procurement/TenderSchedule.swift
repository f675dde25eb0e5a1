import Foundation

/// The dates of a tender's stages. Each stage is set when it happens (or is planned); a later
/// stage needs the earlier ones, and the dates must follow each other. The deadline and the
/// opening are instants (the time of day decides whether a bid is late, and when bids may be
/// read); the other stages are calendar days.
public struct TenderSchedule: Hashable, Sendable {
    /// *Planering*: when the office started planning the tender.
    public var planningFrom: CalendarDate
    /// *Tidig dialog*: the early market dialogue, if held.
    public var earlyDialogueOn: CalendarDate?
    /// *Annonserad*: when the notice was published, and its reference in the ad database.
    public var noticePublishedOn: CalendarDate?
    public var noticeReference: String?
    /// *Sista anbudsdag*: bids received after this instant are late.
    public var tenderDeadline: Date?
    /// *Anbudsöppning*: from this instant the office may read the bids.
    public var openingAt: Date?
    /// *Tilldelningsbeslut*: the day the award decision was sent to the tenderers.
    public var awardDecisionOn: CalendarDate?
    /// Whether the award decision was sent electronically (10 days' standstill) or not (15).
    public var awardSentElectronically: Bool
    /// *Avtal*: the day the contract was signed.
    public var contractSignedOn: CalendarDate?
    /// *Avbruten*: the day the tender was cancelled, and why (LOU 12 kap. 3 §).
    public var cancelledOn: CalendarDate?
    public var cancellationReason: String?

    public init(
        planningFrom: CalendarDate, earlyDialogueOn: CalendarDate? = nil, noticePublishedOn: CalendarDate? = nil,
        noticeReference: String? = nil, tenderDeadline: Date? = nil, openingAt: Date? = nil,
        awardDecisionOn: CalendarDate? = nil, awardSentElectronically: Bool = true, contractSignedOn: CalendarDate? = nil,
        cancelledOn: CalendarDate? = nil, cancellationReason: String? = nil
    ) {
        self.planningFrom = planningFrom
        self.earlyDialogueOn = earlyDialogueOn
        self.noticePublishedOn = noticePublishedOn
        self.noticeReference = noticeReference
        self.tenderDeadline = tenderDeadline
        self.openingAt = openingAt
        self.awardDecisionOn = awardDecisionOn
        self.awardSentElectronically = awardSentElectronically
        self.contractSignedOn = contractSignedOn
        self.cancelledOn = cancelledOn
        self.cancellationReason = cancellationReason
    }

    /// The last day of the standstill (*avtalsspärr*), once the award decision is sent.
    public var standstillLastDay: CalendarDate? {
        awardDecisionOn.map { Standstill.lastDay(decisionSentOn: $0, electronically: awardSentElectronically) }
    }

    /// What is wrong with the dates, in the order of the stages; empty when they make sense.
    public func problems(timeZone: TimeZone = .stockholm) -> [TenderScheduleProblem] {
        var problems: [TenderScheduleProblem] = []
        func day(_ instant: Date) -> CalendarDate { CalendarDate.on(instant, timeZone: timeZone) }
        if let dialogue = earlyDialogueOn, dialogue < planningFrom { problems.append(.dialogueBeforePlanning) }
        if let notice = noticePublishedOn {
            if notice < planningFrom { problems.append(.noticeBeforePlanning) }
            if let dialogue = earlyDialogueOn, dialogue > notice { problems.append(.dialogueAfterNotice) }
            if (noticeReference ?? "").trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.noticeWithoutReference) }
        } else if noticeReference != nil {
            problems.append(.referenceWithoutNotice)
        }
        if let deadline = tenderDeadline {
            if let notice = noticePublishedOn {
                if day(deadline) <= notice { problems.append(.deadlineNotAfterNotice) }
            } else {
                problems.append(.deadlineWithoutNotice)
            }
        }
        if let opening = openingAt {
            if let deadline = tenderDeadline {
                if opening < deadline { problems.append(.openingBeforeDeadline) }
            } else {
                problems.append(.openingWithoutDeadline)
            }
        }
        if let award = awardDecisionOn {
            if let opening = openingAt {
                if award < day(opening) { problems.append(.awardBeforeOpening) }
            } else {
                problems.append(.awardWithoutOpening)
            }
        }
        if let signed = contractSignedOn {
            if let last = standstillLastDay {
                if signed <= last { problems.append(.contractDuringStandstill(lastDay: last)) }
            } else {
                problems.append(.contractWithoutAward)
            }
        }
        if let cancelled = cancelledOn {
            if (cancellationReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(.cancellationWithoutReason)
            }
            if cancelled < planningFrom { problems.append(.cancelledBeforePlanning) }
            if contractSignedOn != nil { problems.append(.cancelledAfterContract) }
        } else if cancellationReason != nil {
            problems.append(.reasonWithoutCancellation)
        }
        return problems
    }

    /// The stage the tender is in at `instant`.
    public func stage(at instant: Date, timeZone: TimeZone = .stockholm) -> TenderStage {
        let today = CalendarDate.on(instant, timeZone: timeZone)
        if let cancelled = cancelledOn, cancelled <= today { return .cancelled }
        if let signed = contractSignedOn, signed <= today { return .contracted }
        if let award = awardDecisionOn, award <= today {
            if let last = standstillLastDay, today <= last { return .standstill }
            return .awaitingContract
        }
        if let opening = openingAt, opening <= instant { return .evaluation }
        // A bid received at the deadline itself is on time (`bids_guard` refuses only one
        // received after it): the tender period is over only after that instant.
        if let deadline = tenderDeadline, deadline < instant { return .awaitingOpening }
        if let notice = noticePublishedOn, notice <= today { return .tendering }
        if let dialogue = earlyDialogueOn, dialogue <= today { return .earlyDialogue }
        return .planning
    }
}

extension TimeZone {
    /// Swedish time, in which every procurement date is reckoned.
    public static let stockholm = TimeZone(identifier: "Europe/Stockholm")!
}

/// Where a tender stands, from planning to contract.
public enum TenderStage: String, Codable, Sendable, CaseIterable {
    case planning
    case earlyDialogue = "early_dialogue"
    case tendering
    case awaitingOpening = "awaiting_opening"
    case evaluation
    case standstill
    case awaitingContract = "awaiting_contract"
    case contracted
    case cancelled

    public var swedishName: String {
        switch self {
        case .planning: "Planering"
        case .earlyDialogue: "Tidig dialog"
        case .tendering: "Annonserad, anbudstiden löper"
        case .awaitingOpening: "Anbudstiden ute, väntar på öppning"
        case .evaluation: "Utvärdering"
        case .standstill: "Tilldelad, avtalsspärr"
        case .awaitingContract: "Tilldelad, avtalsspärren är slut"
        case .contracted: "Avtal tecknat"
        case .cancelled: "Avbruten"
        }
    }
}

/// Why a tender's dates do not make sense.
public enum TenderScheduleProblem: Hashable, Sendable, Error {
    case dialogueBeforePlanning
    case noticeBeforePlanning
    case dialogueAfterNotice
    case noticeWithoutReference
    case referenceWithoutNotice
    case deadlineWithoutNotice
    case deadlineNotAfterNotice
    case openingWithoutDeadline
    case openingBeforeDeadline
    case awardWithoutOpening
    case awardBeforeOpening
    case contractWithoutAward
    case contractDuringStandstill(lastDay: CalendarDate)
    case cancellationWithoutReason
    case cancelledBeforePlanning
    case cancelledAfterContract
    case reasonWithoutCancellation

    public var message: String {
        switch self {
        case .dialogueBeforePlanning: "the early dialogue is before the planning started"
        case .noticeBeforePlanning: "the notice is published before the planning started"
        case .dialogueAfterNotice: "the early dialogue is after the notice was published"
        case .noticeWithoutReference: "a published notice needs its reference in the ad database"
        case .referenceWithoutNotice: "a notice reference needs the day the notice was published"
        case .deadlineWithoutNotice: "a tender deadline needs a published notice"
        case .deadlineNotAfterNotice: "the tender deadline must be after the day the notice is published"
        case .openingWithoutDeadline: "an opening needs a tender deadline"
        case .openingBeforeDeadline: "the opening is before the tender deadline"
        case .awardWithoutOpening: "an award decision needs an opening"
        case .awardBeforeOpening: "the award decision is before the opening"
        case .contractWithoutAward: "a contract needs an award decision"
        case .contractDuringStandstill(let last): "the contract is signed during the standstill, which ends on \(last.iso)"
        case .cancellationWithoutReason: "a cancellation needs a reason"
        case .cancelledBeforePlanning: "the tender is cancelled before the planning started"
        case .cancelledAfterContract: "a tender with a signed contract cannot be cancelled"
        case .reasonWithoutCancellation: "a cancellation reason needs a cancellation date"
        }
    }

    public var swedishMessage: String {
        switch self {
        case .dialogueBeforePlanning: "Den tidiga dialogen ligger före planeringsstarten."
        case .noticeBeforePlanning: "Annonsen publiceras före planeringsstarten."
        case .dialogueAfterNotice: "Den tidiga dialogen ligger efter annonseringen."
        case .noticeWithoutReference: "Ange annonsens referens i annonsdatabasen."
        case .referenceWithoutNotice: "Ange vilken dag annonsen publicerades."
        case .deadlineWithoutNotice: "Sista anbudsdag kräver att annonsen är publicerad."
        case .deadlineNotAfterNotice: "Sista anbudsdag måste ligga efter annonseringsdagen."
        case .openingWithoutDeadline: "Anbudsöppning kräver en sista anbudsdag."
        case .openingBeforeDeadline: "Anbudsöppningen ligger före sista anbudsdag."
        case .awardWithoutOpening: "Tilldelningsbeslut kräver att anbuden är öppnade."
        case .awardBeforeOpening: "Tilldelningsbeslutet ligger före anbudsöppningen."
        case .contractWithoutAward: "Avtal kan tecknas först efter tilldelningsbeslut."
        case .contractDuringStandstill(let last): "Avtalet tecknas under avtalsspärren, som löper till och med \(last.iso)."
        case .cancellationWithoutReason: "Ange skälet till att upphandlingen avbryts."
        case .cancelledBeforePlanning: "Avbrytandet ligger före planeringsstarten."
        case .cancelledAfterContract: "En upphandling med tecknat avtal kan inte avbrytas."
        case .reasonWithoutCancellation: "Ett skäl till avbrytande kräver ett datum för avbrytandet."
        }
    }
}
