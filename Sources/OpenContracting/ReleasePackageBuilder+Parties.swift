import Foundation
import Procurement

/// The parties of one release, each once, with all its roles: a municipal company can be a
/// buyer in one contract and a supplier in another.
struct PartyList {
    private var parties: [String: OCDS.Organization] = [:]

    @discardableResult
    mutating func add(_ party: OCDS.Organization) -> OCDS.OrganizationReference {
        var merged = parties[party.id] ?? party
        merged.roles = Set(merged.roles + party.roles).sorted()
        parties[party.id] = merged
        return OCDS.OrganizationReference(id: party.id, name: party.name)
    }

    var all: [OCDS.Organization]? { parties.isEmpty ? nil : parties.values.sorted { $0.id < $1.id } }

    /// The buyer, when the release has exactly one: OCDS 1.1 has room for one `buyer`, and
    /// a joint procurement's members are all buyers, so then they are named in the parties only.
    var soleBuyer: OCDS.OrganizationReference? {
        let buyers = parties.values.filter { $0.roles.contains(.buyer) }
        guard buyers.count == 1, let buyer = buyers.first else { return nil }
        return OCDS.OrganizationReference(id: buyer.id, name: buyer.name)
    }
}

extension BuildContext {
    /// The office runs the procedure for its members: the procuring entity. It has no
    /// organisationsnummer of its own (it acts within its host municipality), so its id is
    /// made under the office's registered prefix.
    var officeParty: OCDS.Organization {
        OCDS.Organization(id: "\(prefix)-office", name: publication.office.name, identifier: nil, roles: [.procuringEntity])
    }

    /// A member organisation that is party to a contract: a buyer.
    func buyerParty(_ organisation: Organisation) -> OCDS.Organization {
        swedishParty(organisation.organisationNumber, name: organisation.name, roles: [.buyer])
    }

    /// A supplier; a tenderer too when the contract came from a tender. A Swedish legal
    /// person by its organisationsnummer; anyone else (a foreign company, a sole trader whose
    /// number is a personnummer) under a local id, so no personal identity number is published.
    func supplierParty(_ supplier: Supplier, tendered: Bool) -> OCDS.Organization {
        let roles: [OCDS.PartyRole] = tendered ? [.supplier, .tenderer] : [.supplier]
        if let number = supplier.organisationNumber {
            return swedishParty(number, name: supplier.name, roles: roles)
        }
        return OCDS.Organization(
            id: "\(prefix)-supplier-\(supplier.id.uuidString.lowercased())", name: supplier.name, identifier: nil, roles: roles)
    }

    /// Swedish organisations by org-id.guide's SE-BLV (Bolagsverket's organisationsnummer).
    private func swedishParty(_ number: OrganisationNumber, name: String, roles: [OCDS.PartyRole]) -> OCDS.Organization {
        OCDS.Organization(
            id: "SE-ORG-\(number.digits)", name: name,
            identifier: OCDS.Identifier(scheme: "SE-BLV", id: number.digits, legalName: name), roles: roles)
    }

    /// Adds a contract's suppliers and member parties to the release; the suppliers' references.
    func addParties(of contract: Contract, tendered: Bool, to parties: inout PartyList) -> [OCDS.OrganizationReference] {
        for organisation in contract.partyIDs.compactMap({ organisations[$0] }) {
            parties.add(buyerParty(organisation))
        }
        return contract.supplierIDs.compactMap { suppliers[$0] }.map { parties.add(supplierParty($0, tendered: tendered)) }
    }
}
