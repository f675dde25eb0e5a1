import Foundation
import OpenContracting
import Postgres
import Procurement

/// What an office's open-contracting publication reads.
public enum OpenContractingRead: Sendable, Equatable {
    case publication(Publication)
    /// The office exists but has no OCID prefix: there is nothing it can publish under.
    case prefixNotSet(office: Office.Listing)
}

public enum OpenContractingReadError: Error, Sendable, Equatable {
    /// The publication is read only as the office's public: what that identity may read is,
    /// by the policies, exactly what is published.
    case notThePublic
}

extension Database {
    /// The office's publication, read in one read-only transaction as the office's public
    /// identity, so that row-level security, not Swift, decides what is published: tenders
    /// from their notice, bid counts from the award decision, activated contracts and their
    /// suppliers. Nil for an office that does not exist.
    public func openContractingPublication(officeID: UUID) async throws -> OpenContractingRead? {
        try await transaction(as: .publicReader(of: officeID), readOnly: true) { try await $0.openContractingPublication() }
    }
}

extension Transaction {
    /// See `Database.openContractingPublication(officeID:)`; refuses any other identity than
    /// the public's. Every read sees the same snapshot, and the transaction's `now()` is the
    /// package's `publishedDate`: the moment the policies judged the stages by.
    public func openContractingPublication() async throws -> OpenContractingRead? {
        guard identity.acting == .publicReader, identity.officeID != nil else { throw OpenContractingReadError.notThePublic }
        guard let officeRow = try await query("SELECT id, slug, name, ocid_prefix, now() FROM offices WHERE id = current_office_id()").first
        else { return nil }
        let listing = Office.Listing(id: try officeRow.decode(0), slug: try officeRow.decode(1), name: try officeRow.decode(2))
        guard let prefix: String = try officeRow.decode(3) else { return .prefixNotSet(office: listing) }

        let lots = try await query("SELECT id, tender_id, number, title, estimated_value FROM tender_lots ORDER BY tender_id, number")
            .map(PublishedRows.lot)
        let documents = try await query("""
            SELECT id, tender_id, kind::text, title, reference, dated FROM tender_documents ORDER BY tender_id, dated, id
            """).map(PublishedRows.document)
        let tenders = try await query("SELECT \(fragment: PublishedRows.tenderColumns) FROM tenders ORDER BY id")
            .map(PublishedRows.tender)
            .map { tender in
                Publication.TenderRecord(
                    tender: tender, lots: lots.filter { $0.tenderID == tender.id }, documents: documents.filter { $0.tenderID == tender.id })
            }
        let contracts = try await publishedContracts()
        let suppliers = try await query("SELECT id, name, country, national_id FROM suppliers ORDER BY id").map { row in
            Supplier(id: try row.decode(0), name: try row.decode(1), country: try row.decode(2), nationalID: try row.decode(3))
        }
        let bidCounts = try await query("SELECT tender_id, lot_id, bids FROM awarded_bid_counts() ORDER BY tender_id, lot_id").map { row in
            Publication.BidCount(tenderID: try row.decode(0), lotID: try row.decode(1), bids: try row.decode(2))
        }
        let codes = Array(Set(tenders.map(\.tender.cpv.code) + contracts.map(\.cpv.code))).sorted()
        var labels: [CPVCode: String] = [:]
        for row in try await query("SELECT code, label_sv FROM cpv_codes WHERE code = ANY (\(codes)::text[])") {
            labels[try row.decode(0)] = try row.decode(1)
        }
        return .publication(Publication(
            office: Publication.OfficeInfo(id: listing.id, slug: listing.slug, name: listing.name, ocidPrefix: prefix),
            organisations: try await organisations(), tenders: tenders, contracts: contracts, suppliers: suppliers,
            bidCounts: bidCounts, cpvLabels: labels, publishedDate: try officeRow.decode(4)))
    }

