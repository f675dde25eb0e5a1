import Foundation
import Postgres
import Procurement

extension Transaction {
    /// Every pooled procurement of the office (the catalogue everyone in it sees), newest start first.
    public func pooledProcurements() async throws -> [PooledProcurement] {
        try await query("SELECT \(fragment: PooledProcurement.columns) FROM pooled_procurements ORDER BY planned_start DESC, title")
            .map(PooledProcurement.init(row:))
    }

    public func pooledProcurement(id: UUID) async throws -> PooledProcurement? {
        try await query("SELECT \(fragment: PooledProcurement.columns) FROM pooled_procurements WHERE id = \(id)")
            .first.map(PooledProcurement.init(row:))
    }

    /// Locks the procurement's row for the rest of the transaction, so that the office's changes
    /// to it (an update, a cost allocation) happen one request at a time. Only the office's
    /// staff can lock it: row-level security applies the update policy to `FOR UPDATE`.
    public func lockPooledProcurement(id: UUID) async throws -> PooledProcurement? {
        try await query("SELECT \(fragment: PooledProcurement.columns) FROM pooled_procurements WHERE id = \(id) FOR UPDATE")
            .first.map(PooledProcurement.init(row:))
    }

    public func insertPooledProcurement(_ procurement: PooledProcurement, createdBy: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO pooled_procurements (office_id, id, title, description, cpv, contract_type, law, buyer, framework,
                                             planned_start, contract_months, option_months, maximum_value, plan_item_id,
                                             confirmation_deadline, participants_published, created_by)
            VALUES (\(officeID), \(procurement.id), \(procurement.title), \(procurement.description), \(procurement.cpv),
                    \(procurement.contractType.rawValue)::contract_type, \(procurement.law.rawValue)::procurement_law,
                    \(procurement.buyer.rawValue)::buyer_category, \(procurement.framework), \(procurement.period.start),
                    \(procurement.period.months), \(procurement.period.optionMonths.map(Int32.init)), \(procurement.maximumValue),
                    \(procurement.planItemID), \(procurement.confirmationDeadline), \(procurement.participantsPublished),
                    \(createdBy))
            """)
    }

    /// Changes what the office may change after creation: the texts, the period and options,
    /// the maximum, the deadline and whether the participants list is published.
    @discardableResult
    public func updatePooledProcurement(_ procurement: PooledProcurement) async throws -> Bool {
        try await query("""
            UPDATE pooled_procurements
               SET title = \(procurement.title), description = \(procurement.description),
                   framework = \(procurement.framework), planned_start = \(procurement.period.start),
                   contract_months = \(procurement.period.months),
                   option_months = \(procurement.period.optionMonths.map(Int32.init)),
                   maximum_value = \(procurement.maximumValue), confirmation_deadline = \(procurement.confirmationDeadline),
                   participants_published = \(procurement.participantsPublished)
             WHERE id = \(procurement.id)
            """).affectedRows == 1
    }

    /// The participants the identity sees: all for the office and the committee, the
    /// member's own otherwise (all, once the office publishes the list).
    public func participants(of procurementID: UUID? = nil) async throws -> [Participant] {
        try await query("""
            SELECT \(fragment: Participant.columns) FROM pooled_participants
            WHERE \(procurementID)::uuid IS NULL OR pooled_procurement_id = \(procurementID)
            ORDER BY pooled_procurement_id, organisation_id
            """).map(Participant.init(row:))
    }

    public func insertParticipant(_ participant: Participant) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO pooled_participants (office_id, id, pooled_procurement_id, organisation_id, quantity, unit,
                                             yearly_value, status, decided_by, decided_at)
            VALUES (\(officeID), \(participant.id), \(participant.pooledProcurementID), \(participant.organisationID),
                    \(participant.quantity), \(participant.unit), \(participant.yearlyValue),
                    \(participant.status.rawValue)::participation_status, \(participant.decidedBy), \(participant.decidedAt))
            """)
    }

    /// Records a member's decision (confirm or withdraw) by the signed-in user, now. False
    /// when the identity cannot see or change that participation.
    public func decideParticipation(id: UUID, status: ParticipationStatus, by userID: UUID?) async throws -> Bool {
        try await query("""
            UPDATE pooled_participants SET status = \(status.rawValue)::participation_status, decided_by = \(userID),
                   decided_at = now()
             WHERE id = \(id)
            """).affectedRows == 1
    }

    /// Stores an allocation of the office's cost: the terms on the procurement and each
    /// participant's share (withdrawn participants' shares cleared).
    public func storeCostAllocation(procurementID: UUID, terms: CostSharingTerms, shares: [UUID: Money]) async throws {
        try await query("""
            UPDATE pooled_procurements SET office_cost = \(terms.total), cost_basis = \(terms.basis.rawValue)::cost_basis,
                   cost_allocated_at = now()
             WHERE id = \(procurementID)
            """)
        let ids = shares.keys.sorted()
        try await query("""
            UPDATE pooled_participants p SET cost_share = s.share
              FROM unnest(\(ids)::uuid[], \(ids.map { shares[$0]! })::numeric[]) AS s (id, share)
             WHERE p.id = s.id AND p.pooled_procurement_id = \(procurementID)
            """)
        try await query("""
            UPDATE pooled_participants SET cost_share = NULL
             WHERE pooled_procurement_id = \(procurementID) AND NOT (id = ANY (\(ids)::uuid[])) AND cost_share IS NOT NULL
            """)
    }

    /// How large each pooled procurement is (participants and summed yearly value, withdrawn
    /// ones left out), as everyone in the office may know it.
    public func pooledTotals() async throws -> [UUID: PooledTotals] {
        var totals: [UUID: PooledTotals] = [:]
        for row in try await query("SELECT pooled_procurement_id, participants, confirmed, yearly_value FROM pooled_procurement_totals()") {
            totals[try row.decode(0)] = PooledTotals(
                participants: try row.decode(1), confirmed: try row.decode(2), yearlyValue: try row.decode(3))
        }
        return totals
    }

    /// Marks needs as pooled into a procurement. Returns how many were marked.
    public func poolNeeds(_ ids: [UUID], into procurementID: UUID) async throws -> Int {
        try await query("""
            UPDATE needs SET pooled_procurement_id = \(procurementID)
             WHERE id = ANY (\(ids)::uuid[]) AND status = 'submitted' AND pooled_procurement_id IS NULL
            """).affectedRows
    }
}

