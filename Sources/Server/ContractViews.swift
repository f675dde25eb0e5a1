import Foundation
import Procurement
import Store

/// What the tender and contract pages and the API show, read in one transaction as the
/// signed-in identity: row-level security decides which contracts and bids are there (a
/// member's users see the contracts their organisation is party to; bids only after the
/// opening, and only for the office until the award), and these views only arrange them.
enum ContractViews {
    struct SupplierRef: Encodable, Sendable {
        var id: UUID
        var name: String
        var country: String
        var nationalID: String
        var rank: Int?
    }

    struct OptionView: Encodable, Sendable {
        var ordinal: Int
        var months: Int
        var decision: OptionDecision
        var decidedOn: CalendarDate?
    }

    struct DocumentationView: Encodable, Sendable {
        var competitionMethod: String
        var suppliersAsked: Int
        var answersReceived: Int
        var winnerReason: String
        var documentedOn: CalendarDate
    }

    struct ContractView: Encodable, Sendable {
        var id: UUID
        var reference: String
        var title: String
        var description: String
        var cpv: String
        var cpvLabel: String
        var framework: Bool
        var directAward: Bool
        var tenderID: UUID?
        var lotID: UUID?
        var status: ContractStatus
        var start: CalendarDate
        var end: CalendarDate
        /// The end with the options used so far (or the termination day).
        var currentEnd: CalendarDate
        /// The end if every open option were used.
        var latestPossibleEnd: CalendarDate
        /// "2 + 1 + 1 år".
        var period: String
        var options: [OptionView]
        var nextOpenOption: Int?
        var estimatedValue: String
        var maximumValue: String?
        var callOffMethod: CallOffMethod
        var manager: PoolingViews.OrganisationRef?
        var suppliers: [SupplierRef]
        var parties: [PoolingViews.OrganisationRef]
        var activatedAt: Date?
        var terminatedOn: CalendarDate?
        var successorAssignmentID: UUID?
        /// Ends within the watched months and no assignment procures its successor yet.
        var needsSuccessor: Bool
        var documentation: DocumentationView?
    }

    struct LotView: Encodable, Sendable {
        var id: UUID
        var number: Int
        var title: String
        var estimatedValue: String?
        /// How many bids the lot has, for those who may know it (nil while sealed).
        var bids: Int?
    }

    struct BidView: Encodable, Sendable {
        var id: UUID
        var lotID: UUID
        var supplier: SupplierRef
        var price: String
        var receivedAt: Date
        var awarded: Bool
    }

    struct DocumentView: Encodable, Sendable {
        var id: UUID
        var kind: TenderDocumentKind
        var title: String
        var reference: String
        var dated: CalendarDate
    }

    struct ScheduleView: Encodable, Sendable {
        var planningFrom: CalendarDate
        var earlyDialogueOn: CalendarDate?
        var noticePublishedOn: CalendarDate?
        var noticeReference: String?
        var tenderDeadline: Date?
        var openingAt: Date?
        var awardDecisionOn: CalendarDate?
        var awardSentElectronically: Bool
        var standstillLastDay: CalendarDate?
        var contractSignedOn: CalendarDate?
        var cancelledOn: CalendarDate?
        var cancellationReason: String?
    }

    struct TenderView: Encodable, Sendable {
        var id: UUID
        var title: String
        var description: String
        var cpv: String
        var cpvLabel: String
        var contractType: ContractType
        var procedure: TenderProcedure
        var framework: Bool
        var assignmentID: UUID?
        var caseNumber: String?
        var pooledProcurementID: UUID?
        var estimatedValue: String?
        var stage: TenderStage
        var schedule: ScheduleView
        var lots: [LotView]
        var documents: [DocumentView]
        /// The bids, once the identity may read them; nil while they are sealed to it.
        var bids: [BidView]?
        var sealed: Bool
        var contractIDs: [UUID]
    }
}

