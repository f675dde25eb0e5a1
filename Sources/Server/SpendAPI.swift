import Foundation
import Hummingbird
import Procurement
import Store

/// The JSON API of spend, compliance and call-offs under `/api/v1`. Row-level security
/// decides whose figures are read: a member's users get their own organisation's, the office
/// every member's, the committee aggregates.
struct SpendAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var actions: SpendActions { SpendActions(database: database, configuration: configuration) }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.post("spend/imports") { request, context -> Response in
            let signedIn = try context.require(SpendActions.importers)
            let form = try await Self.multipart(request)
            let summary = try await actions.imports(signedIn, form: form)
            return try SpendViews.ImportSummary(summary).jsonResponse(status: summary.importID == nil ? .ok : .created)
        }
        api.get("spend/imports") { request, context -> SpendViews.ImportList in
            let signedIn = try context.require(SpendActions.readers)
            let organisationID = try Self.organisation(request)
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                SpendViews.ImportList(imports: try await transaction.spendImports(organisationID: organisationID).map(SpendViews.ImportRecord.init))
            }
        }
        api.get("spend/compliance") { request, context -> SpendViews.Report in
            let signedIn = try context.require(SpendActions.readers)
            let period = try SpendPeriod(request.uri.queryParameters, today: configuration.today())
            let organisationID = try Self.organisation(request)
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                try await Self.report(transaction, period, organisationID)
            }
        }
        api.get("spend/suppliers") { request, context -> SpendViews.SupplierList in
            let signedIn = try context.require(SpendActions.supplierReaders)
            let parameters = request.uri.queryParameters
            let period = try SpendPeriod(parameters, today: configuration.today())
            let organisationID = try Self.organisation(request)
            let leakage = parameters["leakage"].map { $0 == "true" || $0 == "1" } ?? false
            let limit = min(max(Int(parameters["limit"].map(String.init) ?? "") ?? 20, 1), 500)
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                SpendViews.SupplierList(suppliers: try await transaction.supplierSpend(
                    from: period.from, to: period.to, organisationID: organisationID, offContractOnly: leakage, limit: limit
                ).map(SpendViews.Supplier.init))
            }
        }
        api.get("spend/accounts") { _, context -> SpendViews.AccountList in
            let signedIn = try context.require(SpendActions.readers)
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                SpendViews.AccountList(accounts: try await transaction.spendAccounts().map(SpendViews.AccountView.init))
            }
        }
        api.put("spend/accounts") { request, context -> SpendViews.AccountView in
            let signedIn = try context.require(ContractActions.keepers)
            let input = try await request.decode(as: AccountInput.self, context: context)
            let account = try Input.text(input.account, field: "account", label: "konto", maxLength: 60)
            return try await database.transaction(as: signedIn.identity) { transaction in
                let cpv = try await Input.cpv(input.cpv, in: transaction)
                if let organisationID = input.organisationID, try await transaction.organisation(id: organisationID) == nil {
                    throw AppError.notFound("organisation \(organisationID)")
                }
                return SpendViews.AccountView(try await transaction.setSpendAccount(
                    organisationID: input.organisationID, account: account, cpv: cpv.code))
            }
        }
        api.delete("spend/accounts/:id") { _, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let id = try context.uuid("id")
            let removed = try await database.transaction(as: signedIn.identity) { transaction in
                try await transaction.removeSpendAccount(id: id)
            }
            guard removed else { throw AppError.notFound("account mapping \(id)") }
            return Response(status: .noContent)
        }
        api.get("contracts/:id/call-offs") { _, context -> SpendViews.ContractUseView in
            let signedIn = try context.require(SpendActions.readers)
            let contractID = try context.uuid("id")
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                try await Self.use(transaction, contractID: contractID)
            }
        }
        api.post("contracts/:id/call-offs") { request, context -> Response in
            let signedIn = try context.require([.orderer])
            let input = try await request.decode(as: SpendActions.CallOffInput.self, context: context)
            return try await actions.registerCallOff(signedIn, contractID: try context.uuid("id"), input) { _, callOff in
                try SpendViews.CallOffView(callOff).jsonResponse(status: .created)
            }
        }
    }

    struct AccountInput: Decodable, Sendable {
        var organisationID: UUID?
        var account: String?
        var cpv: String?
    }

    static func report(_ transaction: Transaction, _ period: SpendPeriod, _ organisationID: UUID?) async throws -> SpendViews.Report {
        let cells = try await transaction.compliance(from: period.from, to: period.to, organisationID: organisationID)
        let names = Dictionary(uniqueKeysWithValues: try await transaction.organisations().map { ($0.id, $0.name) })
        let labels = try await transaction.cpvGroupLabels(Array(Set(cells.map(\.cpvGroup))))
        return SpendViews.report(
            from: period.from, to: period.to, organisationID: organisationID,
            targetPercent: try await transaction.complianceTargetPercent(), cells: cells,
            organisationNames: names, groupLabels: labels)
    }

    static func use(_ transaction: Transaction, contractID: UUID) async throws -> SpendViews.ContractUseView {
        guard let contract = try await transaction.contract(id: contractID) else { throw AppError.notFound("contract \(contractID)") }
        let use = try await transaction.contractUse(contractIDs: [contractID])[contractID]
            ?? ContractUse(contractID: contractID, calledOff: .zero, invoiced: .zero)
        return SpendViews.ContractUseView(
            contractID: contractID, maximumValue: contract.maximumValue?.decimalString,
            calledOff: use.calledOff.decimalString, invoiced: use.invoiced.decimalString,
            remaining: contract.maximumValue.map { max($0 - use.calledOff, .zero).decimalString },
            callOffs: try await transaction.callOffs(contractID: contractID).map(SpendViews.CallOffView.init))
    }

    /// The `organisation` query parameter, if given.
    static func organisation(_ request: Request) throws -> UUID? {
        guard let text = request.uri.queryParameters["organisation"].map(String.init), !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw AppError.badRequest("`organisation` must be an organisation's id") }
        return id
    }

    /// The body as `multipart/form-data`, or a clear 4xx.
    static func multipart(_ request: Request) async throws -> MultipartForm {
        guard let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) else {
            throw AppError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "send the files as multipart/form-data (curl -F organisation=<id> -F file=@invoices.csv)")
        }
        var request = request
        let body = try await request.collectBody(upTo: SpendActions.uploadLimit)
        do {
            return try MultipartForm(body: Array(buffer: body), boundary: boundary)
        } catch {
            throw AppError.badRequest("the multipart body could not be read")
        }
    }
}

