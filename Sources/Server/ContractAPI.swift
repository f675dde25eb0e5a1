import Foundation
import Hummingbird
import Procurement
import Store

/// The JSON API of the contract register, under `/api/v1/contracts`, and its CSV export. A
/// member's users get the contracts their organisation is party to, the office and the
/// committee all: row-level security decides, the filters only narrow.
struct ContractAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var contracts: ContractActions { ContractActions(database: database, configuration: configuration) }

    struct ContractList: ResponseEncodable { var contracts: [ContractViews.ContractView] }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.get("contracts") { request, context -> ContractList in
            let signedIn = try context.requireSignedIn()
            let query = try RegisterQuery(request.uri.queryParameters)
            return ContractList(contracts: try await register(signedIn, query))
        }
        api.get("contracts.csv") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let query = try RegisterQuery(request.uri.queryParameters)
            let csv = ContractRegisterCSV.render(try await register(signedIn, query))
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"avtalsregister.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        api.get("contracts/:id") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            return try await Self.contractResponse(database, configuration, signedIn, try context.uuid("id"), status: .ok)
        }
        api.post("contracts") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let input = try await request.decode(as: ContractActions.DirectAward.self, context: context)
            return try await contracts.createDirectAward(signedIn, input) { transaction, contract in
                try await Self.view(transaction, configuration, contract.id).jsonResponse(status: .created)
            }
        }
        api.post("contracts/:id/activation") { _, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            return try await contracts.activate(signedIn, contractID: try context.uuid("id")) { transaction, contract in
                try await Self.view(transaction, configuration, contract.id).jsonResponse(status: .ok)
            }
        }
        api.put("contracts/:id/options/:ordinal") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            guard let ordinal = context.parameters.get("ordinal", as: Int.self) else { throw AppError.notFound("option") }
            let input = try await request.decode(as: ContractActions.OptionDecisionInput.self, context: context)
            return try await contracts.decideOption(signedIn, contractID: try context.uuid("id"), ordinal: ordinal, input) { transaction, contract in
                try await Self.view(transaction, configuration, contract.id).jsonResponse(status: .ok)
            }
        }
        api.post("contracts/:id/termination") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let input = try await request.decode(as: ContractActions.Termination.self, context: context)
            return try await contracts.terminate(signedIn, contractID: try context.uuid("id"), input) { transaction, contract in
                try await Self.view(transaction, configuration, contract.id).jsonResponse(status: .ok)
            }
        }
        api.put("contracts/:id/successor") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let input = try await request.decode(as: ContractActions.Successor.self, context: context)
            return try await contracts.setSuccessor(signedIn, contractID: try context.uuid("id"), input) { transaction, contract in
                try await Self.view(transaction, configuration, contract.id).jsonResponse(status: .ok)
            }
        }
    }

    func register(_ signedIn: Authenticated, _ query: RegisterQuery) async throws -> [ContractViews.ContractView] {
        try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            try await ContractReader(transaction: transaction, today: configuration.today()).contracts(query.filter).filter(query.admits)
        }
    }

    /// One contract as the identity of `transaction` sees it.
    static func view(_ transaction: Transaction, _ configuration: ServerConfiguration, _ id: UUID) async throws -> ContractViews.ContractView {
        guard let view = try await ContractReader(transaction: transaction, today: configuration.today()).contract(id: id) else {
            throw AppError.notFound("contract \(id)")
        }
        return view
    }

    static func contractResponse(
        _ database: Database, _ configuration: ServerConfiguration, _ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status
    ) async throws -> Response {
        try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            try await view(transaction, configuration, id).jsonResponse(status: status)
        }
    }
}

/// The register's filters as a query string gives them: `cpv` (leading digits), `supplier`,
/// `party`, `status`, `endingFrom` and `endingBy` (dates, against the current end: the end
/// with the options used so far) and `needsSuccessor=true`.
struct RegisterQuery: Sendable {
    var filter = ContractFilter()
    var status: ContractStatus?
    var endingFrom: CalendarDate?
    var endingBy: CalendarDate?
    var needsSuccessorOnly = false

    init() {}

    /// Whether a contract, as the reader arranged it, passes what the database could not filter.
    func admits(_ contract: ContractViews.ContractView) -> Bool {
        (status == nil || contract.status == status) && (endingFrom.map { contract.currentEnd >= $0 } ?? true)
            && (endingBy.map { contract.currentEnd <= $0 } ?? true) && (!needsSuccessorOnly || contract.needsSuccessor)
    }

    init(_ parameters: Parameters) throws {
        func value(_ name: String) -> String? {
            guard let text = parameters.get(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        if let cpv = value("cpv") {
            let digits = cpv.prefix { $0.isNumber }
            guard !digits.isEmpty, digits.count <= 8 else {
                throw AppError.badRequest("`cpv` must be the leading digits of a CPV code, like 15 or 30192000")
                    .swedish("Ange kategorin som inledande siffror i CPV-koden, till exempel 15.")
            }
            filter.cpvPrefix = String(digits)
        }
        if let supplier = value("supplier") {
            guard let id = UUID(uuidString: supplier) else { throw AppError.badRequest("`supplier` must be a supplier's id") }
            filter.supplierID = id
        }
        if let party = value("party") {
            guard let id = UUID(uuidString: party) else { throw AppError.badRequest("`party` must be an organisation's id") }
            filter.partyID = id
        }
        for name in ["endingFrom", "endingBy"] {
            guard let text = value(name) else { continue }
            guard let day = CalendarDate(iso: text) else {
                throw AppError.badRequest("`\(name)` must be a date YYYY-MM-DD").swedish("Ange datumet som ÅÅÅÅ-MM-DD.")
            }
            if name == "endingFrom" { endingFrom = day } else { endingBy = day }
        }
        if let status = value("status") {
            guard let parsed = ContractStatus(rawValue: status) else {
                throw AppError.badRequest("`status` must be one of \(ContractStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    .swedish("Välj en av statusarna i listan.")
            }
            self.status = parsed
        }
        if let flag = value("needsSuccessor") {
            guard let parsed = Bool(flag) else { throw AppError.badRequest("`needsSuccessor` must be true or false") }
            needsSuccessorOnly = parsed
        }
    }
}