/// The names beside contracts and bids: only those the rows refer to, each kind read in one
/// query, so that a register of thousands of contracts costs the same few round trips as one
/// contract. Read through the request's transaction: row-level security decides what is named,
/// and what it hides reads as unknown.
struct ContractNames {
    var suppliers: [UUID: Supplier] = [:]
    var organisations: [UUID: Organisation] = [:]
    var cpvLabels: [String: String] = [:]
    var managers: [UUID: String] = [:]

    static func read(for contracts: [Contract], in transaction: Transaction) async throws -> ContractNames {
        let organisations = try await transaction.organisations(ids: distinct(contracts.flatMap(\.partyIDs)))
        return ContractNames(
            suppliers: try await transaction.supplierDirectory(ids: distinct(contracts.flatMap(\.supplierIDs))),
            organisations: Dictionary(organisations.map { ($0.id, $0) }) { first, _ in first },
            cpvLabels: try await transaction.cpvLabels(Set(contracts.map(\.cpv.code))),
            managers: try await transaction.officeContactNames(userIDs: distinct(contracts.compactMap(\.managerID))))
    }

    private static func distinct(_ ids: [UUID]) -> [UUID] {
        Array(Set(ids))
    }

    func supplierRef(_ id: UUID, rank: Int? = nil) -> ContractViews.SupplierRef {
        let supplier = suppliers[id]
        return ContractViews.SupplierRef(
            id: id, name: supplier?.name ?? "Okänd leverantör", country: supplier?.country ?? "", nationalID: supplier?.nationalID ?? "",
            rank: rank)
    }

    func organisationRef(_ id: UUID) -> PoolingViews.OrganisationRef {
        PoolingViews.OrganisationRef(id: id, name: organisations[id]?.name ?? "Okänd organisation")
    }
}

/// Reads tenders and contracts for one identity and arranges them as views.
struct ContractReader {
    let transaction: Transaction
    let today: CalendarDate

    /// Months ahead in which an ending contract without a successor assignment is flagged: a
    /// pooled procurement takes the better part of a year from assignment to contract.
    static let successorWatchMonths = 12

    func contracts(_ filter: ContractFilter = ContractFilter()) async throws -> [ContractViews.ContractView] {
        let contracts = try await transaction.contracts(filter)
        let names = try await ContractNames.read(for: contracts, in: transaction)
        return contracts.map { view($0, names: names, ranks: [:], documentation: nil) }
    }

    func contract(id: UUID) async throws -> ContractViews.ContractView? {
        guard let contract = try await transaction.contract(id: id) else { return nil }
        return view(contract, names: try await ContractNames.read(for: [contract], in: transaction),
                    ranks: try await transaction.supplierRanks(contractID: id),
                    documentation: contract.isDirectAward ? try await transaction.directAwardDocumentation(contractID: id) : nil)
    }

    private func view(
        _ contract: Contract, names: ContractNames, ranks: [UUID: Int], documentation: DirectAwardDocumentation?
    ) -> ContractViews.ContractView {
        ContractViews.ContractView(
            id: contract.id, reference: contract.reference, title: contract.title, description: contract.description,
            cpv: contract.cpv.code, cpvLabel: names.cpvLabels[contract.cpv.code] ?? "", framework: contract.framework,
            directAward: contract.isDirectAward,
            tenderID: contract.tenderID, lotID: contract.lotID, status: contract.status(on: today), start: contract.start,
            end: contract.end, currentEnd: contract.currentEnd, latestPossibleEnd: contract.latestPossibleEnd,
            period: contract.periodDescription,
            options: contract.options.map { .init(ordinal: $0.ordinal, months: $0.months, decision: $0.decision, decidedOn: $0.decidedOn) },
            nextOpenOption: contract.nextOpenOption?.ordinal, estimatedValue: contract.estimatedValue.decimalString,
            maximumValue: contract.maximumValue?.decimalString, callOffMethod: contract.callOffMethod,
            manager: contract.managerID.map { PoolingViews.OrganisationRef(id: $0, name: names.managers[$0] ?? "") },
            suppliers: contract.supplierIDs.map { names.supplierRef($0, rank: ranks[$0]) },
            parties: contract.partyIDs.map(names.organisationRef).sorted { $0.name < $1.name },
            activatedAt: contract.activatedAt, terminatedOn: contract.terminatedOn,
            successorAssignmentID: contract.successorAssignmentID,
            needsSuccessor: contract.needsSuccessor(on: today, withinMonths: Self.successorWatchMonths),
            documentation: documentation.map {
                .init(competitionMethod: $0.competitionMethod, suppliersAsked: $0.suppliersAsked, answersReceived: $0.answersReceived,
                      winnerReason: $0.winnerReason, documentedOn: $0.documentedOn)
            })
    }