extension PooledProcurement {
    static let columns: PostgresQuery = """
        id, title, description, cpv, contract_type::text, law::text, buyer::text, framework, planned_start,
        contract_months, option_months, maximum_value, plan_item_id, confirmation_deadline, participants_published,
        office_cost, cost_basis::text, cost_allocated_at
        """

    init(row: PostgresRow) throws {
        let officeCost: Money? = try row.decode(15)
        let basisText: String? = try row.decode(16)
        var costSharing: CostSharingTerms?
        if let officeCost, let basisText, let basis = CostBasis(rawValue: basisText) {
            costSharing = CostSharingTerms(total: officeCost, basis: basis, allocatedAt: try row.decode(17))
        }
        self.init(
            id: try row.decode(0), title: try row.decode(1), description: try row.decode(2), cpv: try row.decode(3),
            contractType: try row.decodeEnum(4), law: try row.decodeEnum(5), buyer: try row.decodeEnum(6),
            framework: try row.decode(7),
            period: try ContractPeriod.stored(start: try row.decode(8), months: try row.decode(9), optionMonths: try row.decode(10)),
            maximumValue: try row.decode(11), planItemID: try row.decode(12), confirmationDeadline: try row.decode(13),
            participantsPublished: try row.decode(14), costSharing: costSharing)
    }
}

extension Participant {
    static let columns: PostgresQuery = """
        id, pooled_procurement_id, organisation_id, quantity, unit, yearly_value, status::text, decided_by, decided_at,
        cost_share
        """

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), pooledProcurementID: try row.decode(1), organisationID: try row.decode(2),
            quantity: try row.decode(3), unit: try row.decode(4), yearlyValue: try row.decode(5),
            status: try row.decodeEnum(6), decidedBy: try row.decode(7), decidedAt: try row.decode(8),
            costShare: try row.decode(9))
    }
}
