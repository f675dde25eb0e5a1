import Foundation
import Postgres
import Procurement

/// How the contract register may be narrowed in the database; what depends on the day or on
/// the options used (status, the current end, expiry) is decided in the domain.
public struct ContractFilter: Sendable, Equatable {
    /// The CPV code's leading digits: "15" for food, "3019" for office supplies.
    public var cpvPrefix: String?
    public var supplierID: UUID?
    public var partyID: UUID?
    public var tenderID: UUID?

    public init(cpvPrefix: String? = nil, supplierID: UUID? = nil, partyID: UUID? = nil, tenderID: UUID? = nil) {
        self.cpvPrefix = cpvPrefix
        self.supplierID = supplierID
        self.partyID = partyID
        self.tenderID = tenderID
    }
}

extension Transaction {
    /// The contracts the identity sees (the office and the committee all; a member's users
    /// those their organisation is party to; the public the activated ones), by end date.
    public func contracts(_ filter: ContractFilter = ContractFilter()) async throws -> [Contract] {
        let prefix = filter.cpvPrefix.map { String($0.prefix(8)) }
        return try await query("""
            SELECT \(fragment: Contract.columns) FROM contracts c
            WHERE (\(prefix)::text IS NULL OR left(c.cpv, length(\(prefix)::text)) = \(prefix)::text)
              AND (\(filter.supplierID)::uuid IS NULL OR EXISTS (SELECT FROM contract_suppliers s
                   WHERE s.office_id = c.office_id AND s.contract_id = c.id AND s.supplier_id = \(filter.supplierID)))
              AND (\(filter.partyID)::uuid IS NULL OR EXISTS (SELECT FROM contract_parties p
                   WHERE p.office_id = c.office_id AND p.contract_id = c.id AND p.organisation_id = \(filter.partyID)))
              AND (\(filter.tenderID)::uuid IS NULL OR c.tender_id = \(filter.tenderID))
            ORDER BY c.end_on, c.reference
            """).map(Contract.init(row:))
    }

    public func contract(id: UUID) async throws -> Contract? {
        try await query("SELECT \(fragment: Contract.columns) FROM contracts c WHERE c.id = \(id)").first.map(Contract.init(row:))
    }

    /// Locks the contract's row for the rest of the transaction; only those who keep the
    /// register can (the update policy applies to `FOR UPDATE`).
    public func lockContract(id: UUID) async throws -> Contract? {
        try await query("SELECT \(fragment: Contract.columns) FROM contracts c WHERE c.id = \(id) FOR UPDATE OF c")
            .first.map(Contract.init(row:))
    }

