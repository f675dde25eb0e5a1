import Foundation
import Hummingbird
import Procurement
import Store

/// The supplier register's JSON API, under `/api/v1/suppliers`. Everyone signed in to the
/// office reads the register; the office's staff add and rename suppliers and record checks;
/// the checks, and so whether a supplier is cleared for contract, are read by the office-wide
/// readers only. Reads run as the signed-in identity: another office's supplier answers 404.
struct SupplierAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var actions: SupplierActions { SupplierActions(database: database, configuration: configuration) }

    struct SupplierList: ResponseEncodable { var suppliers: [SupplierViews.SupplierView] }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.get("suppliers") { request, context -> SupplierList in
            let signedIn = try context.requireSignedIn()
            let term = request.uri.queryParameters.get("q") ?? ""
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                SupplierList(suppliers: try await reader(transaction, signedIn).suppliers(matching: term))
            }
        }
        api.post("suppliers") { request, context -> Response in
            let signedIn = try context.require(SupplierActions.staff)
            let input = try await request.decode(as: SupplierActions.NewSupplier.self, context: context)
            return try await actions.createSupplier(signedIn, input) { transaction, supplier in
                try await supplierResponse(transaction, signedIn, supplier.id, status: .created)
            }
        }
        api.get("suppliers/:id") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            return try await supplierResponse(signedIn, try context.uuid("id"), status: .ok)
        }
        api.patch("suppliers/:id") { request, context -> Response in
            let signedIn = try context.require(SupplierActions.staff)
            let id = try context.uuid("id")
            let patch = try await request.decode(as: SupplierActions.Patch.self, context: context)
            return try await actions.updateSupplier(signedIn, id: id, patch) { transaction, _ in
                try await supplierResponse(transaction, signedIn, id, status: .ok)
            }
        }
        api.get("suppliers/:id/checks") { _, context -> SupplierViews.Vetting in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            guard SupplierActions.readsChecks(signedIn) else {
                throw AppError.forbidden.swedish("Kontrollerna av leverantörer läses av kontorets personal.")
            }
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                guard let view = try await reader(transaction, signedIn).supplier(id: id), let vetting = view.vetting else {
                    throw AppError.notFound("supplier \(id)")
                }
                return vetting
            }
        }
        // Answers the supplier with its checks and what it still lacks, so the caller sees at
        // once whether the check cleared it for contract.
        api.post("suppliers/:id/checks") { request, context -> Response in
            let signedIn = try context.require(SupplierActions.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: SupplierActions.NewCheck.self, context: context)
            return try await actions.recordCheck(signedIn, supplierID: id, input) { transaction, _ in
                try await supplierResponse(transaction, signedIn, id, status: .created)
            }
        }
    }

    private func reader(_ transaction: Transaction, _ signedIn: Authenticated) -> SupplierReader {
        SupplierReader(transaction: transaction, signedIn: signedIn, today: configuration.today())
    }

    private func supplierResponse(_ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status) async throws -> Response {
        try await database.transaction(as: signedIn.identity, readOnly: true) { try await supplierResponse($0, signedIn, id, status: status) }
    }

    /// The supplier as the transaction's identity sees it; a write answers from its own transaction.
    private func supplierResponse(
        _ transaction: Transaction, _ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status
    ) async throws -> Response {
        guard let view = try await reader(transaction, signedIn).supplier(id: id) else { throw AppError.notFound("supplier \(id)") }
        return try view.jsonResponse(status: status)
    }
}

/// What the supplier pages and the API show.
enum SupplierViews {
    struct CheckView: Encodable, Sendable {
        var id: UUID
        var kind: SupplierCheckKind
        var result: SupplierCheckResult
        var checkedOn: CalendarDate
        var validUntil: CalendarDate
        /// Passed and within its dates today.
        var current: Bool
        var note: String
        var checkedBy: UUID?
        var checkedByName: String?
    }

    /// Whether a supplier is cleared for contract today, and on what it rests.
    struct Vetting: ResponseEncodable, Sendable {
        var clearedForContract: Bool
        /// The required checks (`SupplierCheckKind.requiredBeforeContract`) without a current
        /// passed check today, in that order; empty when the supplier is cleared.
        var missingChecks: [SupplierCheckKind]
        /// Every check recorded, oldest first.
        var checks: [CheckView]
    }

    struct SupplierView: Encodable, Sendable {
        var id: UUID
        var name: String
        var country: String
        /// The register's number: a Swedish supplier's organisationsnummer as ten digits.
        var nationalID: String
        /// `NNNNNN-NNNN`, for a Swedish supplier.
        var organisationNumber: String?
        /// For the office-wide readers only: absent for anyone else, who cannot read the checks.
        var clearedForContract: Bool?
        var missingChecks: [SupplierCheckKind]?
        /// Only in the view of one supplier, not in the list.
        var checks: [CheckView]?

        var vetting: Vetting? {
            guard let clearedForContract, let missingChecks else { return nil }
            return Vetting(clearedForContract: clearedForContract, missingChecks: missingChecks, checks: checks ?? [])
        }
    }
}

extension SupplierViews.SupplierView: ResponseEncodable {}

/// Reads the register in one transaction as the signed-in identity, with the vetting state
/// for those who read the checks.
struct SupplierReader {
    let transaction: Transaction
    let signedIn: Authenticated
    let today: CalendarDate

    var readsChecks: Bool { SupplierActions.readsChecks(signedIn) }

    func suppliers(matching term: String = "") async throws -> [SupplierViews.SupplierView] {
        let suppliers = try await transaction.suppliers(matching: term)
        guard readsChecks else { return suppliers.map { view($0, checks: nil, listing: true) } }
        let checks = Dictionary(grouping: try await transaction.supplierCheckRecords(), by: \.check.supplierID)
        return suppliers.map { view($0, checks: checks[$0.id] ?? [], listing: true) }
    }

    func supplier(id: UUID) async throws -> SupplierViews.SupplierView? {
        guard let supplier = try await transaction.supplier(id: id) else { return nil }
        return view(supplier, checks: readsChecks ? try await transaction.supplierCheckRecords(supplierID: id) : nil, listing: false)
    }

    private func view(_ supplier: Supplier, checks: [SupplierCheckRecord]?, listing: Bool) -> SupplierViews.SupplierView {
        var view = SupplierViews.SupplierView(
            id: supplier.id, name: supplier.name, country: supplier.country, nationalID: supplier.nationalID,
            organisationNumber: supplier.organisationNumber?.formatted)
        guard let checks else { return view }
        let missing = SupplierVetting.missingChecks(checks.map(\.check), on: today)
        view.clearedForContract = missing.isEmpty
        view.missingChecks = missing
        if !listing {
            view.checks = checks.map { record in
                SupplierViews.CheckView(
                    id: record.check.id, kind: record.check.kind, result: record.check.result, checkedOn: record.check.checkedOn,
                    validUntil: record.check.validUntil, current: record.check.isCurrent(on: today), note: record.check.note,
                    checkedBy: record.check.checkedBy, checkedByName: record.checkedByName)
            }
        }
        return view
    }
}
