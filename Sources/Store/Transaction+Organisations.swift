import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The member organisations of the identity's office, by kind and name.
    public func organisations() async throws -> [Organisation] {
        try await query("""
            SELECT \(fragment: Organisation.columns) FROM organisations
            ORDER BY organisations.kind, organisations.name
            """).map(Organisation.init(row:))
    }

    /// The member organisations among `ids` that the identity sees, in one query: the parties
    /// of a page of contracts, without the whole directory.
    public func organisations(ids: [UUID]) async throws -> [Organisation] {
        guard !ids.isEmpty else { return [] }
        return try await query("SELECT \(fragment: Organisation.columns) FROM organisations WHERE id = ANY (\(ids)::uuid[])")
            .map(Organisation.init(row:))
    }

    public func organisation(id: UUID) async throws -> Organisation? {
        try await query("SELECT \(fragment: Organisation.columns) FROM organisations WHERE id = \(id)")
            .first.map(Organisation.init(row:))
    }

    public func insertOrganisation(_ organisation: Organisation) async throws {
        try await query("""
            INSERT INTO organisations (office_id, id, kind, name, organisation_number, kommunkod,
                                       population, member_from, member_to)
            VALUES (\(organisation.officeID), \(organisation.id), \(organisation.kind.rawValue), \(organisation.name),
                    \(organisation.organisationNumber.digits), \(organisation.kommunkod?.code),
                    \(organisation.population.map(Int64.init)), \(organisation.memberFrom), \(organisation.memberTo))
            """)
    }
}

extension Transaction {
    /// Changes what may change of a member: name, population and membership dates. False when
    /// the identity cannot see or change it.
    @discardableResult
    public func updateOrganisation(_ organisation: Organisation) async throws -> Bool {
        try await query("""
            UPDATE organisations SET name = \(organisation.name), population = \(organisation.population.map(Int64.init)),
                   member_from = \(organisation.memberFrom), member_to = \(organisation.memberTo)
            WHERE id = \(organisation.id)
            """).affectedRows == 1
    }
}

extension Organisation {
    static let columns: PostgresQuery = """
        office_id, id, kind::text, name, organisation_number, kommunkod, population, member_from, member_to
        """

    init(row: PostgresRow) throws {
        let kindText: String = try row.decode(2)
        guard let kind = OrganisationKind(rawValue: kindText) else {
            throw PostgresError(kind: .decoding, context: "unknown organisation kind", column: "kind")
        }
        let number: String = try row.decode(4)
        let organisationNumber: OrganisationNumber
        do {
            organisationNumber = try OrganisationNumber(number)
        } catch {
            throw PostgresError(kind: .decoding, context: "stored organisationsnummer is invalid", column: "organisation_number")
        }
        self.init(
            id: try row.decode(1), officeID: try row.decode(0), kind: kind, name: try row.decode(3),
            organisationNumber: organisationNumber,
            kommunkod: (try row.decode(5, as: String?.self)).flatMap(Kommunkod.init),
            population: try row.decode(6, as: Int?.self),
            memberFrom: try row.decode(7), memberTo: try row.decode(8)
        )
    }
}
