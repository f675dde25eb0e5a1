import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The tenders the identity sees: all of the office for anyone signed in to it, the
    /// published ones for the public. Newest planning first.
    public func tenders() async throws -> [Tender] {
        try await query("SELECT \(fragment: Tender.columns) FROM tenders ORDER BY planning_from DESC, title")
            .map(Tender.init(row:))
    }

    public func tender(id: UUID) async throws -> Tender? {
        try await query("SELECT \(fragment: Tender.columns) FROM tenders WHERE id = \(id)").first.map(Tender.init(row:))
    }

    /// Locks the tender's row for the rest of the transaction, so that its stages, bids and
    /// award change one request at a time. Only the procurement staff can: row-level security
    /// applies the update policy to `FOR UPDATE`.
    public func lockTender(id: UUID) async throws -> Tender? {
        try await query("SELECT \(fragment: Tender.columns) FROM tenders WHERE id = \(id) FOR UPDATE")
            .first.map(Tender.init(row:))
    }

    public func insertTender(_ tender: Tender, createdBy: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        let schedule = tender.schedule
        try await query("""
            INSERT INTO tenders (office_id, id, title, description, cpv, contract_type, procedure, framework, assignment_id,
                                 pooled_procurement_id, estimated_value, planning_from, early_dialogue_on, notice_published_on,
                                 notice_reference, tender_deadline, opening_at, award_decision_on, award_sent_electronically,
                                 standstill_last_day, contract_signed_on, cancelled_on, cancellation_reason, created_by)
            VALUES (\(officeID), \(tender.id), \(tender.title), \(tender.description), \(tender.cpv),
                    \(tender.contractType.rawValue)::contract_type, \(tender.procedure.rawValue)::tender_procedure,
                    \(tender.framework), \(tender.assignmentID), \(tender.pooledProcurementID), \(tender.estimatedValue),
                    \(schedule.planningFrom), \(schedule.earlyDialogueOn), \(schedule.noticePublishedOn),
                    \(schedule.noticeReference), \(schedule.tenderDeadline), \(schedule.openingAt), \(schedule.awardDecisionOn),
                    \(schedule.awardSentElectronically), \(schedule.standstillLastDay), \(schedule.contractSignedOn),
                    \(schedule.cancelledOn), \(schedule.cancellationReason), \(createdBy))
            """)
    }

    /// Stores the tender's texts and stages as they now are; the standstill's last day is
    /// computed from the award decision, never taken from outside.
    @discardableResult
    public func updateTender(_ tender: Tender) async throws -> Bool {
        let schedule = tender.schedule
        return try await query("""
            UPDATE tenders
               SET title = \(tender.title), description = \(tender.description), procedure = \(tender.procedure.rawValue)::tender_procedure,
                   framework = \(tender.framework), estimated_value = \(tender.estimatedValue),
                   planning_from = \(schedule.planningFrom), early_dialogue_on = \(schedule.earlyDialogueOn),
                   notice_published_on = \(schedule.noticePublishedOn), notice_reference = \(schedule.noticeReference),
                   tender_deadline = \(schedule.tenderDeadline), opening_at = \(schedule.openingAt),
                   award_decision_on = \(schedule.awardDecisionOn), award_sent_electronically = \(schedule.awardSentElectronically),
                   standstill_last_day = \(schedule.standstillLastDay), contract_signed_on = \(schedule.contractSignedOn),
                   cancelled_on = \(schedule.cancelledOn), cancellation_reason = \(schedule.cancellationReason)
             WHERE id = \(tender.id)
            """).affectedRows == 1
    }

    /// The lots of one tender, or of every tender the identity sees, in number order.
    public func lots(tenderID: UUID? = nil) async throws -> [Lot] {
        try await query("""
            SELECT id, tender_id, number, title, estimated_value FROM tender_lots
            WHERE \(tenderID)::uuid IS NULL OR tender_id = \(tenderID)
            ORDER BY tender_id, number
            """).map { row in
            Lot(id: try row.decode(0), tenderID: try row.decode(1), number: try row.decode(2), title: try row.decode(3),
                estimatedValue: try row.decode(4))
        }
    }

    public func insertLot(_ lot: Lot) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO tender_lots (office_id, id, tender_id, number, title, estimated_value)
            VALUES (\(officeID), \(lot.id), \(lot.tenderID), \(lot.number), \(lot.title), \(lot.estimatedValue))
            """)
    }

    public func tenderDocuments(tenderID: UUID? = nil) async throws -> [TenderDocument] {
        try await query("""
            SELECT id, tender_id, kind::text, title, reference, dated FROM tender_documents
            WHERE \(tenderID)::uuid IS NULL OR tender_id = \(tenderID)
            ORDER BY tender_id, dated, title
            """).map { row in
            TenderDocument(
                id: try row.decode(0), tenderID: try row.decode(1), kind: try row.decodeEnum(2), title: try row.decode(3),
                reference: try row.decode(4), dated: try row.decode(5))
        }
    }

    public func insertTenderDocument(_ document: TenderDocument) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO tender_documents (office_id, id, tender_id, kind, title, reference, dated)
            VALUES (\(officeID), \(document.id), \(document.tenderID), \(document.kind.rawValue)::tender_document_kind,
                    \(document.title), \(document.reference), \(document.dated))
            """)
    }

    /// The bids of a tender the identity may read: none before the opening, and only the
    /// office's staff until the award decision. The database decides, on time and role.
    public func bids(tenderID: UUID) async throws -> [Bid] {
        try await query("""
            SELECT id, tender_id, lot_id, supplier_id, price, received_at, awarded FROM bids
            WHERE tender_id = \(tenderID) ORDER BY lot_id, price, received_at
            """).map { row in
            Bid(id: try row.decode(0), tenderID: try row.decode(1), lotID: try row.decode(2), supplierID: try row.decode(3),
                price: try row.decode(4), receivedAt: try row.decode(5), awarded: try row.decode(6))
        }
    }

    /// Registers a received bid. Nothing is read back: before the opening nobody may read it,
    /// not even the one who registered it.
    public func insertBid(_ bid: Bid, registeredBy: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO bids (office_id, id, tender_id, lot_id, supplier_id, price, received_at, registered_by)
            VALUES (\(officeID), \(bid.id), \(bid.tenderID), \(bid.lotID), \(bid.supplierID), \(bid.price), \(bid.receivedAt),
                    \(registeredBy))
            """)
    }

    /// Marks the winning bids of a tender with its award decision (and clears the others).
    /// Returns how many bids were marked.
    @discardableResult
    public func markAwardedBids(tenderID: UUID, winners: [UUID]) async throws -> Int {
        try await query("""
            UPDATE bids SET awarded = (id = ANY (\(winners)::uuid[]))
             WHERE tender_id = \(tenderID) AND awarded IS DISTINCT FROM (id = ANY (\(winners)::uuid[]))
            """)
        return try await query("""
            SELECT count(*) FROM bids WHERE tender_id = \(tenderID) AND awarded
            """).single!.decode(0)
    }

    /// Whether the identity may read the tender's bids now: the database's own rule (time and
    /// role), asked rather than guessed, so that a sealed list is told apart from an empty one.
    public func bidsReadable(tenderID: UUID) async throws -> Bool {
        guard let officeID = identity.officeID else { return false }
        return try await query("SELECT bids_readable(\(officeID), \(tenderID))").single?.decode(0) ?? false
    }

    /// How many bids each lot of the office's awarded tenders received, as anyone may know
    /// once the award decision is made (and nobody before).
    public func awardedBidCounts() async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for row in try await query("SELECT lot_id, bids FROM awarded_bid_counts()") {
            counts[try row.decode(0, as: UUID.self)] = try row.decode(1, as: Int.self)
        }
        return counts
    }
}

extension Tender {
    static let columns: PostgresQuery = """
        id, title, description, cpv, contract_type::text, procedure::text, framework, assignment_id, pooled_procurement_id,
        estimated_value, planning_from, early_dialogue_on, notice_published_on, notice_reference, tender_deadline, opening_at,
        award_decision_on, award_sent_electronically, contract_signed_on, cancelled_on, cancellation_reason
        """

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), title: try row.decode(1), description: try row.decode(2), cpv: try row.decode(3),
            contractType: try row.decodeEnum(4), procedure: try row.decodeEnum(5), framework: try row.decode(6),
            assignmentID: try row.decode(7), pooledProcurementID: try row.decode(8), estimatedValue: try row.decode(9),
            schedule: TenderSchedule(
                planningFrom: try row.decode(10), earlyDialogueOn: try row.decode(11), noticePublishedOn: try row.decode(12),
                noticeReference: try row.decode(13), tenderDeadline: try row.decode(14), openingAt: try row.decode(15),
                awardDecisionOn: try row.decode(16), awardSentElectronically: try row.decode(17),
                contractSignedOn: try row.decode(18), cancelledOn: try row.decode(19), cancellationReason: try row.decode(20)))
    }
}
