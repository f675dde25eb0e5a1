import Foundation
import Procurement
import Store

/// What the plan and pooling pages and the API show, read in one transaction as the signed-in
/// identity: row-level security decides which answers, needs and participants are there, and
/// these views only arrange them.
enum PoolingViews {
    struct OrganisationRef: Encodable, Sendable {
        var id: UUID
        var name: String
    }

    struct AnswerView: Encodable, Sendable {
        var id: UUID
        var organisation: OrganisationRef
        var decision: PlanDecision
        var quantity: Quantity?
        var unit: String?
        var yearlyValue: String?
        var comment: String
        var answeredAt: Date
    }

    struct PlanItemView: Encodable, Sendable {
        var id: UUID
        var title: String
        var description: String
        var cpv: String
        var cpvLabel: String
        var contractType: ContractType
        var law: ProcurementLaw
        var framework: Bool
        var plannedStart: CalendarDate
        var contractMonths: Int
        var optionMonths: [Int]
        var end: CalendarDate
        var answerDeadline: CalendarDate
        var published: Bool
        var open: Bool
        /// The answers the identity sees: its own member's, or all for the office.
        var answers: [AnswerView]
        /// For the office: the members that have not answered yet.
        var unanswered: [OrganisationRef]?
        var pooledProcurementID: UUID?
    }

    struct NeedView: Encodable, Sendable {
        var id: UUID
        var organisation: OrganisationRef
        var cpv: String
        var cpvLabel: String
        var title: String
        var description: String
        var quantity: Quantity
        var unit: String
        var yearlyValue: String
        var wantedStart: CalendarDate
        var months: Int
        var end: CalendarDate
        var status: NeedStatus
        var pooledProcurementID: UUID?
    }

    struct DirectPurchaseView: Encodable, Sendable {
        var id: UUID
        var organisation: OrganisationRef
        var cpv: String
        var description: String
        var supplierName: String
        var supplierOrganisationNumber: String?
        var date: CalendarDate
        var value: String
    }

    struct WarningView: Encodable, Sendable {
        var code: String
        var message: String
    }

    struct ClassificationView: Encodable, Sendable {
        var procedure: Procedure
        var procedureName: String
        var date: CalendarDate
        var directAwardLimit: String
        var directAwardLimitSource: String
        var euThreshold: String
        var euThresholdSource: String
    }

    struct ParticipantView: Encodable, Sendable {
        var id: UUID
        var organisation: OrganisationRef
        var quantity: Quantity?
        var unit: String?
        var yearlyValue: String
        var estimatedValue: String
        var status: ParticipationStatus
        var decidedAt: Date?
        /// Of the procurement's yearly value, e.g. `23,4 %`.
        var share: String
        var costShare: String?
    }

    struct PooledView: Encodable, Sendable {
        var id: UUID
        var title: String
        var description: String
        var cpv: String
        var cpvLabel: String
        var contractType: ContractType
        var law: ProcurementLaw
        var framework: Bool
        var plannedStart: CalendarDate
        var contractMonths: Int
        var optionMonths: [Int]
        var end: CalendarDate
        var maximumValue: String?
        var planItemID: UUID?
        var confirmationDeadline: CalendarDate
        var open: Bool
        var participantsPublished: Bool
        var participantCount: Int
        var confirmedCount: Int
        var yearlyValue: String
        /// LOU 5 kap.: all participants, the whole period, options counted as used.
        var estimatedValue: String
        var classification: ClassificationView?
        /// Why there is no classification, in words that say what to do.
        var classificationProblem: WarningView?
        var warnings: [WarningView]
        /// The participants the identity sees.
        var participants: [ParticipantView]
        /// The signed-in member's own participation, if it takes part.
        var ownParticipation: ParticipantView?
        var costTotal: String?
        var costBasis: CostBasis?
        var costAllocatedAt: Date?
        /// The allocation no longer matches the participants (one withdrew since, say).
        var costAllocationStale: Bool
    }