    /// Stores a new contract as a draft with its options, suppliers (in rank order when
    /// `ranked`) and parties; `activateContract` makes it active.
    public func insertContract(_ contract: Contract, ranked: Bool, createdBy: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO contracts (office_id, id, reference, title, description, cpv, framework, tender_id, lot_id, start_on,
                                   end_on, estimated_value, maximum_value, call_off_method, manager_id,
                                   successor_assignment_id, created_by)
            VALUES (\(officeID), \(contract.id), \(contract.reference), \(contract.title), \(contract.description), \(contract.cpv),
                    \(contract.framework), \(contract.tenderID), \(contract.lotID), \(contract.start), \(contract.end),
                    \(contract.estimatedValue), \(contract.maximumValue), \(contract.callOffMethod.rawValue)::call_off_method,
                    \(contract.managerID), \(contract.successorAssignmentID), \(createdBy))
            """)
        for option in contract.options {
            try await query("""
                INSERT INTO contract_options (office_id, id, contract_id, ordinal, months)
                VALUES (\(officeID), \(UUID()), \(contract.id), \(option.ordinal), \(option.months))
                """)
        }
        for (index, supplierID) in contract.supplierIDs.enumerated() {
            try await query("""
                INSERT INTO contract_suppliers (office_id, id, contract_id, supplier_id, rank)
                VALUES (\(officeID), \(UUID()), \(contract.id), \(supplierID), \(ranked ? index + 1 : nil))
                """)
        }
        for partyID in contract.partyIDs {
            try await query("""
                INSERT INTO contract_parties (office_id, id, contract_id, organisation_id)
                VALUES (\(officeID), \(UUID()), \(contract.id), \(partyID))
                """)
        }
    }

    /// Activates a draft contract now. The database refuses it when a supplier lacks current
    /// checks, the standstill has not ended or a direct award at the limit is undocumented.
    @discardableResult
    public func activateContract(id: UUID) async throws -> Bool {
        try await query("UPDATE contracts SET activated_at = now() WHERE id = \(id) AND activated_at IS NULL").affectedRows == 1
    }

    /// Records the decision on an option, by the signed-in user, on a day.
    @discardableResult
    public func decideOption(contractID: UUID, ordinal: Int, decision: OptionDecision, on day: CalendarDate, by userID: UUID?) async throws -> Bool {
        try await query("""
            UPDATE contract_options SET decision = \(decision.rawValue)::option_decision, decided_on = \(day), decided_by = \(userID)
             WHERE contract_id = \(contractID) AND ordinal = \(ordinal)
            """).affectedRows == 1
    }

    @discardableResult
    public func terminateContract(id: UUID, on day: CalendarDate) async throws -> Bool {
        try await query("UPDATE contracts SET terminated_on = \(day) WHERE id = \(id)").affectedRows == 1
    }

    /// Names the assignment that procures the contract's successor (nil: none yet).
    @discardableResult
    public func setSuccessorAssignment(contractID: UUID, assignmentID: UUID?) async throws -> Bool {
        try await query("UPDATE contracts SET successor_assignment_id = \(assignmentID) WHERE id = \(contractID)").affectedRows == 1
    }

    /// The rank of each supplier on a contract, where the framework ranks them.
    public func supplierRanks(contractID: UUID) async throws -> [UUID: Int] {
        var ranks: [UUID: Int] = [:]
        for row in try await query("""
            SELECT supplier_id, rank FROM contract_suppliers WHERE contract_id = \(contractID) AND rank IS NOT NULL
            """) {
            ranks[try row.decode(0, as: UUID.self)] = try row.decode(1, as: Int.self)
        }
        return ranks
    }

    /// The name of one of the office's staff, as a contract's manager: an official contact that
    /// anyone signed in to the office may know. Nil for anyone else, or for a visitor.
    public func officeContactName(userID: UUID) async throws -> String? {
        try await query("SELECT office_contact_name(\(userID))").single?.decode(0)
    }

    /// `officeContactName(userID:)` for each of `userIDs` in one statement, leaving out those
    /// it gives no name: the managers of a whole register in one round trip.
    public func officeContactNames(userIDs: [UUID]) async throws -> [UUID: String] {
        guard !userIDs.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for row in try await query("""
            SELECT id, office_contact_name(id) FROM unnest(\(userIDs)::uuid[]) AS managers (id)
            """) {
            if let name = try row.decode(1, as: String?.self) { names[try row.decode(0, as: UUID.self)] = name }
        }
        return names
    }

    public func directAwardDocumentation(contractID: UUID) async throws -> DirectAwardDocumentation? {
        try await query("""
            SELECT competition_method, suppliers_asked, answers_received, winner_reason, documented_on
            FROM direct_award_documentation WHERE contract_id = \(contractID)
            """).first.map { row in
            DirectAwardDocumentation(
                competitionMethod: try row.decode(0), suppliersAsked: try row.decode(1), answersReceived: try row.decode(2),
                winnerReason: try row.decode(3), documentedOn: try row.decode(4))
        }
    }

    public func insertDirectAwardDocumentation(_ documentation: DirectAwardDocumentation, contractID: UUID, by userID: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO direct_award_documentation (office_id, id, contract_id, competition_method, suppliers_asked,
                                                    answers_received, winner_reason, documented_on, documented_by)
            VALUES (\(officeID), \(UUID()), \(contractID), \(documentation.competitionMethod), \(documentation.suppliersAsked),
                    \(documentation.answersReceived), \(documentation.winnerReason), \(documentation.documentedOn), \(userID))
            """)
    }
}

extension Contract {
    /// The contract's own columns, then its suppliers (by rank), parties and options folded
    /// into one row each, so the register is one query.
    static let columns: PostgresQuery = """
        c.id, c.reference, c.title, c.description, c.cpv, c.framework, c.tender_id, c.lot_id, c.start_on, c.end_on,
        c.estimated_value, c.maximum_value, c.call_off_method::text, c.manager_id, c.activated_at, c.terminated_on,
        c.successor_assignment_id,
        coalesce((SELECT array_agg(s.supplier_id ORDER BY s.rank NULLS LAST, s.id) FROM contract_suppliers s
                  WHERE s.office_id = c.office_id AND s.contract_id = c.id), '{}'),
        coalesce((SELECT array_agg(p.organisation_id ORDER BY p.organisation_id) FROM contract_parties p
                  WHERE p.office_id = c.office_id AND p.contract_id = c.id), '{}'),
        coalesce((SELECT string_agg(o.ordinal || ':' || o.months || ':' || o.decision || ':' || coalesce(o.decided_on::text, ''),
                                    ',' ORDER BY o.ordinal)
                  FROM contract_options o WHERE o.office_id = c.office_id AND o.contract_id = c.id), '')
        """

    init(row: PostgresRow) throws {
        let optionsText: String = try row.decode(19)
        let options = optionsText.split(separator: ",").compactMap { entry -> ContractOption? in
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 4, let ordinal = Int(parts[0]), let months = Int(parts[1]),
                  let decision = OptionDecision(rawValue: String(parts[2])) else { return nil }
            return ContractOption(ordinal: ordinal, months: months, decision: decision, decidedOn: CalendarDate(iso: parts[3]))
        }
        self.init(
            id: try row.decode(0), reference: try row.decode(1), title: try row.decode(2), description: try row.decode(3),
            cpv: try row.decode(4), framework: try row.decode(5), tenderID: try row.decode(6), lotID: try row.decode(7),
            start: try row.decode(8), end: try row.decode(9), options: options, estimatedValue: try row.decode(10),
            maximumValue: try row.decode(11), callOffMethod: try row.decodeEnum(12), managerID: try row.decode(13),
            activatedAt: try row.decode(14), terminatedOn: try row.decode(15), successorAssignmentID: try row.decode(16),
            supplierIDs: try row.decode(17), partyIDs: try row.decode(18))
    }
}
