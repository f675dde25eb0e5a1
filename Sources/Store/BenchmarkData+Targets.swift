import Foundation
import Postgres
import Procurement

extension BenchmarkData {
    /// What the measurements ask for, found in the generated data: the largest office, its
    /// member with the most contracts (the longest contract list: the worst case a member
    /// meets), one of that member's active contracts, the next committee meeting, and the
    /// people to ask as.
    public struct Targets: Sendable {
        public var officeID: UUID
        public var officeSlug: String
        public var organisationID: UUID
        public var coordinatorUserID: UUID
        public var coordinatorRoleID: UUID
        public var contractID: UUID
        public var contractsOfOrganisation: Int
        public var committeeUserID: UUID
        public var committeeRoleID: UUID
        public var committeeOrganisationID: UUID?
        public var meetingID: UUID
        public var cpv: String
    }

    public static func targets(in database: Database) async throws -> Targets? {
        let offices = try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        guard let office = offices.filter({ $0.slug.hasPrefix(slugPrefix) }).min(by: { $0.slug < $1.slug }) else { return nil }
        return try await database.transaction(as: .system(of: office.id), readOnly: true) { transaction -> Targets? in
            guard let busiest = try await transaction.query("""
                    SELECT organisation_id, count(*)::int8 FROM contract_parties
                    GROUP BY organisation_id ORDER BY count(*) DESC, organisation_id LIMIT 1
                    """).first,
                  let coordinator = try await transaction.query("""
                    SELECT id, user_id FROM role_assignments
                    WHERE role = 'coordinator' AND organisation_id = \(try busiest.decode(0, as: UUID.self)) ORDER BY id LIMIT 1
                    """).first,
                  let contract = try await transaction.query("""
                    SELECT c.id FROM contracts c JOIN contract_parties p ON p.office_id = c.office_id AND p.contract_id = c.id
                    WHERE p.organisation_id = \(try busiest.decode(0, as: UUID.self)) AND c.activated_at IS NOT NULL
                    ORDER BY c.id LIMIT 1
                    """).first,
                  let member = try await transaction.query("""
                    SELECT id, user_id, organisation_id FROM role_assignments WHERE role = 'committee_member' ORDER BY id LIMIT 1
                    """).first,
                  let meeting = try await transaction.query("""
                    SELECT id FROM meetings WHERE starts_at >= now() ORDER BY starts_at, id LIMIT 1
                    """).first,
                  let need = try await transaction.query("SELECT cpv FROM needs ORDER BY id LIMIT 1").first
            else { return nil }
            return Targets(
                officeID: office.id, officeSlug: office.slug, organisationID: try busiest.decode(0),
                coordinatorUserID: try coordinator.decode(1), coordinatorRoleID: try coordinator.decode(0),
                contractID: try contract.decode(0), contractsOfOrganisation: try busiest.decode(1),
                committeeUserID: try member.decode(1), committeeRoleID: try member.decode(0), committeeOrganisationID: try member.decode(2),
                meetingID: try meeting.decode(0), cpv: try need.decode(0))
        }
    }
}
