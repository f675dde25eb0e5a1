import Procurement

/// Whether a document charges the buyer or gives money back.
public enum InvoiceKind: String, Sendable, Codable, CaseIterable {
    case invoice
    /// A *kreditfaktura* (credit note): it reduces what the buyer owes.
    case creditNote = "credit-note"
}

/// Who sent the invoice.
///
/// `identifier` is the stable key spend is grouped by: the ten digits of the
/// *organisationsnummer* when the supplier is Swedish, otherwise `scheme:value` from PEPPOL
/// (e.g. `0088:7300010000001`) or the compact value from a CSV (e.g. a foreign VAT number
/// `GB983294`).
public struct SupplierReference: Hashable, Sendable {
    public var organisationNumber: OrganisationNumber?
    public var identifier: String
    public var name: String

    public init(organisationNumber: OrganisationNumber?, identifier: String, name: String) {
        self.organisationNumber = organisationNumber
        self.identifier = identifier
        self.name = name
    }
}

/// The buyer of a PEPPOL document, identified by the same rules as the supplier.
public typealias PartyReference = SupplierReference

/// One amount of spend: a row of an accounts-payable export or a line of an e-invoice.
public struct SpendLine: Sendable, Equatable {
    /// 1-based line in the file where the CSV record starts, or where the XML `InvoiceLine`,
    /// `CreditNoteLine` or `AllowanceCharge` element starts.
    public var sourceLine: Int
    public var supplier: SupplierReference
    public var invoiceNumber: String
    public var kind: InvoiceKind
    public var invoiceDate: CalendarDate
    /// Excluding VAT, in `currency`. Credit notes are negative, so that spend sums by plain addition.
    public var amount: Money
    /// ISO 4217, upper-case.
    public var currency: String
    /// The buyer's account or category (*konto*, *kategori*); in PEPPOL the line's
    /// `AccountingCost`, else the document's.
    public var account: String?
    public var cpv: CPVCode?
    /// Item name or description.
    public var text: String?

    public init(
        sourceLine: Int, supplier: SupplierReference, invoiceNumber: String, kind: InvoiceKind,
        invoiceDate: CalendarDate, amount: Money, currency: String, account: String? = nil,
        cpv: CPVCode? = nil, text: String? = nil
    ) {
        self.sourceLine = sourceLine
        self.supplier = supplier
        self.invoiceNumber = invoiceNumber
        self.kind = kind
        self.invoiceDate = invoiceDate
        self.amount = amount
        self.currency = currency
        self.account = account
        self.cpv = cpv
        self.text = text
    }
}