    /// Every tender, its bidders named from one read of the supplier directory for the list.
    func tenders() async throws -> [ContractViews.TenderView] {
        let directory = try await transaction.supplierDirectory()
        var views: [ContractViews.TenderView] = []
        for tender in try await transaction.tenders() { views.append(try await view(tender, directory: directory)) }
        return views
    }

    func tender(id: UUID) async throws -> ContractViews.TenderView? {
        guard let tender = try await transaction.tender(id: id) else { return nil }
        return try await view(tender, directory: nil)
    }

    /// The tender's view; its bidders named from `directory`, or, when nil, from a read of just them.
    private func view(_ tender: Tender, directory: [UUID: Supplier]?) async throws -> ContractViews.TenderView {
        let schedule = tender.schedule
        // Before the opening the database returns no bids at all: the list is sealed, not empty.
        let bids = try await transaction.bids(tenderID: tender.id)
        let names = ContractNames(suppliers: try await bidders(bids, directory: directory))
        let sealed = try await !transaction.bidsReadable(tenderID: tender.id)
        let caseNumber = try await tender.assignmentID.asyncMap { try await transaction.assignment(id: $0)?.caseNumber.description }
        return ContractViews.TenderView(
            id: tender.id, title: tender.title, description: tender.description, cpv: tender.cpv.code,
            cpvLabel: try await transaction.cpv(tender.cpv.code)?.labelSV ?? "", contractType: tender.contractType,
            procedure: tender.procedure, framework: tender.framework, assignmentID: tender.assignmentID,
            caseNumber: caseNumber ?? nil, pooledProcurementID: tender.pooledProcurementID,
            estimatedValue: tender.estimatedValue?.decimalString, stage: schedule.stage(at: Date()),
            schedule: ContractViews.ScheduleView(
                planningFrom: schedule.planningFrom, earlyDialogueOn: schedule.earlyDialogueOn,
                noticePublishedOn: schedule.noticePublishedOn, noticeReference: schedule.noticeReference,
                tenderDeadline: schedule.tenderDeadline, openingAt: schedule.openingAt, awardDecisionOn: schedule.awardDecisionOn,
                awardSentElectronically: schedule.awardSentElectronically, standstillLastDay: schedule.standstillLastDay,
                contractSignedOn: schedule.contractSignedOn, cancelledOn: schedule.cancelledOn,
                cancellationReason: schedule.cancellationReason),
            lots: try await transaction.lots(tenderID: tender.id).map { lot in
                .init(id: lot.id, number: lot.number, title: lot.title, estimatedValue: lot.estimatedValue?.decimalString,
                      bids: sealed ? nil : bids.filter { $0.lotID == lot.id }.count)
            },
            documents: try await transaction.tenderDocuments(tenderID: tender.id).map {
                .init(id: $0.id, kind: $0.kind, title: $0.title, reference: $0.reference, dated: $0.dated)
            },
            bids: sealed ? nil : bids.map {
                .init(id: $0.id, lotID: $0.lotID, supplier: names.supplierRef($0.supplierID), price: $0.price.decimalString,
                      receivedAt: $0.receivedAt, awarded: $0.awarded)
            },
            sealed: sealed,
            contractIDs: try await transaction.contracts(ContractFilter(tenderID: tender.id)).map(\.id))
    }

    private func bidders(_ bids: [Bid], directory: [UUID: Supplier]?) async throws -> [UUID: Supplier] {
        if let directory { return directory }
        return try await transaction.supplierDirectory(ids: Array(Set(bids.map(\.supplierID))))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
