/// Column names as they appear in the header, to override or complete the automatic
/// recognition when an export uses headers of its own.
public struct CSVColumnMapping: Sendable, Equatable, Codable {
    public var supplierOrganisationNumber: String?
    public var supplierName: String?
    public var invoiceNumber: String?
    public var invoiceDate: String?
    public var amount: String?
    public var account: String?
    public var kind: String?
    public var currency: String?
    public var cpv: String?
    public var text: String?

    public init(
        supplierOrganisationNumber: String? = nil, supplierName: String? = nil, invoiceNumber: String? = nil,
        invoiceDate: String? = nil, amount: String? = nil, account: String? = nil, kind: String? = nil,
        currency: String? = nil, cpv: String? = nil, text: String? = nil
    ) {
        self.supplierOrganisationNumber = supplierOrganisationNumber
        self.supplierName = supplierName
        self.invoiceNumber = invoiceNumber
        self.invoiceDate = invoiceDate
        self.amount = amount
        self.account = account
        self.kind = kind
        self.currency = currency
        self.cpv = cpv
        self.text = text
    }

    /// Every column recognised from its header.
    public static let automatic = CSVColumnMapping()

    public subscript(field: SpendField) -> String? {
        get { self[keyPath: Self.keyPath(field)] }
        set { self[keyPath: Self.keyPath(field)] = newValue }
    }

    private static func keyPath(_ field: SpendField) -> WritableKeyPath<CSVColumnMapping, String?> {
        switch field {
        case .supplierOrganisationNumber: \.supplierOrganisationNumber
        case .supplierName: \.supplierName
        case .invoiceNumber: \.invoiceNumber
        case .invoiceDate: \.invoiceDate
        case .amount: \.amount
        case .account: \.account
        case .kind: \.kind
        case .currency: \.currency
        case .cpv: \.cpv
        case .text: \.text
        }
    }
}
