import Foundation

/// A supplier (*leverantör*) in the office's register: a Swedish organisation by its
/// organisationsnummer, or a foreign one by its own national identifier.
public struct Supplier: Hashable, Sendable {
    public var id: UUID
    public var name: String
    /// ISO 3166-1 alpha-2, `SE` for Swedish suppliers.
    public var country: String
    /// The organisationsnummer (ten digits) for a Swedish supplier, the national registration
    /// number otherwise.
    public var nationalID: String

    public init(id: UUID, name: String, country: String = "SE", nationalID: String) {
        self.id = id
        self.name = name
        self.country = country
        self.nationalID = nationalID
    }

    /// The organisationsnummer, for a Swedish supplier.
    public var organisationNumber: OrganisationNumber? {
        country == "SE" ? try? OrganisationNumber(nationalID) : nil
    }
}

/// What a check before contract (*seriositetsprövning*) looks at.
public enum SupplierCheckKind: String, Codable, Sendable, CaseIterable {
    /// Registered for F-tax (*F-skatt*, Skatteverket).
    case fTax = "f_tax"
    /// No unpaid taxes or fees, nothing with the Enforcement Authority (*skatter och avgifter*,
    /// Skatteverket and Kronofogden).
    case taxesAndDebts = "taxes_and_debts"
    /// No grounds for exclusion (*uteslutningsgrunder*, LOU 13 kap.): crimes, bankruptcy,
    /// serious professional misconduct.
    case exclusionGrounds = "exclusion_grounds"
    /// References from earlier customers.
    case references
    /// Financial standing (*ekonomisk ställning*, a credit rating).
    case financialStanding = "financial_standing"

    /// The checks a supplier must have passed, and still be within, before a contract with
    /// it is activated.
    public static let requiredBeforeContract: [SupplierCheckKind] = [.fTax, .taxesAndDebts, .exclusionGrounds]

    public var swedishName: String {
        switch self {
        case .fTax: "F-skatt"
        case .taxesAndDebts: "Skatter, avgifter och skulder hos Kronofogden"
        case .exclusionGrounds: "Uteslutningsgrunder (LOU 13 kap.)"
        case .references: "Referenser"
        case .financialStanding: "Ekonomisk ställning"
        }
    }
}

public enum SupplierCheckResult: String, Codable, Sendable, CaseIterable {
    case passed, failed

    public var swedishName: String {
        switch self {
        case .passed: "Godkänd"
        case .failed: "Underkänd"
        }
    }
}

/// One check of a supplier: what was checked, on which day, by whom, the result, and until
/// when the office relies on it.
public struct SupplierCheck: Hashable, Sendable {
    public var id: UUID
    public var supplierID: UUID
    public var kind: SupplierCheckKind
    public var checkedOn: CalendarDate
    public var validUntil: CalendarDate
    public var result: SupplierCheckResult
    public var note: String
    public var checkedBy: UUID?

    public init(
        id: UUID, supplierID: UUID, kind: SupplierCheckKind, checkedOn: CalendarDate, validUntil: CalendarDate,
        result: SupplierCheckResult, note: String = "", checkedBy: UUID? = nil
    ) {
        self.id = id
        self.supplierID = supplierID
        self.kind = kind
        self.checkedOn = checkedOn
        self.validUntil = validUntil
        self.result = result
        self.note = note
        self.checkedBy = checkedBy
    }

    /// Whether the check counts on `date`: passed, made by then, and not yet run out.
    public func isCurrent(on date: CalendarDate) -> Bool {
        result == .passed && checkedOn <= date && date <= validUntil
    }
}

/// The vetting rule: which required checks a supplier lacks on a day. The latest check of a
/// kind decides: a failed check after a passed one means the supplier is not cleared.
public enum SupplierVetting {
    /// `checks` in the order they were recorded: of two checks of a kind on the same day the
    /// one recorded last decides, as the database's `supplier_cleared()` orders them by
    /// `created_at`.
    public static func missingChecks(_ checks: [SupplierCheck], on date: CalendarDate) -> [SupplierCheckKind] {
        SupplierCheckKind.requiredBeforeContract.filter { kind in
            var latest: SupplierCheck?
            for check in checks where check.kind == kind && check.checkedOn <= date {
                if let current = latest, check.checkedOn < current.checkedOn { continue }
                latest = check
            }
            return !(latest?.isCurrent(on: date) ?? false)
        }
    }
}
