import Foundation
import Procurement

extension ReleasePackageBuilder {
    /// A tender's process: planning, the tender with its lots, once the award decision is
    /// made an award per lot and the bid counts, and the activated contracts.
    func tenderRelease(_ record: Publication.TenderRecord, _ context: BuildContext) -> OCDS.Release {
        let tender = record.tender
        let schedule = tender.schedule
        let today = context.today
        let stage = schedule.stage(at: context.publication.publishedDate, timeZone: timeZone)
        let lots = record.lots.sorted { $0.number < $1.number }
        let awarded = schedule.awardDecisionOn.map { $0 <= today } ?? false
        let contracts = context.contractsByTender[tender.id] ?? []
        // Counts are public from the award decision on; before it not even how many bids there are.
        let bids: [UUID: Int] = awarded ? Dictionary(uniqueKeysWithValues: lots.map { ($0.id, context.bidCounts[$0.id] ?? 0) }) : [:]

        var parties = PartyList()
        let office = parties.add(context.officeParty)
        let ocid = context.ocid(tender.id)

        var status: OCDS.TenderStatus = switch stage {
        case .planning, .earlyDialogue: .planning
        case .tendering, .awaitingOpening, .evaluation: .active
        case .standstill, .awaitingContract, .contracted: .complete
        case .cancelled: .cancelled
        }
        if awarded, status == .complete, !lots.isEmpty, lots.allSatisfy({ bids[$0.id] == 0 }) { status = .unsuccessful }

        var awards: [OCDS.Award] = []
        var published: [OCDS.Contract] = []
        if awarded {
            for lot in lots {
                let lotContracts = contracts.filter { $0.lotID == lot.id }
                var suppliers: [OCDS.OrganizationReference] = []
                for contract in lotContracts {
                    suppliers += context.addParties(of: contract, tendered: true, to: &parties)
                    published.append(self.contract(contract, awardID: awardID(lot), signedOn: schedule.contractSignedOn, context))
                }
                let awardStatus: OCDS.AwardStatus =
                    if stage == .cancelled { .cancelled }
                    else if lotContracts.isEmpty && bids[lot.id] == 0 { .unsuccessful }
                    else if stage == .standstill { .pending }
                    else { .active }
                let unique = Dictionary(suppliers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }).values
                    .sorted { $0.id < $1.id }
                awards.append(OCDS.Award(
                    id: awardID(lot), title: lot.title, status: awardStatus, date: schedule.awardDecisionOn.map(context.dates.start),
                    value: lotContracts.isEmpty ? nil : OCDS.Value(lotContracts.reduce(Money.zero) { $0 + $1.estimatedValue }),
                    suppliers: unique.isEmpty ? nil : unique, relatedLots: [lotID(lot)]))
            }
        }

        var tags: [OCDS.Tag] = if stage == .cancelled { [.tenderCancellation] }
            else if !published.isEmpty { [.contract] }
            else if awarded { [.award] }
            else if status == .planning { [.planning] }
            else { [.tender] }
        if published.contains(where: { $0.status == .terminated }) { tags.append(.contractTermination) }