    /// The contracts the identity sees, with their options, suppliers (by rank) and parties.
    private func publishedContracts() async throws -> [Contract] {
        var options: [UUID: [ContractOption]] = [:]
        for row in try await query("SELECT contract_id, ordinal, months, decision::text, decided_on FROM contract_options ORDER BY contract_id, ordinal") {
            options[try row.decode(0), default: []].append(ContractOption(
                ordinal: try row.decode(1), months: try row.decode(2), decision: try row.decodeEnum(3), decidedOn: try row.decode(4)))
        }
        var suppliers: [UUID: [UUID]] = [:]
        for row in try await query("SELECT contract_id, supplier_id FROM contract_suppliers ORDER BY contract_id, rank NULLS LAST, supplier_id") {
            suppliers[try row.decode(0), default: []].append(try row.decode(1))
        }
        var parties: [UUID: [UUID]] = [:]
        for row in try await query("SELECT contract_id, organisation_id FROM contract_parties ORDER BY contract_id, organisation_id") {
            parties[try row.decode(0), default: []].append(try row.decode(1))
        }
        return try await query("""
            SELECT id, reference, title, description, cpv, framework, tender_id, lot_id, start_on, end_on, estimated_value,
                   maximum_value, call_off_method::text, activated_at, terminated_on
            FROM contracts ORDER BY id
            """).map { row in
            let id: UUID = try row.decode(0)
            return Contract(
                id: id, reference: try row.decode(1), title: try row.decode(2), description: try row.decode(3), cpv: try row.decode(4),
                framework: try row.decode(5), tenderID: try row.decode(6), lotID: try row.decode(7), start: try row.decode(8),
                end: try row.decode(9), options: options[id] ?? [], estimatedValue: try row.decode(10), maximumValue: try row.decode(11),
                callOffMethod: try row.decodeEnum(12), activatedAt: try row.decode(13), terminatedOn: try row.decode(14),
                supplierIDs: suppliers[id] ?? [], partyIDs: parties[id] ?? [])
        }
    }
}

/// Row decoding for the publication's read, kept apart from the aggregates' own so each
/// read names exactly the columns it publishes (no user ids, no bids).
private enum PublishedRows {
    static let tenderColumns: PostgresQuery = """
        id, title, description, cpv, contract_type::text, procedure::text, framework, estimated_value, planning_from,
        early_dialogue_on, notice_published_on, notice_reference, tender_deadline, opening_at, award_decision_on,
        award_sent_electronically, contract_signed_on, cancelled_on, cancellation_reason
        """

    static func tender(_ row: PostgresRow) throws -> Tender {
        Tender(
            id: try row.decode(0), title: try row.decode(1), description: try row.decode(2), cpv: try row.decode(3),
            contractType: try row.decodeEnum(4), procedure: try row.decodeEnum(5), framework: try row.decode(6),
            estimatedValue: try row.decode(7),
            schedule: TenderSchedule(
                planningFrom: try row.decode(8), earlyDialogueOn: try row.decode(9), noticePublishedOn: try row.decode(10),
                noticeReference: try row.decode(11), tenderDeadline: try row.decode(12), openingAt: try row.decode(13),
                awardDecisionOn: try row.decode(14), awardSentElectronically: try row.decode(15),
                contractSignedOn: try row.decode(16), cancelledOn: try row.decode(17), cancellationReason: try row.decode(18)))
    }

    static func lot(_ row: PostgresRow) throws -> Lot {
        Lot(id: try row.decode(0), tenderID: try row.decode(1), number: try row.decode(2), title: try row.decode(3),
            estimatedValue: try row.decode(4))
    }

    static func document(_ row: PostgresRow) throws -> TenderDocument {
        TenderDocument(
            id: try row.decode(0), tenderID: try row.decode(1), kind: try row.decodeEnum(2), title: try row.decode(3),
            reference: try row.decode(4), dated: try row.decode(5))
    }
}
