import Foundation
import Postgres
import Procurement
import Store

/// The supplier register (*leverantörsregister*) and the checks made before contract
/// (*seriositetsprövning*). The pages and the API both come here, so a rule is checked in one
/// place; the database's policies check again who writes, and that a check is recorded in its
/// maker's own name.
struct SupplierActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    /// Who keeps the register and records checks: the office's staff (the database's
    /// `keeps_contract_register()`).
    static let staff: Set<Role> = [.administrator, .procurer, .controller]

    /// Whether the identity reads the checks: the office's staff and its office-wide viewers
    /// (the database's `reads_office_wide()`). Members' users see the register, not the checks.
    static func readsChecks(_ signedIn: Authenticated) -> Bool {
        guard let role = signedIn.activeRole?.role else { return false }
        return role.isOfficeStaff || (role == .viewer && signedIn.activeRole?.organisationID == nil)
    }

    struct NewSupplier: Decodable, Sendable {
        var name: String
        /// ISO 3166-1 alpha-2; `SE` when absent.
        var country: String?
        /// A Swedish supplier's organisationsnummer, `NNNNNN-NNNN` or ten digits.
        var organisationNumber: String?
        /// The national registration number of a foreign supplier (for a Swedish one, its
        /// organisationsnummer: either field will do).
        var nationalID: String?
    }

    func createSupplier(_ signedIn: Authenticated, _ input: NewSupplier) async throws -> Supplier {
        try await createSupplier(signedIn, input) { $1 }
    }

    func createSupplier<T>(
        _ signedIn: Authenticated, _ input: NewSupplier, respond: (Transaction, Supplier) async throws -> T
    ) async throws -> T {
        try Self.requireStaff(signedIn)
        let name = try Input.text(input.name, field: "name", label: "leverantörens namn", maxLength: 200)
        let country = try Self.country(input.country)
        let nationalID = try Self.nationalID(country: country, organisationNumber: input.organisationNumber, nationalID: input.nationalID)
        let supplier = Supplier(id: UUID(), name: name, country: country, nationalID: nationalID)
        return try await database.transaction(as: signedIn.identity) { transaction in
            if let existing = try await transaction.supplier(country: country, nationalID: nationalID) {
                throw Self.duplicate(supplier, existing: existing)
            }
            do {
                try await transaction.insertSupplier(supplier, createdBy: signedIn.userID)
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                // Registered by someone else between the look-up and the insert.
                throw Self.duplicate(supplier, existing: nil)
            }
            return try await respond(transaction, supplier)
        }
    }

    struct Patch: Decodable, Sendable {
        var name: String?
    }

    /// Renames a supplier; its country and number are what it is, and stay.
    func updateSupplier(_ signedIn: Authenticated, id: UUID, _ patch: Patch) async throws -> Supplier {
        try await updateSupplier(signedIn, id: id, patch) { $1 }
    }

    func updateSupplier<T>(
        _ signedIn: Authenticated, id: UUID, _ patch: Patch, respond: (Transaction, Supplier) async throws -> T
    ) async throws -> T {
        try Self.requireStaff(signedIn)
        let name = try patch.name.map { try Input.text($0, field: "name", label: "leverantörens namn", maxLength: 200) }
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard var supplier = try await transaction.supplier(id: id) else { throw AppError.notFound("supplier \(id)") }
            if let name, name != supplier.name {
                guard try await transaction.updateSupplierName(id: id, name: name) else { throw AppError.notFound("supplier \(id)") }
                supplier.name = name
            }
            return try await respond(transaction, supplier)
        }
    }

    struct NewCheck: Decodable, Sendable {
        var kind: SupplierCheckKind
        var result: SupplierCheckResult
        var checkedOn: CalendarDate
        /// The last day the office relies on the check. Required for a passed check; a failed
        /// one holds on its own day when none is given.
        var validUntil: CalendarDate?
        var note: String?
    }

    /// Records a check in the signed-in user's name. Checks are never changed: a new check of
    /// the same kind supersedes the earlier one.
    func recordCheck(_ signedIn: Authenticated, supplierID: UUID, _ input: NewCheck) async throws -> SupplierCheck {
        try await recordCheck(signedIn, supplierID: supplierID, input) { $1 }
    }

    func recordCheck<T>(
        _ signedIn: Authenticated, supplierID: UUID, _ input: NewCheck, respond: (Transaction, SupplierCheck) async throws -> T
    ) async throws -> T {
        try Self.requireStaff(signedIn)
        guard input.checkedOn <= configuration.today() else {
            throw AppError.invalid("`checkedOn` is in the future").swedish("Kontrollen kan inte vara gjord ett datum i framtiden.")
        }
        let validUntil: CalendarDate
        if let until = input.validUntil {
            guard until >= input.checkedOn else {
                throw AppError.invalid("`validUntil` is before `checkedOn`")
                    .swedish("Kontrollen kan inte gälla till ett datum före den dag den gjordes.")
            }
            validUntil = until
        } else if input.result == .failed {
            validUntil = input.checkedOn
        } else {
            throw AppError.invalid("`validUntil` is required for a passed check")
                .swedish("Ange till och med vilket datum den godkända kontrollen gäller.")
        }
        let note = try Input.text(input.note, field: "note", label: "anteckningen", maxLength: 2000, required: false)
        let check = SupplierCheck(
            id: UUID(), supplierID: supplierID, kind: input.kind, checkedOn: input.checkedOn, validUntil: validUntil,
            result: input.result, note: note, checkedBy: signedIn.userID)
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard try await transaction.supplier(id: supplierID) != nil else { throw AppError.notFound("supplier \(supplierID)") }
            try await transaction.insertSupplierCheck(check)
            return try await respond(transaction, check)
        }
    }
}