    struct DemandEntry: Encodable, Sendable {
        enum Source: String, Encodable, Sendable { case planAnswer = "plan_answer", need }
        var source: Source
        var id: UUID
        var organisation: OrganisationRef
        var title: String
        var cpv: String
        var quantity: Quantity?
        var unit: String?
        var yearlyValue: String
        var start: CalendarDate
        var end: CalendarDate
        var planItemID: UUID?
        var pooledProcurementID: UUID?
    }

    struct DemandGroup: Encodable, Sendable {
        var cpvGroup: String
        var label: String
        var yearlyValue: String
        var entries: [DemandEntry]
    }

    struct SuggestionView: Encodable, Sendable {
        var cpvGroup: String
        var label: String
        var needIDs: [UUID]
        var organisations: [OrganisationRef]
        var earliestStart: CalendarDate
        var latestEnd: CalendarDate
        var yearlyValue: String
    }

    struct Demand: Encodable, Sendable {
        var groups: [DemandGroup]
        var suggestions: [SuggestionView]
        var warnings: [WarningView]
    }
}

/// Reads and arranges; one instance per transaction.
struct PoolingReader {
    let transaction: Transaction
    let signedIn: Authenticated
    let organisations: [UUID: Organisation]
    let today: CalendarDate

    static func open(_ transaction: Transaction, _ signedIn: Authenticated, today: CalendarDate) async throws -> PoolingReader {
        let organisations = try await transaction.organisations()
        return PoolingReader(
            transaction: transaction, signedIn: signedIn,
            organisations: Dictionary(uniqueKeysWithValues: organisations.map { ($0.id, $0) }), today: today)
    }

    var seesOfficeWide: Bool {
        guard let role = signedIn.activeRole?.role else { return false }
        return role.isOfficeStaff || (role == .viewer && signedIn.activeRole?.organisationID == nil)
    }

    func ref(_ id: UUID) -> PoolingViews.OrganisationRef {
        PoolingViews.OrganisationRef(id: id, name: organisations[id]?.name ?? "Okänd organisation")
    }

    func label(_ cpv: CPVCode) async throws -> String {
        try await transaction.cpv(cpv.code)?.labelSV ?? ""
    }

    func answerView(_ answer: PlanAnswer) -> PoolingViews.AnswerView {
        PoolingViews.AnswerView(
            id: answer.id, organisation: ref(answer.organisationID), decision: answer.decision, quantity: answer.volume?.quantity,
            unit: answer.volume?.unit, yearlyValue: answer.volume?.yearlyValue.decimalString, comment: answer.comment,
            answeredAt: answer.answeredAt)
    }

    func planItems() async throws -> [PoolingViews.PlanItemView] {
        let answers = Dictionary(grouping: try await transaction.planAnswers(), by: \.planItemID)
        let pooled = Dictionary(
            try await transaction.pooledProcurements().compactMap { p in p.planItemID.map { ($0, p.id) } },
            uniquingKeysWith: { first, _ in first })
        var views: [PoolingViews.PlanItemView] = []
        for item in try await transaction.planItems() {
            views.append(try await planItemView(item, answers: answers[item.id] ?? [], pooledID: pooled[item.id]))
        }
        return views
    }

    func planItem(id: UUID) async throws -> PoolingViews.PlanItemView? {
        guard let item = try await transaction.planItem(id: id) else { return nil }
        let pooledID = try await transaction.pooledProcurements().first { $0.planItemID == id }?.id
        return try await planItemView(item, answers: try await transaction.planAnswers(planItemID: id), pooledID: pooledID)
    }

