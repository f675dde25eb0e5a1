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

        // The aggregates' own reads: as the public identity, the policies leave exactly what is
        // published (tenders from their notice, activated contracts and their suppliers).
        let lots = try await lots()
        let documents = try await tenderDocuments()
        let tenders = try await tenders().map { tender in
            Publication.TenderRecord(
                tender: tender, lots: lots.filter { $0.tenderID == tender.id }, documents: documents.filter { $0.tenderID == tender.id })
        }
        let contracts = try await contracts()
        let suppliers = try await supplierDirectory().values.sorted { $0.id < $1.id }
        let lotTenders = Dictionary(uniqueKeysWithValues: lots.map { ($0.id, $0.tenderID) })
        let bidCounts = try await awardedBidCounts().compactMap { lotID, bids in
            lotTenders[lotID].map { Publication.BidCount(tenderID: $0, lotID: lotID, bids: bids) }
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
}
