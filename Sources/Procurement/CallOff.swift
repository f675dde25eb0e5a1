import Foundation

/// A call-off (*avrop*): an order on a contract by one of its parties, placed by an authorised
/// orderer (*behörig beställare*). A framework agreement's call-offs together stay within its
/// maximum value (*takvärde*), which the database enforces.
public struct CallOff: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var contractID: UUID
    public var organisationID: UUID
    public var supplierID: UUID
    public var orderedOn: CalendarDate
    public var amount: Money
    public var description: String
    /// The orderer's own order number, if any.
    public var reference: String?
    public var orderedBy: UUID

    public init(
        id: UUID, contractID: UUID, organisationID: UUID, supplierID: UUID, orderedOn: CalendarDate, amount: Money,
        description: String, reference: String? = nil, orderedBy: UUID
    ) {
        self.id = id
        self.contractID = contractID
        self.organisationID = organisationID
        self.supplierID = supplierID
        self.orderedOn = orderedOn
        self.amount = amount
        self.description = description
        self.reference = reference
        self.orderedBy = orderedBy
    }
}