    private func planItemView(_ item: PlanItem, answers: [PlanAnswer], pooledID: UUID?) async throws -> PoolingViews.PlanItemView {
        let answered = Set(answers.map(\.organisationID))
        let unanswered = seesOfficeWide
            ? organisations.values.filter { $0.isMember(on: today) && !answered.contains($0.id) }
                .sorted { $0.name < $1.name }.map { ref($0.id) }
            : nil
        return PoolingViews.PlanItemView(
            id: item.id, title: item.title, description: item.description, cpv: item.cpv.code, cpvLabel: try await label(item.cpv),
            contractType: item.contractType, law: item.law, framework: item.framework, plannedStart: item.period.start,
            contractMonths: item.period.months, optionMonths: item.period.optionMonths, end: item.period.end,
            answerDeadline: item.answerDeadline, published: item.isPublished, open: item.isOpen(on: today),
            answers: answers.sorted { ref($0.organisationID).name < ref($1.organisationID).name }.map(answerView),
            unanswered: unanswered, pooledProcurementID: pooledID)
    }

    func needView(_ need: Need) async throws -> PoolingViews.NeedView {
        PoolingViews.NeedView(
            id: need.id, organisation: ref(need.organisationID), cpv: need.cpv.code, cpvLabel: try await label(need.cpv),
            title: need.title, description: need.description, quantity: need.volume.quantity, unit: need.volume.unit,
            yearlyValue: need.volume.yearlyValue.decimalString, wantedStart: need.period.start, months: need.period.months,
            end: need.period.end, status: need.status, pooledProcurementID: need.pooledProcurementID)
    }

    func needs(includingWithdrawn: Bool = false) async throws -> [PoolingViews.NeedView] {
        var views: [PoolingViews.NeedView] = []
        for need in try await transaction.needs(includingWithdrawn: includingWithdrawn) { views.append(try await needView(need)) }
        return views
    }

    func directPurchases() async throws -> [PoolingViews.DirectPurchaseView] {
        try await transaction.directPurchases().map { record in
            PoolingViews.DirectPurchaseView(
                id: record.id, organisation: ref(record.organisationID), cpv: record.cpv.code, description: record.description,
                supplierName: record.supplierName, supplierOrganisationNumber: record.supplierOrganisationNumber?.formatted,
                date: record.date, value: record.value.decimalString)
        }
    }

    /// Direct purchases of one kind that together pass the direct-award limit in twelve months.
    func directPurchaseWarnings(cpvGroup: String? = nil, organisationIDs: Set<UUID>? = nil, thresholds: ThresholdTable) async throws -> [PoolingViews.WarningView] {
        let purchases = try await transaction.directPurchases(since: today.adding(months: -24) ?? today)
            .filter { cpvGroup == nil || $0.cpv.group == cpvGroup }
            .filter { organisationIDs == nil || organisationIDs!.contains($0.organisationID) }
            .map(\.purchase)
        return DirectPurchaseRule.warnings(purchases) { date in
            thresholds.directAwardLimit(law: .lou, buyer: .subCentral, on: date)
        }.map(warningView)
    }

    func warningView(_ warning: PoolingWarning) -> PoolingViews.WarningView {
        var message = warning.swedishMessage
        if case .directPurchasesPassLimit(let organisationID, _, _, _, _, _) = warning {
            message = "\(ref(organisationID).name): " + message
        }
        return PoolingViews.WarningView(code: warning.code, message: message)
    }

    func pooled() async throws -> [PoolingViews.PooledView] {
        let thresholds = try await transaction.thresholdTable()
        let totals = try await transaction.pooledTotals()
        let participants = Dictionary(grouping: try await transaction.participants(), by: \.pooledProcurementID)
        var views: [PoolingViews.PooledView] = []
        for procurement in try await transaction.pooledProcurements() {
            views.append(try await pooledView(
                procurement, totals: totals[procurement.id] ?? .none, participants: participants[procurement.id] ?? [],
                thresholds: thresholds, withDirectPurchases: false))
        }
        return views
    }

    func pooled(id: UUID) async throws -> PoolingViews.PooledView? {
        guard let procurement = try await transaction.pooledProcurement(id: id) else { return nil }
        return try await pooledView(
            procurement, totals: try await transaction.pooledTotals()[id] ?? .none,
            participants: try await transaction.participants(of: id), thresholds: try await transaction.thresholdTable(),
            withDirectPurchases: true)
    }

