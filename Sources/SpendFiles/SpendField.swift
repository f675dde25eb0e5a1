/// The facts a spend line is made of, as far as a CSV column can hold them.
public enum SpendField: String, Sendable, Codable, CaseIterable {
    case supplierOrganisationNumber, supplierName, invoiceNumber, invoiceDate, amount
    case account, kind, currency, cpv, text

    /// Without these a row cannot be attributed to a supplier and an invoice.
    public static let required: [SpendField] = [.supplierOrganisationNumber, .supplierName, .invoiceNumber, .invoiceDate, .amount]

    public var english: String {
        switch self {
        case .supplierOrganisationNumber: "the supplier's organisation number"
        case .supplierName: "the supplier's name"
        case .invoiceNumber: "the invoice number"
        case .invoiceDate: "the invoice date"
        case .amount: "the amount excluding VAT"
        case .account: "the account"
        case .kind: "the invoice type"
        case .currency: "the currency"
        case .cpv: "the CPV code"
        case .text: "the description"
        }
    }

    public var swedish: String {
        switch self {
        case .supplierOrganisationNumber: "leverantörens organisationsnummer"
        case .supplierName: "leverantörens namn"
        case .invoiceNumber: "fakturanummer"
        case .invoiceDate: "fakturadatum"
        case .amount: "belopp exklusive moms"
        case .account: "konto"
        case .kind: "fakturatyp"
        case .currency: "valuta"
        case .cpv: "CPV-kod"
        case .text: "beskrivning"
        }
    }
}
