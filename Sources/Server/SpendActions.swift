import Foundation
import Hummingbird
import Procurement
import SpendFiles
import Store

/// What members and the office do with spend: import invoice files, map accounts to
/// categories, register call-offs, and read compliance. Shared by the API and the pages.
struct SpendActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    /// Who imports spend: the register's keepers for any member, a coordinator for its own.
    static let importers: Set<Role> = [.administrator, .procurer, .controller, .coordinator]
    /// Who reads spend figures: the office, the members' users and (aggregates only) the committee.
    static let readers: Set<Role> = [
        .administrator, .procurer, .controller, .coordinator, .orderer, .viewer,
        .committeeChair, .committeeMember, .committeeSubstitute,
    ]
    /// Who reads spend per supplier: the office and the members' users; the committee sees aggregates only.
    static let supplierReaders: Set<Role> = [.administrator, .procurer, .controller, .coordinator, .orderer, .viewer]
    /// The largest import body: a member's year of accounts payable is a few megabytes.
    static let uploadLimit = 128 * 1024 * 1024

    /// Reads a `multipart/form-data` import: the organisation (`organisation`, else the
    /// coordinator's own), the files (`file`), and optional `column.<field>` header names.
    func imports(_ signedIn: Authenticated, form: MultipartForm) async throws -> SpendImportSummary {
        let organisationID: UUID
        if let given = form[field: "organisation"]?.trimmingCharacters(in: .whitespaces), !given.isEmpty {
            guard let id = UUID(uuidString: given) else {
                throw AppError.invalid("`organisation` must be an organisation's id").swedish("Välj en organisation.")
            }
            organisationID = id
        } else if let own = signedIn.activeRole?.organisationID {
            organisationID = own
        } else {
            throw AppError.invalid("`organisation` is required").swedish("Välj vilken organisations fakturor som läses in.")
        }
        var mapping = CSVColumnMapping()
        for part in form.parts where part.filename == nil && part.name.hasPrefix("column.") {
            let header = part.text.trimmingCharacters(in: .whitespaces)
            guard !header.isEmpty else { continue }
            guard let field = SpendField(rawValue: String(part.name.dropFirst("column.".count))) else {
                throw AppError.invalid("`\(part.name)` is not a column field").swedish("Okänt kolumnfält \(part.name).")
            }
            mapping[field] = header
        }
        let files = form.files.filter { !$0.bytes.isEmpty || !($0.filename ?? "").isEmpty }
            .map { SpendFileUpload(name: ($0.filename ?? "").isEmpty ? "fil" : $0.filename!, bytes: $0.bytes, mapping: mapping) }
        return try await importFiles(signedIn, organisationID: organisationID, files: files)
    }

    func importFiles(_ signedIn: Authenticated, organisationID: UUID, files: [SpendFileUpload]) async throws -> SpendImportSummary {
        do {
            return try await database.transaction(as: signedIn.identity) { transaction in
                try await transaction.importSpend(organisationID: organisationID, files: files, importedBy: signedIn.userID)
            }
        } catch let error as SpendImportError {
            throw error.appError
        }
    }

    struct CallOffInput: Decodable, Sendable {
        var supplierID: UUID?
        var orderedOn: CalendarDate?
        var amount: String
        var description: String?
        var reference: String?
    }

    /// Registers a call-off by the signed-in orderer on a contract their organisation is party to.
    func registerCallOff<Answer>(
        _ signedIn: Authenticated, contractID: UUID, _ input: CallOffInput,
        answer: (Transaction, CallOff) async throws -> Answer
    ) async throws -> Answer {
        guard let organisationID = signedIn.activeRole?.organisationID else { throw AppError.forbidden }
        let amount = try Input.money(input.amount, field: "amount", label: "belopp")
        guard amount.ore > 0 else { throw AppError.invalid("`amount` must be more than zero").swedish("Ange ett belopp större än noll.") }
        let description = try Input.text(input.description, field: "description", label: "vad som beställs", maxLength: 500)
        let reference = try Input.text(input.reference, field: "reference", label: "ordernummer", maxLength: 60, required: false)
        do {
            return try await refusingByRule {
                try await database.transaction(as: signedIn.identity) { transaction in
                    guard let contract = try await transaction.contract(id: contractID) else { throw AppError.notFound("contract \(contractID)") }
                    var supplierID = input.supplierID
                    if supplierID == nil {
                        // A ranked framework's first supplier, or the only one.
                        let ranks = try await transaction.supplierRanks(contractID: contractID)
                        supplierID = ranks.min { $0.value < $1.value }?.key ?? (contract.supplierIDs.count == 1 ? contract.supplierIDs[0] : nil)
                    }
                    guard let supplierID else {
                        throw AppError.invalid("`supplierID` is required: the contract has several suppliers")
                            .swedish("Välj leverantör: avtalet har flera.")
                    }
                    let callOff = CallOff(
                        id: UUID(), contractID: contractID, organisationID: organisationID, supplierID: supplierID,
                        orderedOn: input.orderedOn ?? configuration.today(), amount: amount, description: description,
                        reference: reference.isEmpty ? nil : reference, orderedBy: signedIn.userID)
                    try await transaction.insertCallOff(callOff)
                    return try await answer(transaction, callOff)
                }
            }
        } catch let refusal as CallOffRefusal {
            switch refusal {
            case .exceedsMaximum(let remaining):
                var error = AppError(.unprocessableContent, code: "exceeds_maximum",
                                     message: "the call-off would pass the framework's maximum value; \(remaining.decimalString) SEK remains")
                    .swedish("Avropet skulle överskrida ramavtalets takvärde. Kvar att avropa: \(remaining).")
                error.details = ["remaining": remaining.decimalString]
                throw error
            }
        }
    }
}

extension SpendImportError {
    /// The refusal as the client sees it: 422, with where and why, in English and Swedish.
    var appError: AppError {
        switch self {
        case .unreadable(let file, let problem):
            var error = AppError.invalid(description).swedish("\(file): \(problem.swedish)")
            error.code = "invalid_spend_file"
            error.details = ["file": file] .merging(problem.line.map { ["line": String($0)] } ?? [:]) { $1 }
            return error
        case .invoiceInTwoFiles(let number, let supplier, let first, let second):
            return AppError.invalid(description)
                .swedish("Faktura \(number) från \(supplier) finns i två filer: \(first) och \(second).")
        case .invoiceConflicts(let number, let supplier, let file, let line, let importedOn):
            var error = AppError.conflict(description)
                .swedish("\(file) rad \(line): faktura \(number) från \(supplier) lästes in \(importedOn.iso) med andra rader. "
                    + "En rättelse läses in som kreditfaktura.")
            error.code = "invoice_conflicts"
            error.details = ["file": file, "line": String(line)]
            return error
        case .addressedElsewhere(let file, let buyer, let organisation):
            return AppError.invalid(description)
                .swedish("\(file) är ställd till \(buyer), inte till organisationen som läser in den (\(organisation)).")
        case .noFiles:
            return AppError.invalid("send at least one file as `file`").swedish("Välj minst en fil.")
        case .unknownOrganisation:
            return AppError.notFound("organisation")
        case .notAllowed:
            return AppError.forbidden
        }
    }
}