extension SupplierActions {
    private static func requireStaff(_ signedIn: Authenticated) throws {
        guard let role = signedIn.activeRole?.role, staff.contains(role) else {
            throw AppError.forbidden.swedish("Leverantörsregistret förs av kontorets administratörer, upphandlare och avtalscontroller.")
        }
    }

    /// An ISO 3166-1 alpha-2 code, upper case; `SE` when none is given.
    static func country(_ value: String?) throws -> String {
        let code = (value ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if code.isEmpty { return "SE" }
        guard Countries.isCode(code) else {
            throw AppError.invalid("`country` must be an ISO 3166-1 alpha-2 country code, like \"SE\" or \"NO\"")
                .swedish("Ange landet som en landskod med två bokstäver, till exempel SE för Sverige eller NO för Norge.")
        }
        return code
    }

    /// What the register keeps as the supplier's number: a Swedish supplier's organisationsnummer
    /// as ten digits, checked (Luhn); a foreign supplier's registration number as given.
    static func nationalID(country: String, organisationNumber: String?, nationalID: String?) throws -> String {
        let given = [organisationNumber, nationalID].compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let text = given.first else {
            if country == "SE" {
                throw AppError.invalid("`organisationNumber` is required for a Swedish supplier")
                    .swedish("Ange leverantörens organisationsnummer.")
            }
            throw AppError.invalid("`nationalID` is required: the supplier's registration number in its country")
                .swedish("Ange leverantörens registreringsnummer i sitt land.")
        }
        guard country == "SE" else {
            guard Set(given).count == 1 else {
                throw AppError.invalid("`organisationNumber` and `nationalID` differ; give one").swedish("Ange ett registreringsnummer.")
            }
            return try Input.text(text, field: "nationalID", label: "registreringsnumret", maxLength: 40)
        }
        do {
            let numbers = try given.map { try OrganisationNumber($0) }
            guard Set(numbers).count == 1 else {
                throw AppError.invalid("`organisationNumber` and `nationalID` differ; give one").swedish("Ange ett organisationsnummer.")
            }
            return numbers[0].digits
        } catch let problem as OrganisationNumber.Problem {
            throw AppError.invalid("`organisationNumber` is not a valid organisationsnummer: \(problem)")
                .swedish("Organisationsnumret är inte giltigt: \(problem.swedishDescription)")
        }
    }

    private static func duplicate(_ supplier: Supplier, existing: Supplier?) -> AppError {
        let number = supplier.organisationNumber.map { "organisationsnummer \($0.formatted)" } ?? "\(supplier.country) \(supplier.nationalID)"
        guard let existing else {
            return AppError.conflict("a supplier with \(number) is in the register already")
                .swedish("Det finns redan en leverantör med \(number) i registret.")
        }
        return AppError.conflict("a supplier with \(number) is in the register already: \(existing.name) (\(existing.id.uuidString.lowercased()))")
            .swedish("\(existing.name) finns redan i registret med \(number).")
    }
}

extension OrganisationNumber.Problem {
    /// What is wrong, as a Swedish form says it.
    var swedishDescription: String {
        switch self {
        case .wrongLength: "det ska ha tio siffror (NNNNNN-NNNN)."
        case .notDigits: "det får bara innehålla siffror och ett bindestreck."
        case .notALegalPerson: "den tredje siffran är minst 2 i en juridisk persons nummer."
        case .checkDigit: "kontrollsiffran (den sista) stämmer inte. Kontrollera numret."
        }
    }
}

/// The countries of ISO 3166-1, by their alpha-2 codes, and their Swedish names.
enum Countries {
    /// The officially assigned codes, from the platform's locale data (ICU), less the
    /// territories ICU adds that ISO reserves for other uses (Ascension, the Canaries, the EU,
    /// the UN…). Kosovo's user-assigned XK stays: the EU and its registers use it.
    static let codes: Set<String> = Set(Locale.Region.isoRegions.map(\.identifier).filter { code in
        code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase }
    }).subtracting(["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN"])

    static func isCode(_ code: String) -> Bool { codes.contains(code) }

    /// `Norge` for `NO`; the code itself when the locale data has no name.
    static func swedishName(_ code: String) -> String {
        Locale(identifier: "sv_SE").localizedString(forRegionCode: code) ?? code
    }
}