        let stamp = context.stamp(ocid: ocid, events: events(of: record, contracts: contracts, context))
        return OCDS.Release(
            ocid: ocid, id: stamp.id, date: stamp.date, tag: tags, parties: parties.all, buyer: parties.soleBuyer,
            planning: planning(schedule, context),
            tender: OCDS.Tender(
                id: tender.id.uuidString.lowercased(), title: tender.title, description: tender.description.nonEmpty,
                status: status, procuringEntity: office, items: items(tender, lots, context),
                value: tender.estimatedValue.map(OCDS.Value.init), procurementMethod: method(tender.procedure),
                procurementMethodDetails: tender.procedure.swedishName, mainProcurementCategory: category(tender.contractType),
                tenderPeriod: tenderPeriod(schedule, context), awardPeriod: awardPeriod(schedule, awarded: awarded, context),
                // In several lots one supplier may bid for more than one: the tenderers are not the
                // sum of the lots' counts, so they are given per lot (bid statistics) only.
                numberOfTenderers: awarded && lots.count == 1 ? bids[lots[0].id] : nil,
                documents: documents(record, context),
                lots: lots.isEmpty ? nil : lots.map { lot in
                    OCDS.Lot(
                        id: lotID(lot), title: lot.title,
                        status: status == .complete && bids[lot.id] == 0 ? .unsuccessful : status,
                        value: lot.estimatedValue.map(OCDS.Value.init))
                }),
            awards: awards.isEmpty ? nil : awards,
            contracts: published.isEmpty ? nil : published,
            bids: awarded && !lots.isEmpty
                ? OCDS.Bids(statistics: lots.map { lot in
                    OCDS.Statistic(id: "\(lotID(lot))-bids", measure: "bids", value: bids[lot.id] ?? 0, relatedLot: lotID(lot))
                })
                : nil)
    }

    func lotID(_ lot: Lot) -> String { String(lot.number) }
    func awardID(_ lot: Lot) -> String { "lot-\(lot.number)" }

    /// The stages and contract events that have happened: the latest is the release's date.
    private func events(of record: Publication.TenderRecord, contracts: [Contract], _ context: BuildContext) -> [Date] {
        let schedule = record.tender.schedule
        let days = [schedule.planningFrom, schedule.earlyDialogueOn, schedule.noticePublishedOn, schedule.awardDecisionOn,
                    schedule.contractSignedOn, schedule.cancelledOn].compactMap { $0 } + record.documents.map(\.dated)
        return days.map(context.dates.startOfDay) + [schedule.openingAt].compactMap { $0 }
            + contracts.flatMap { contractEvents($0, context) }
    }

    /// Planning milestones: when the planning started and the early market dialogue (*tidig dialog*).
    private func planning(_ schedule: TenderSchedule, _ context: BuildContext) -> OCDS.Planning {
        func milestone(_ id: String, _ title: String, _ type: String, _ day: CalendarDate) -> OCDS.Milestone {
            let met = day <= context.today
            return OCDS.Milestone(
                id: id, title: title, type: type, status: met ? "met" : "scheduled",
                dateMet: met ? context.dates.start(day) : nil, dueDate: met ? nil : context.dates.start(day))
        }
        var milestones = [milestone("planning", "Planering", "preProcurement", schedule.planningFrom)]
        if let dialogue = schedule.earlyDialogueOn { milestones.append(milestone("early-dialogue", "Tidig dialog", "engagement", dialogue)) }
        return OCDS.Planning(milestones: milestones)
    }

    /// One item per lot, with the tender's CPV code; one for the whole tender if it has no lots.
    private func items(_ tender: Tender, _ lots: [Lot], _ context: BuildContext) -> [OCDS.Item] {
        let classification = context.classification(tender.cpv)
        guard !lots.isEmpty else { return [OCDS.Item(id: "1", description: tender.title, classification: classification)] }
        return lots.map { OCDS.Item(id: lotID($0), description: $0.title, classification: classification, relatedLot: lotID($0)) }
    }

    private func tenderPeriod(_ schedule: TenderSchedule, _ context: BuildContext) -> OCDS.Period? {
        guard let notice = schedule.noticePublishedOn else { return nil }
        return OCDS.Period(startDate: context.dates.start(notice), endDate: schedule.tenderDeadline.map(context.dates.string))
    }

    /// From the opening of the bids to the award decision.
    private func awardPeriod(_ schedule: TenderSchedule, awarded: Bool, _ context: BuildContext) -> OCDS.Period? {
        guard let opening = schedule.openingAt else { return nil }
        return OCDS.Period(
            startDate: context.dates.string(opening),
            endDate: awarded ? schedule.awardDecisionOn.map(context.dates.end) : nil)
    }

    /// The documents the public may see, the notice's reference when no notice document is
    /// registered, and the reason for a cancellation.
    private func documents(_ record: Publication.TenderRecord, _ context: BuildContext) -> [OCDS.Document]? {
        let schedule = record.tender.schedule
        var documents = record.documents.sorted { ($0.dated, $0.id.uuidString) < ($1.dated, $1.id.uuidString) }.map { document in
            OCDS.Document(
                id: document.id.uuidString.lowercased(), documentType: documentType(document.kind), title: document.title,
                reference: document.reference, datePublished: context.dates.start(document.dated))
        }
        if let notice = schedule.noticePublishedOn, let reference = schedule.noticeReference,
           !record.documents.contains(where: { $0.kind == .notice }) {
            documents.append(OCDS.Document(
                id: "notice", documentType: "tenderNotice", title: TenderDocumentKind.notice.swedishName, reference: reference,
                datePublished: context.dates.start(notice)))
        }
        if let cancelled = schedule.cancelledOn, cancelled <= context.today {
            documents.append(OCDS.Document(
                id: "cancellation", documentType: "cancellationDetails", title: "Avbrytande", description: schedule.cancellationReason,
                url: nil, datePublished: context.dates.start(cancelled), language: "sv"))
        }
        return documents.isEmpty ? nil : documents
    }

    private func documentType(_ kind: TenderDocumentKind) -> String {
        switch kind {
        case .notice: "tenderNotice"
        case .procurementDocuments: "biddingDocuments"
        case .clarification: "clarifications"
        case .evaluationReport: "evaluationReports"
        case .awardDecision: "awardNotice"
        case .contract: "contractSigned"
        }
    }

    /// Open procedures are open to anyone; the others select who may tender.
    private func method(_ procedure: TenderProcedure) -> OCDS.Method {
        procedure.isSelective ? .selective : .open
    }

    func category(_ type: ContractType) -> OCDS.ProcurementCategory {
        switch type {
        case .supplies: .goods
        case .services, .socialServices: .services
        case .works: .works
        }
    }
}

extension OCDS.Document {
    /// A document by its reference: a link when the reference is a web address, otherwise
    /// the reference as text (an ad database's or e-tendering system's number).
    init(id: String, documentType: String, title: String, reference: String, datePublished: String) {
        let isLink = URL(string: reference).map { ["http", "https"].contains($0.scheme?.lowercased() ?? "") && $0.host != nil } ?? false
        self.init(
            id: id, documentType: documentType, title: title, description: isLink ? nil : reference,
            url: isLink ? reference : nil, datePublished: datePublished, language: "sv")
    }
}

extension String {
    var nonEmpty: String? {
        trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self
    }
}