/// The months a report covers: `from` and `to` (ISO dates), by default the last twelve months.
struct SpendPeriod: Sendable {
    var from: CalendarDate
    var to: CalendarDate

    init(_ parameters: Parameters, today: CalendarDate) throws {
        func date(_ name: String) throws -> CalendarDate? {
            guard let text = parameters[name[...]].map(String.init), !text.isEmpty else { return nil }
            guard let date = CalendarDate(iso: text) else { throw AppError.badRequest("`\(name)` must be a date like 2026-01-31") }
            return date
        }
        to = try date("to") ?? today
        // A year back from a `to` in the year 1 would be before the calendar's first day.
        from = try date("from")
            ?? CalendarDate(year: to.year - 1, month: to.month, day: 1)?.adding(months: 1) ?? CalendarDate(year: 1, month: 1, day: 1)!
        guard from <= to else { throw AppError.badRequest("`from` must not be after `to`") }
    }
}

extension SpendViews.Report: ResponseEncodable {}
extension SpendViews.ImportList: ResponseEncodable {}
extension SpendViews.SupplierList: ResponseEncodable {}
extension SpendViews.AccountList: ResponseEncodable {}
extension SpendViews.AccountView: ResponseEncodable {}
extension SpendViews.ContractUseView: ResponseEncodable {}
