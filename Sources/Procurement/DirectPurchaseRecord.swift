import Foundation

/// A direct purchase (*direktupphandling*) as a member registers it: with the supplier and
/// what was bought, so that purchases of one kind can be added up over twelve months.
public struct DirectPurchaseRecord: Hashable, Sendable {
    public var id: UUID
    public var organisationID: UUID
    public var cpv: CPVCode
    public var description: String
    public var supplierName: String
    public var supplierOrganisationNumber: OrganisationNumber?
    public var date: CalendarDate
    /// SEK excluding VAT.
    public var value: Money
    public var registeredBy: UUID
    public var registeredAt: Date

    public init(
        id: UUID, organisationID: UUID, cpv: CPVCode, description: String, supplierName: String,
        supplierOrganisationNumber: OrganisationNumber?, date: CalendarDate, value: Money, registeredBy: UUID, registeredAt: Date
    ) {
        self.id = id
        self.organisationID = organisationID
        self.cpv = cpv
        self.description = description
        self.supplierName = supplierName
        self.supplierOrganisationNumber = supplierOrganisationNumber
        self.date = date
        self.value = value
        self.registeredBy = registeredBy
        self.registeredAt = registeredAt
    }

    /// What the aggregation rule needs to know of it.
    public var purchase: DirectPurchase {
        DirectPurchase(id: id, organisationID: organisationID, cpv: cpv, date: date, value: value)
    }
}
