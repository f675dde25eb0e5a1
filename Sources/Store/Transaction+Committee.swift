import Foundation
import Postgres
import Procurement

extension Transaction {
    public func committeeTerms() async throws -> [CommitteeTerm] {
        try await query("SELECT id, name, starts_on, ends_on FROM committee_terms ORDER BY starts_on DESC").map { row in
            CommitteeTerm(id: try row.decode(0), name: try row.decode(1), startsOn: try row.decode(2), endsOn: try row.decode(3))
        }
    }

    public func insertCommitteeTerm(_ term: CommitteeTerm) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO committee_terms (office_id, id, name, starts_on, ends_on)
            VALUES (\(officeID), \(term.id), \(term.name), \(term.startsOn), \(term.endsOn))
            """)
    }

    public func committeeMandates(termID: UUID) async throws -> [CommitteeMandate] {
        try await query("""
            SELECT id, term_id, organisation_id, user_id, position::text, substitute_rank, presiding::text
            FROM committee_mandates WHERE term_id = \(termID)
            ORDER BY organisation_id, position, substitute_rank
            """).map(CommitteeMandate.init(row:))
    }

    public func insertCommitteeMandate(_ mandate: CommitteeMandate) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        var position = "member"
        var rank: Int?
        var presiding: String?
        switch mandate.position {
        case .member(let chair): presiding = chair?.rawValue
        case .substitute(let value): position = "substitute"; rank = value
        }
        try await query("""
            INSERT INTO committee_mandates (office_id, id, term_id, organisation_id, user_id, position, substitute_rank, presiding)
            VALUES (\(officeID), \(mandate.id), \(mandate.termID), \(mandate.organisationID), \(mandate.userID),
                    \(position)::committee_position, \(rank), \(presiding)::committee_presiding)
            """)
    }
}

extension CommitteeMandate {
    init(row: PostgresRow) throws {
        let positionText: String = try row.decode(4)
        let position: Position
        if positionText == "substitute" {
            position = .substitute(rank: try row.decode(5))
        } else {
            position = .member(presiding: (try row.decode(6, as: String?.self)).flatMap(Presiding.init(rawValue:)))
        }
        self.init(id: try row.decode(0), termID: try row.decode(1), organisationID: try row.decode(2), userID: try row.decode(3), position: position)
    }
}

extension Transaction {
    /// Takes the next number of a gapless series for the year (`case`: diarienummer,
    /// `paragraph`: §). The series row stays locked until the transaction ends: concurrent
    /// takers queue, and a rollback gives the number back.
    func takeNumber(_ series: String, year: Int) async throws -> Int {
        guard let row = try await query("SELECT take_number(\(series)::text, \(year)::integer)").first else {
            throw PostgresError(kind: .decoding, context: "take_number returned nothing")
        }
        return try row.decode(0)
    }

    /// Creates an assignment with the next case number of the year.
    public func createAssignment(
        id: UUID, year: Int, title: String, scope: String, pooledProcurementID: UUID?, estimatedValue: Money?, createdBy: UUID?
    ) async throws -> Assignment {
        guard let office = try await currentOffice() else { throw StoreError.noOffice }
        let serial = try await takeNumber("case", year: year)
        try await query("""
            INSERT INTO assignments (office_id, id, case_year, case_serial, title, scope, pooled_procurement_id,
                                     estimated_value, status, created_by)
            VALUES (\(office.id), \(id), \(year), \(serial), \(title), \(scope), \(pooledProcurementID), \(estimatedValue),
                    'proposed', \(createdBy))
            """)
        return Assignment(
            id: id, caseNumber: CaseNumber(prefix: office.casePrefix, year: year, serial: serial), title: title, scope: scope,
            pooledProcurementID: pooledProcurementID, estimatedValue: estimatedValue, status: .proposed)
    }

    public func assignments() async throws -> [Assignment] {
        try await query("""
            SELECT a.id, o.case_prefix, a.case_year, a.case_serial, a.title, a.scope, a.pooled_procurement_id,
                   a.estimated_value, a.status::text, a.procurer_id, a.report
            FROM assignments a JOIN offices o ON o.id = a.office_id
            ORDER BY a.case_year DESC, a.case_serial DESC
            """).map(Assignment.init(row:))
    }

    @discardableResult
    public func setAssignmentStatus(id: UUID, to status: AssignmentStatus, procurerID: UUID? = nil, report: String? = nil) async throws -> Bool {
        try await query("""
            UPDATE assignments SET status = \(status.rawValue)::assignment_status,
                   procurer_id = coalesce(\(procurerID), procurer_id), report = coalesce(\(report), report)
             WHERE id = \(id)
            """).affectedRows == 1
    }
}

extension Assignment {
    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), caseNumber: CaseNumber(prefix: try row.decode(1), year: try row.decode(2), serial: try row.decode(3)),
            title: try row.decode(4), scope: try row.decode(5), pooledProcurementID: try row.decode(6),
            estimatedValue: try row.decode(7), status: try row.decodeEnum(8), procurerID: try row.decode(9), report: try row.decode(10))
    }
}

/// A seat holder with their name, as everyone signed in to the office may read it.
public struct RosterEntry: Sendable, Equatable {
    public var mandate: CommitteeMandate
    public var name: String
}

extension Transaction {
    public func committeeRoster(termID: UUID) async throws -> [RosterEntry] {
        try await query("""
            SELECT mandate_id, \(termID)::uuid, organisation_id, user_id, seat_position, substitute_rank, presiding, name
            FROM committee_roster(\(termID))
            """).map { row in RosterEntry(mandate: try CommitteeMandate(row: row), name: try row.decode(7)) }
    }

    /// The term that covers `date`, if any.
    public func committeeTerm(on date: CalendarDate) async throws -> CommitteeTerm? {
        try await committeeTerms().first { $0.startsOn <= date && date <= $0.endsOn }
    }

    public func assignment(id: UUID) async throws -> Assignment? {
        try await assignments().first { $0.id == id }
    }
}