    private func pooledView(
        _ procurement: PooledProcurement, totals: PooledTotals, participants: [Participant], thresholds: ThresholdTable,
        withDirectPurchases: Bool
    ) async throws -> PoolingViews.PooledView {
        let assessment = PooledAssessment(of: procurement, totals: totals, thresholds: thresholds)
        var classification: PoolingViews.ClassificationView?
        var problem: PoolingViews.WarningView?
        switch assessment.classification {
        case .success(let result):
            classification = PoolingViews.ClassificationView(
                procedure: result.procedure, procedureName: result.procedure.swedishName(law: procurement.law), date: result.date,
                directAwardLimit: result.directAwardLimitSEK.decimalString, directAwardLimitSource: result.directAwardLimit.source,
                euThreshold: result.euThresholdSEK.decimalString, euThresholdSource: result.euThreshold.source)
        case .failure(let failure):
            problem = PoolingViews.WarningView(code: failure.code, message: failure.swedishMessage)
        }
        var warnings = assessment.warnings.map(warningView)
        if withDirectPurchases {
            warnings += try await directPurchaseWarnings(
                cpvGroup: procurement.cpv.group, organisationIDs: Set(participants.filter(\.counts).map(\.organisationID)),
                thresholds: thresholds)
        }
        let views = participants.map { participantView($0, procurement: procurement, totals: totals) }
            .sorted { $0.organisation.name < $1.organisation.name }
        let ownOrganisation = signedIn.activeRole?.organisationID
        let counted = participants.filter(\.counts)
        let stale = procurement.costSharing.map { terms in
            counted.contains { $0.costShare == nil }
                || participants.contains { !$0.counts && $0.costShare != nil }
                || (seesOfficeWide && counted.reduce(Money.zero) { $0 + ($1.costShare ?? .zero) } != terms.total)
        } ?? false
        return PoolingViews.PooledView(
            id: procurement.id, title: procurement.title, description: procurement.description, cpv: procurement.cpv.code,
            cpvLabel: try await label(procurement.cpv), contractType: procurement.contractType, law: procurement.law,
            framework: procurement.framework, plannedStart: procurement.period.start, contractMonths: procurement.period.months,
            optionMonths: procurement.period.optionMonths, end: procurement.period.end,
            maximumValue: procurement.maximumValue?.decimalString, planItemID: procurement.planItemID,
            confirmationDeadline: procurement.confirmationDeadline, open: procurement.isOpenForConfirmation(on: today),
            participantsPublished: procurement.participantsPublished, participantCount: totals.participants,
            confirmedCount: totals.confirmed, yearlyValue: totals.yearlyValue.decimalString,
            estimatedValue: assessment.estimatedValue.decimalString, classification: classification,
            classificationProblem: problem, warnings: warnings, participants: views,
            ownParticipation: views.first { $0.organisation.id == ownOrganisation && ownOrganisation != nil },
            costTotal: procurement.costSharing?.total.decimalString, costBasis: procurement.costSharing?.basis,
            costAllocatedAt: procurement.costSharing?.allocatedAt, costAllocationStale: stale)
    }

    private func participantView(_ participant: Participant, procurement: PooledProcurement, totals: PooledTotals) -> PoolingViews.ParticipantView {
        PoolingViews.ParticipantView(
            id: participant.id, organisation: ref(participant.organisationID), quantity: participant.quantity, unit: participant.unit,
            yearlyValue: participant.yearlyValue.decimalString,
            estimatedValue: ValueEstimator.estimate(yearlyValue: participant.yearlyValue, period: procurement.period).decimalString,
            status: participant.status, decidedAt: participant.decidedAt,
            share: participant.counts ? Share(part: participant.yearlyValue, whole: totals.yearlyValue).swedishPercent : "–",
            costShare: participant.costShare?.decimalString)
    }

