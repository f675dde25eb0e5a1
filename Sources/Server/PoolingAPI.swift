import Foundation
import Hummingbird
import Procurement
import Store

/// The JSON API of the procurement plan, needs and pooling, under `/api/v1`. Reads run as
/// the signed-in identity, so row-level security decides what is there: another member's
/// answer, need or volume answers 404 or is simply absent, like a row that does not exist.
struct PoolingAPI: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    var plan: PlanActions { PlanActions(database: database, configuration: configuration) }
    var pooling: PoolingActions { PoolingActions(database: database, configuration: configuration) }
    var reference: ReferenceActions { ReferenceActions(database: database) }

    /// Who runs the pooling work.
    static let staff: Set<Role> = [.administrator, .procurer]

    struct CPVList: ResponseEncodable {
        struct Entry: Encodable { var code: String; var labelSV: String; var labelEN: String }
        var codes: [Entry]
    }
    struct ThresholdList: ResponseEncodable {
        struct Entry: ResponseEncodable {
            var id: UUID
            var law: ProcurementLaw
            var kind: ThresholdKind
            var buyer: BuyerCategory
            var validFrom: CalendarDate
            var validTo: CalendarDate?
            var eur: Int64?
            var sek: String?
            var source: String
            init(_ stored: StoredThreshold) {
                id = stored.id
                law = stored.threshold.law
                kind = stored.threshold.kind
                buyer = stored.threshold.buyer
                validFrom = stored.threshold.validFrom
                validTo = stored.threshold.validTo
                eur = stored.threshold.eur
                sek = stored.threshold.sek?.decimalString
                source = stored.threshold.source
            }
        }
        var thresholds: [Entry]
    }
    struct ThresholdSEK: Decodable { var sek: String }
    struct PlanList: ResponseEncodable { var items: [PoolingViews.PlanItemView] }
    struct NeedList: ResponseEncodable { var needs: [PoolingViews.NeedView] }
    struct DirectPurchaseList: ResponseEncodable { var directPurchases: [PoolingViews.DirectPurchaseView] }
    struct PooledList: ResponseEncodable { var pooledProcurements: [PoolingViews.PooledView] }
    struct Decision: Decodable { var status: ParticipationStatus }

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")

        api.get("cpv") { request, context -> CPVList in
            let signedIn = try context.requireSignedIn()
            let term = request.uri.queryParameters.get("q") ?? ""
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                CPVList(codes: try await transaction.searchCPV(term).map {
                    .init(code: $0.code.code, labelSV: $0.labelSV, labelEN: $0.labelEN)
                })
            }
        }

        api.get("thresholds") { _, context -> ThresholdList in
            let signedIn = try context.requireSignedIn()
            return ThresholdList(thresholds: try await database.transaction(as: signedIn.identity, readOnly: true) {
                try await $0.thresholds().map(ThresholdList.Entry.init)
            })
        }
        api.put("thresholds/:id/sek") { request, context -> ThresholdList.Entry in
            let signedIn = try context.require([.administrator])
            let id = try context.uuid("id")
            let input = try await request.decode(as: ThresholdSEK.self, context: context)
            return ThresholdList.Entry(try await reference.enterThresholdSEK(signedIn, id: id, sek: input.sek))
        }
        api.post("thresholds") { request, context -> Response in
            let signedIn = try context.require([.administrator])
            let input = try await request.decode(as: ReferenceActions.NewThreshold.self, context: context)
            return try ThresholdList.Entry(try await reference.addThreshold(signedIn, input)).jsonResponse(status: .created)
        }

        api.get("plan") { _, context -> PlanList in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                PlanList(items: try await reader(transaction, signedIn).planItems())
            }
        }
        api.get("plan/:id") { _, context -> PoolingViews.PlanItemView in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                guard let view = try await reader(transaction, signedIn).planItem(id: id) else {
                    throw AppError.notFound("plan item \(id)")
                }
                return view
            }
        }
        api.post("plan") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let input = try await request.decode(as: PlanActions.NewPlanItem.self, context: context)
            return try await plan.createPlanItem(signedIn, input) { transaction, item in
                try await planItemResponse(transaction, signedIn, item.id, status: .created)
            }
        }
        api.post("plan/:id/publish") { _, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            return try await plan.publishPlanItem(signedIn, id: id) { try await planItemResponse($0, signedIn, id, status: .ok) }
        }
        api.put("plan/:id/answer") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let input = try await request.decode(as: PlanActions.Answer.self, context: context)
            return try await plan.answer(signedIn, planItemID: id, input) { transaction, _ in
                try await planItemResponse(transaction, signedIn, id, status: .ok)
            }
        }

        api.get("needs") { request, context -> NeedList in
            let signedIn = try context.requireSignedIn()
            let all = request.uri.queryParameters.get("status") == "all"
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                NeedList(needs: try await reader(transaction, signedIn).needs(includingWithdrawn: all))
            }
        }
        api.get("needs/:id") { _, context -> PoolingViews.NeedView in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                guard let need = try await transaction.need(id: id) else { throw AppError.notFound("need \(id)") }
                return try await reader(transaction, signedIn).needView(need)
            }
        }
        api.post("needs") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let input = try await request.decode(as: PlanActions.NewNeed.self, context: context)
            return try await plan.registerNeed(signedIn, input) { transaction, need in
                try await reader(transaction, signedIn).needView(need).jsonResponse(status: .created)
            }
        }
        api.post("needs/:id/withdraw") { _, context -> Response in
            try await plan.withdrawNeed(try context.requireSignedIn(), id: try context.uuid("id"))
            return Response(status: .noContent)
        }

        api.get("direct-purchases") { _, context -> DirectPurchaseList in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                DirectPurchaseList(directPurchases: try await reader(transaction, signedIn).directPurchases())
            }
        }
        api.post("direct-purchases") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let input = try await request.decode(as: PlanActions.NewDirectPurchase.self, context: context)
            return try await plan.registerDirectPurchase(signedIn, input) { transaction, record in
                let views = try await reader(transaction, signedIn).directPurchases()
                guard let view = views.first(where: { $0.id == record.id }) else { throw AppError.notFound("direct purchase \(record.id)") }
                return try view.jsonResponse(status: .created)
            }
        }

        api.get("demand") { _, context -> PoolingViews.Demand in
            let signedIn = try context.require([.administrator, .procurer, .controller, .viewer])
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                try await reader(transaction, signedIn).demand()
            }
        }

        api.get("pooled-procurements") { _, context -> PooledList in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                PooledList(pooledProcurements: try await reader(transaction, signedIn).pooled())
            }
        }
        api.get("pooled-procurements/:id") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            return try await pooledResponse(signedIn, try context.uuid("id"), status: .ok)
        }
        api.post("pooled-procurements") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let input = try await request.decode(as: PoolingActions.NewPooledProcurement.self, context: context)
            return try await pooling.create(signedIn, input) { transaction, procurement in
                try await pooledResponse(transaction, signedIn, procurement.id, status: .created)
            }
        }
        api.patch("pooled-procurements/:id") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let patch = try await request.decode(as: PoolingActions.Patch.self, context: context)
            return try await pooling.update(signedIn, id: id, patch) { transaction, _ in
                try await pooledResponse(transaction, signedIn, id, status: .ok)
            }
        }
        api.put("pooled-procurements/:id/participation") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let input = try await request.decode(as: Decision.self, context: context)
            guard input.status != .proposed else {
                throw AppError.invalid("`status` must be `confirmed` or `withdrawn`")
                    .swedish("Välj att bekräfta eller att utträda.")
            }
            return try await pooling.decide(signedIn, procurementID: id, status: input.status) { transaction, _ in
                try await pooledResponse(transaction, signedIn, id, status: .ok)
            }
        }
        api.post("pooled-procurements/:id/cost-allocation") { request, context -> Response in
            let signedIn = try context.require(Self.staff)
            let id = try context.uuid("id")
            let input = try await request.decode(as: PoolingActions.CostInput.self, context: context)
            return try await pooling.allocateCost(signedIn, procurementID: id, input) { transaction, _ in
                try await pooledResponse(transaction, signedIn, id, status: .ok)
            }
        }
    }

    private func reader(_ transaction: Transaction, _ signedIn: Authenticated) async throws -> PoolingReader {
        try await PoolingReader.open(transaction, signedIn, today: configuration.today())
    }

    /// A write's answer, read in the transaction that made it.
    private func planItemResponse(
        _ transaction: Transaction, _ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status
    ) async throws -> Response {
        guard let view = try await reader(transaction, signedIn).planItem(id: id) else { throw AppError.notFound("plan item \(id)") }
        return try view.jsonResponse(status: status)
    }

    private func pooledResponse(_ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status) async throws -> Response {
        try await database.transaction(as: signedIn.identity, readOnly: true) { try await pooledResponse($0, signedIn, id, status: status) }
    }

    private func pooledResponse(
        _ transaction: Transaction, _ signedIn: Authenticated, _ id: UUID, status: HTTPResponse.Status
    ) async throws -> Response {
        guard let view = try await reader(transaction, signedIn).pooled(id: id) else { throw AppError.notFound("pooled procurement \(id)") }
        return try view.jsonResponse(status: status)
    }
}

extension PoolingViews.PlanItemView: ResponseEncodable {}
extension PoolingViews.NeedView: ResponseEncodable {}
extension PoolingViews.PooledView: ResponseEncodable {}
extension PoolingViews.Demand: ResponseEncodable {}
