import Procurement

/// A PEPPOL BIS Billing 3 invoice or credit note (UBL 2.1), read for spend.
public struct PEPPOLDocument: Sendable, Equatable {
    public var format: SpendFileFormat
    /// `cbc:ID`, the supplier's invoice number.
    public var number: String
    public var issueDate: CalendarDate
    public var currency: String
    public var supplier: SupplierReference
    public var buyer: PartyReference
    /// Signed like the lines: negative for credit notes.
    public var taxExclusiveAmount: Money
    /// The invoice lines, then the document-level allowances (negative, "Rabatt: reason") and
    /// charges (positive, "Avgift: reason") as lines of their own, so that the lines sum to
    /// `taxExclusiveAmount`.
    public var lines: [SpendLine]

    public init(
        format: SpendFileFormat, number: String, issueDate: CalendarDate, currency: String,
        supplier: SupplierReference, buyer: PartyReference, taxExclusiveAmount: Money, lines: [SpendLine]
    ) {
        self.format = format
        self.number = number
        self.issueDate = issueDate
        self.currency = currency
        self.supplier = supplier
        self.buyer = buyer
        self.taxExclusiveAmount = taxExclusiveAmount
        self.lines = lines
    }

    /// Reads and checks one UTF-8 UBL document: well-formed, EN 16931, totals that add up.
    public static func read(_ bytes: [UInt8]) throws(SpendFileError) -> PEPPOLDocument {
        try PEPPOLInvoiceReader.read(bytes)
    }
}