    /// For the office: every member's volumes side by side, by CPV group, with suggestions
    /// for pooling the needs no plan covers, and the direct purchases that add up too far.
    func demand() async throws -> PoolingViews.Demand {
        let items = Dictionary(uniqueKeysWithValues: try await transaction.planItems().map { ($0.id, $0) })
        let pooledByPlan = Dictionary(
            try await transaction.pooledProcurements().compactMap { p in p.planItemID.map { ($0, p.id) } },
            uniquingKeysWith: { first, _ in first })
        var entries: [(CPVCode, PoolingViews.DemandEntry)] = []
        for answer in try await transaction.planAnswers() where answer.decision == .join {
            guard let item = items[answer.planItemID], let volume = answer.volume else { continue }
            entries.append((item.cpv, PoolingViews.DemandEntry(
                source: .planAnswer, id: answer.id, organisation: ref(answer.organisationID), title: item.title, cpv: item.cpv.code,
                quantity: volume.quantity, unit: volume.unit, yearlyValue: volume.yearlyValue.decimalString,
                start: item.period.start, end: item.period.end, planItemID: item.id, pooledProcurementID: pooledByPlan[item.id])))
        }
        let needs = try await transaction.needs()
        for need in needs {
            entries.append((need.cpv, PoolingViews.DemandEntry(
                source: .need, id: need.id, organisation: ref(need.organisationID), title: need.title, cpv: need.cpv.code,
                quantity: need.volume.quantity, unit: need.volume.unit, yearlyValue: need.volume.yearlyValue.decimalString,
                start: need.period.start, end: need.period.end, planItemID: nil, pooledProcurementID: need.pooledProcurementID)))
        }
        var groups: [PoolingViews.DemandGroup] = []
        for (group, members) in Dictionary(grouping: entries, by: { $0.0.group }).sorted(by: { $0.key < $1.key }) {
            let sorted = members.map(\.1).sorted { ($0.start, $0.organisation.name) < ($1.start, $1.organisation.name) }
            let total = members.reduce(Money.zero) { $0 + (Money(decimal: $1.1.yearlyValue) ?? .zero) }
            groups.append(PoolingViews.DemandGroup(
                cpvGroup: group, label: try await groupLabel(group), yearlyValue: total.decimalString, entries: sorted))
        }
        var suggestions: [PoolingViews.SuggestionView] = []
        for suggestion in PoolingSuggester.suggest(needs.filter { $0.pooledProcurementID == nil }.map(\.summary)) {
            suggestions.append(PoolingViews.SuggestionView(
                cpvGroup: suggestion.cpvGroup, label: try await groupLabel(suggestion.cpvGroup), needIDs: suggestion.needs.map(\.id),
                organisations: suggestion.organisationIDs.map(ref), earliestStart: suggestion.earliestStart,
                latestEnd: suggestion.latestEnd, yearlyValue: suggestion.yearlyValue.decimalString))
        }
        // A need a contract in force may already cover: its member is a party, same CPV group.
        let inForce = try await transaction.contracts().filter { [.active, .signed].contains($0.status(on: today)) }
        let overlaps = ContractOverlapRule.warnings(
            needs: needs.filter { $0.status == .submitted && $0.pooledProcurementID == nil }.map(\.summary),
            contracts: inForce.compactMap(\.summary))
        return PoolingViews.Demand(
            groups: groups, suggestions: suggestions,
            warnings: try await directPurchaseWarnings(thresholds: try await transaction.thresholdTable())
                + overlaps.map { warning in
                    var view = warningView(warning)
                    if case let .overlapsContract(needID, contractID, _) = warning, let need = needs.first(where: { $0.id == needID }),
                       let contract = inForce.first(where: { $0.id == contractID }) {
                        view.message = "\(ref(need.organisationID).name), ”\(need.title)” och avtal \(contract.reference) "
                            + "(\(contract.title), till \(contract.currentEnd.iso)): " + view.message
                    }
                    return view
                })
    }

    /// The Swedish label of a three-digit CPV group (`301` → the code 30100000's label).
    func groupLabel(_ group: String) async throws -> String {
        if let entry = try await transaction.cpv(group + "00000") { return entry.labelSV }
        return try await transaction.cpv(String(group.prefix(2)) + "000000")?.labelSV ?? group
    }
}
