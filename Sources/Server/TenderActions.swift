import Foundation
import Procurement
import Store

/// What the office's procurers do with a tender: open it for an assignment with its lots,
/// move it through its stages, keep its documents' metadata, register the bids received,
/// decide the award and, when it must, cancel it. The schedule's own rules check the dates;
/// the database refuses again what must never happen (reading bids early, moving a passed
/// opening, a bid after the deadline).
struct TenderActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    struct NewLot: Decodable, Sendable { var title: String; var estimatedValue: String? }

    struct NewTender: Decodable, Sendable {
        /// The committee's assignment the tender carries out; its pooled procurement gives the defaults.
        var assignmentID: UUID?
        var title: String?
        var description: String?
        var cpv: String?
        var contractType: ContractType?
        var procedure: TenderProcedure
        var framework: Bool?
        var estimatedValue: String?
        var planningFrom: CalendarDate?
        /// One lot named after the tender when none are given.
        var lots: [NewLot]?
    }

    func create(_ signedIn: Authenticated, _ input: NewTender) async throws -> Tender {
        try await create(signedIn, input) { $1 }
    }

    func create<T>(_ signedIn: Authenticated, _ input: NewTender, respond: (Transaction, Tender) async throws -> T) async throws -> T {
        let today = configuration.today()
        let lots = input.lots ?? []
        guard lots.count <= 50 else {
            throw AppError.invalid("at most 50 lots").swedish("En upphandling kan ha högst 50 delområden.")
        }
        return try await database.transaction(as: signedIn.identity) { transaction in
            var assignment: Assignment?
            var pooled: PooledProcurement?
            if let assignmentID = input.assignmentID {
                guard let found = try await transaction.assignment(id: assignmentID) else {
                    throw AppError.notFound("assignment \(assignmentID)")
                }
                guard [.approved, .inProgress].contains(found.status) else {
                    throw AppError.conflict("the assignment is \(found.status.rawValue); a tender carries out an approved assignment")
                        .swedish("Uppdraget är \(found.status.swedishName.lowercased()). En upphandling genomför ett beslutat uppdrag.")
                }
                assignment = found
                if let pooledID = found.pooledProcurementID { pooled = try await transaction.pooledProcurement(id: pooledID) }
            }
            let title = try Input.text(input.title ?? pooled?.title ?? assignment?.title, field: "title", label: "en rubrik", maxLength: 200)
            let cpv: CPVCode
            if let text = input.cpv { cpv = try await Input.cpv(text, in: transaction).code } else if let code = pooled?.cpv {
                cpv = code
            } else {
                throw AppError.invalid("`cpv` is required").swedish("Ange en CPV-kod.")
            }
            guard let contractType = input.contractType ?? pooled?.contractType else {
                throw AppError.invalid("`contractType` is required").swedish("Ange om det är varor, tjänster eller byggentreprenad.")
            }
            let tender = Tender(
                id: UUID(), title: title,
                description: try Input.text(input.description ?? pooled?.description ?? assignment?.scope, field: "description",
                                            label: "beskrivningen", maxLength: 4000, required: false),
                cpv: cpv, contractType: contractType, procedure: input.procedure,
                framework: input.framework ?? pooled?.framework ?? true, assignmentID: assignment?.id,
                pooledProcurementID: pooled?.id,
                estimatedValue: try Input.optionalMoney(input.estimatedValue, field: "estimatedValue", label: "det uppskattade värdet")
                    ?? assignment?.estimatedValue,
                schedule: TenderSchedule(planningFrom: input.planningFrom ?? today))
            try await transaction.insertTender(tender, createdBy: signedIn.userID)
            let wanted = lots.isEmpty ? [NewLot(title: title, estimatedValue: input.estimatedValue)] : lots
            for (index, lot) in wanted.enumerated() {
                try await transaction.insertLot(Lot(
                    id: UUID(), tenderID: tender.id, number: index + 1,
                    title: try Input.text(lot.title, field: "lots[\(index)].title", label: "delområdets namn", maxLength: 200),
                    estimatedValue: try Input.optionalMoney(lot.estimatedValue, field: "lots[\(index)].estimatedValue",
                                                            label: "delområdets värde")))
            }
            if let assignment, assignment.status == .approved {
                try await transaction.setAssignmentStatus(id: assignment.id, to: .inProgress, procurerID: signedIn.userID)
            }
            return try await respond(transaction, tender)
        }
    }

    /// The stages a procurer sets as they happen or are planned. A field left out stays as it
    /// is; the award and the cancellation have actions of their own.
    struct Stages: Decodable, Sendable {
        var earlyDialogueOn: CalendarDate?
        var noticePublishedOn: CalendarDate?
        var noticeReference: String?
        var tenderDeadline: Date?
        var openingAt: Date?
    }

    func setStages(_ signedIn: Authenticated, tenderID: UUID, _ input: Stages) async throws -> Tender {
        try await setStages(signedIn, tenderID: tenderID, input) { $1 }
    }

    func setStages<T>(
        _ signedIn: Authenticated, tenderID: UUID, _ input: Stages, respond: (Transaction, Tender) async throws -> T
    ) async throws -> T {
        try await change(signedIn, tenderID, respond: respond) { tender in
            if let day = input.earlyDialogueOn { tender.schedule.earlyDialogueOn = day }
            if let day = input.noticePublishedOn { tender.schedule.noticePublishedOn = day }
            if let reference = input.noticeReference {
                tender.schedule.noticeReference = try Input.text(reference, field: "noticeReference", label: "annonsens referens", maxLength: 200)
            }
            if let deadline = input.tenderDeadline { tender.schedule.tenderDeadline = deadline }
            if let opening = input.openingAt { tender.schedule.openingAt = opening }
        }
    }

    struct Cancellation: Decodable, Sendable { var cancelledOn: CalendarDate?; var reason: String }

    func cancel(_ signedIn: Authenticated, tenderID: UUID, _ input: Cancellation) async throws -> Tender {
        try await cancel(signedIn, tenderID: tenderID, input) { $1 }
    }

    func cancel<T>(
        _ signedIn: Authenticated, tenderID: UUID, _ input: Cancellation, respond: (Transaction, Tender) async throws -> T
    ) async throws -> T {
        let reason = try Input.text(input.reason, field: "reason", label: "skälet till att upphandlingen avbryts", maxLength: 2000)
        let day = input.cancelledOn ?? configuration.today()
        return try await change(signedIn, tenderID, respond: respond) { tender in
            tender.schedule.cancelledOn = day
            tender.schedule.cancellationReason = reason
        }
    }

    struct Award: Decodable, Sendable {
        /// The day the award decision was sent to the tenderers; today when left out.
        var decisionOn: CalendarDate?
        var sentElectronically: Bool?
        /// The winning bids, at least one per lot that is awarded.
        var winningBidIDs: [UUID]
    }

    /// Records the award decision (*tilldelningsbeslut*): the winners among the bids, the day
    /// it was sent and so the standstill's last day, Swedish holidays counted.
    func award(_ signedIn: Authenticated, tenderID: UUID, _ input: Award) async throws -> Tender {
        try await award(signedIn, tenderID: tenderID, input) { $1 }
    }

    func award<T>(
        _ signedIn: Authenticated, tenderID: UUID, _ input: Award, respond: (Transaction, Tender) async throws -> T
    ) async throws -> T {
        let day = input.decisionOn ?? configuration.today()
        guard !input.winningBidIDs.isEmpty else {
            throw AppError.invalid("`winningBidIDs` names no bid").swedish("Välj minst ett vinnande anbud.")
        }
        return try await change(signedIn, tenderID, after: { transaction, tender in
            let bids = try await transaction.bids(tenderID: tenderID)
            let known = Set(bids.map(\.id))
            guard Set(input.winningBidIDs).isSubset(of: known) else {
                throw AppError.invalid("a winning bid is not a bid of this tender, or the bids are not yet opened")
                    .swedish("Ett av de valda anbuden hör inte till upphandlingen, eller är inte öppnat än.")
            }
            try await transaction.markAwardedBids(tenderID: tenderID, winners: input.winningBidIDs)
        }, respond: respond) { tender in
            guard tender.schedule.awardDecisionOn == nil else {
                throw AppError.conflict("the award decision is made already").swedish("Tilldelningsbeslutet är redan fattat.")
            }
            tender.schedule.awardDecisionOn = day
            tender.schedule.awardSentElectronically = input.sentElectronically ?? true
        }
    }

    struct NewDocument: Decodable, Sendable {
        var kind: TenderDocumentKind
        var title: String
        var reference: String
        var dated: CalendarDate?
    }

    func addDocument(_ signedIn: Authenticated, tenderID: UUID, _ input: NewDocument) async throws -> TenderDocument {
        try await addDocument(signedIn, tenderID: tenderID, input) { $1 }
    }

    func addDocument<T>(
        _ signedIn: Authenticated, tenderID: UUID, _ input: NewDocument, respond: (Transaction, TenderDocument) async throws -> T
    ) async throws -> T {
        let document = TenderDocument(
            id: UUID(), tenderID: tenderID, kind: input.kind,
            title: try Input.text(input.title, field: "title", label: "dokumentets namn", maxLength: 200),
            reference: try Input.text(input.reference, field: "reference", label: "var dokumentet finns", maxLength: 500),
            dated: input.dated ?? configuration.today())
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard try await transaction.tender(id: tenderID) != nil else { throw AppError.notFound("tender \(tenderID)") }
            try await transaction.insertTenderDocument(document)
            return try await respond(transaction, document)
        }
    }

    struct NewBid: Decodable, Sendable {
        var lotID: UUID
        var supplierID: UUID
        var price: String
        /// When the bid arrived; now when left out.
        var receivedAt: Date?
    }

    /// Registers a bid received. What is stored cannot be read back before the opening, so the
    /// answer is only its id.
    func registerBid(_ signedIn: Authenticated, tenderID: UUID, _ input: NewBid) async throws -> UUID {
        let price = try Input.money(input.price, field: "price", label: "anbudspriset")
        guard price > .zero else { throw AppError.invalid("`price` must be greater than zero").swedish("Anbudspriset måste vara större än noll.") }
        let receivedAt = input.receivedAt ?? Date()
        let id = UUID()
        try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                guard let tender = try await transaction.lockTender(id: tenderID) else { throw AppError.notFound("tender \(tenderID)") }
                guard try await transaction.lots(tenderID: tenderID).contains(where: { $0.id == input.lotID }) else {
                    throw AppError.notFound("lot \(input.lotID)")
                }
                guard try await transaction.supplierDirectory()[input.supplierID] != nil else {
                    throw AppError.notFound("supplier \(input.supplierID)")
                }
                if let deadline = tender.schedule.tenderDeadline, receivedAt > deadline {
                    throw AppError.conflict("the bid arrived after the tender deadline")
                        .swedish("Anbudet kom in efter sista anbudsdag och kan inte registreras.")
                }
                try await transaction.insertBid(
                    Bid(id: id, tenderID: tenderID, lotID: input.lotID, supplierID: input.supplierID, price: price, receivedAt: receivedAt),
                    registeredBy: signedIn.userID)
            }
        }
        return id
    }

    /// Changes a tender under its row lock: `edit` changes the stages, which are checked
    /// before anything is stored; `after` runs once the tender is stored.
    private func change<T>(
        _ signedIn: Authenticated, _ tenderID: UUID,
        after: (@Sendable (Transaction, Tender) async throws -> Void)? = nil,
        respond: (Transaction, Tender) async throws -> T,
        _ edit: (inout Tender) throws -> Void
    ) async throws -> T {
        try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                guard var tender = try await transaction.lockTender(id: tenderID) else {
                    guard try await transaction.tender(id: tenderID) != nil else { throw AppError.notFound("tender \(tenderID)") }
                    throw AppError.forbidden
                }
                if tender.schedule.cancelledOn != nil || tender.schedule.contractSignedOn != nil {
                    throw AppError.conflict("the tender is settled (cancelled or contracted) and does not change")
                        .swedish("Upphandlingen är avslutad och kan inte ändras.")
                }
                try edit(&tender)
                if let problem = tender.schedule.problems().first {
                    throw AppError.invalid(problem.message).swedish(problem.swedishMessage)
                }
                try await transaction.updateTender(tender)
                try await after?(transaction, tender)
                return try await respond(transaction, tender)
            }
        }
    }
}
