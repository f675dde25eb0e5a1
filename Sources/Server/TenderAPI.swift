import Foundation
import Hummingbird
import Procurement
import Store

/// The JSON API of tenders, under `/api/v1/tenders`. Everyone signed in to the office sees a
/// tender's stages; its bids appear only when the database lets the identity read them.
struct TenderAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var tenders: TenderActions { TenderActions(database: database, configuration: configuration) }
    var contracts: ContractActions { ContractActions(database: database, configuration: configuration) }

    /// Who runs tenders.
    static let staff: Set<Role> = [.administrator, .procurer]

    struct TenderList: ResponseEncodable { var tenders: [ContractViews.TenderView] }
    struct Registered: Encodable { var id: UUID }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.get("tenders") { _, context -> TenderList in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                TenderList(tenders: try await ContractReader(transaction: transaction, today: configuration.today()).tenders())
            }
        }
        api.get("tenders/:id") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            return try await tenderResponse(signedIn, try context.uuid("id"), status: .ok)
        }
        api.post("tenders") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let input = try await request.decode(as: TenderActions.NewTender.self, context: context)
            return try await tenders.create(signedIn, input) { transaction, tender in
                try await tenderResponse(transaction, tender.id, status: .created)
            }
        }
        api.patch("tenders/:id/stages") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: TenderActions.Stages.self, context: context)
            return try await tenders.setStages(signedIn, tenderID: id, input) { transaction, _ in
                try await tenderResponse(transaction, id, status: .ok)
            }
        }
        api.post("tenders/:id/documents") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: TenderActions.NewDocument.self, context: context)
            return try await tenders.addDocument(signedIn, tenderID: id, input) { transaction, _ in
                try await tenderResponse(transaction, id, status: .created)
            }
        }
        // The bid cannot be read back before the opening: the answer is its id alone.
        api.post("tenders/:id/bids") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let input = try await request.decode(as: TenderActions.NewBid.self, context: context)
            let id = try await tenders.registerBid(signedIn, tenderID: try context.uuid("id"), input)
            return try Registered(id: id).jsonResponse(status: .created)
        }
        api.post("tenders/:id/award") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: TenderActions.Award.self, context: context)
            return try await tenders.award(signedIn, tenderID: id, input) { transaction, _ in
                try await tenderResponse(transaction, id, status: .ok)
            }
        }
        api.post("tenders/:id/cancellation") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: TenderActions.Cancellation.self, context: context)
            return try await tenders.cancel(signedIn, tenderID: id, input) { transaction, _ in
                try await tenderResponse(transaction, id, status: .ok)
            }
        }
        api.post("tenders/:id/contracts") { request, context -> Response in
            let signedIn = try context.require(ContractActions.keepers)
            let input = try await request.decode(as: ContractActions.FromAward.self, context: context)
            return try await contracts.createFromAward(signedIn, tenderID: try context.uuid("id"), input) { transaction, contract in
                try await ContractAPI.view(transaction, configuration, contract.id).jsonResponse(status: .created)
            }
        }
    }

    private func tenderResponse(_ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status) async throws -> Response {
        try await database.transaction(as: signedIn.identity, readOnly: true) { try await tenderResponse($0, id, status: status) }
    }

    /// The tender as the transaction's identity sees it; a write answers from its own transaction.
    private func tenderResponse(_ transaction: Transaction, _ id: UUID, status: HTTPResponse.Status) async throws -> Response {
        guard let view = try await ContractReader(transaction: transaction, today: configuration.today()).tender(id: id) else {
            throw AppError.notFound("tender \(id)")
        }
        return try view.jsonResponse(status: status)
    }
}
