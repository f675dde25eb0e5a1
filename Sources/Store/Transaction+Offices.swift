import Foundation
import Postgres
import Procurement

extension Transaction {
    /// Every office's name and slug: the public directory, readable without an identity.
    public func officeDirectory() async throws -> [Office.Listing] {
        try await query("SELECT id, slug, name FROM office_directory()").map { row in
            Office.Listing(id: try row.decode(0), slug: try row.decode(1), name: try row.decode(2))
        }
    }

    /// The office the identity belongs to, if it exists.
    public func currentOffice() async throws -> Office? {
        try await query("SELECT id, slug, name, case_prefix FROM offices WHERE id = current_office_id()")
            .first.map(Office.init(row:))
    }

    /// Creates the identity's office. The row must be the identity's own office: row-level
    /// security refuses any other.
    public func insertOffice(_ office: Office) async throws {
        try await query("""
            INSERT INTO offices (id, slug, name, case_prefix)
            VALUES (\(office.id), \(office.slug), \(office.name), \(office.casePrefix))
            """)
    }
}

extension Office {
    /// An office as the public directory lists it.
    public struct Listing: Sendable, Equatable, Codable {
        public var id: UUID
        public var slug: String
        public var name: String
    }

    init(row: PostgresRow) throws {
        self.init(id: try row.decode(0), slug: try row.decode(1), name: try row.decode(2), casePrefix: try row.decode(3))
    }
}
