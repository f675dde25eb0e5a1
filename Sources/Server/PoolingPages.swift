import Foundation
import Hummingbird
import Procurement
import Store

/// `/samordnade` and `/samordnade/<id>`: the office's pooled procurements (*samordnade
/// upphandlingar*). Everyone reads the catalogue, its value and procedure; a member's
/// coordinator confirms or withdraws its participation; the office publishes the participants,
/// sets the framework's maximum and shares its own cost.
struct PoolingPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var pooling: PoolingActions { PoolingActions(database: database, configuration: configuration) }

    struct DecisionForm: PageForm { var status: String? }
    struct PublishForm: PageForm { var published: String? }
    struct MaximumForm: PageForm { var maximumValue: String? }
    struct CostForm: PageForm { var total: String?; var basis: String? }

    static let notices = Notices(messages: [
        "bekraftat": "Ert deltagande är bekräftat.",
        "uttratt": "Er organisation har utträtt ur upphandlingen.",
        "publicerad": "Deltagarlistan är publicerad för medlemmarna.",
        "dold": "Deltagarlistan visas inte längre för medlemmarna.",
        "takvarde": "Takvärdet är sparat.",
        "kostnad": "Kontorets kostnad är fördelad på deltagarna.",
    ])
    static let maximumForm = "takvarde"
    static let costForm = "kostnad"

    func register(on router: Router<AppRequestContext>) {
        router.get("/samordnade") { _, context -> Response in
            let signedIn = try context.requireSignedIn()
            return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
                let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
                let reader = try await PoolingReader.open(transaction, signedIn, today: configuration.today())
                let procurements = try await reader.pooled().sorted { ($1.plannedStart, $0.title) < ($0.plannedStart, $1.title) }
                return try pages.render("pooled-list", [
                    "procurements": procurements.map { procurement in
                        [
                            "id": PageText.id(procurement.id), "title": procurement.title, "cpv": procurement.cpv, "cpvLabel": procurement.cpvLabel,
                            "start": procurement.plannedStart.iso, "end": procurement.end.iso,
                            "participants": procurement.participantCount, "confirmed": procurement.confirmedCount,
                            "estimatedValue": PageText.money(procurement.estimatedValue),
                            "procedure": procurement.classification?.procedureName ?? "",
                            "problem": procurement.classificationProblem?.message ?? "",
                            "hasProblem": procurement.classificationProblem != nil,
                            "open": procurement.open,
                        ] as [String: Any]
                    },
                    "hasProcurements": !procurements.isEmpty,
                ], chrome: chrome)
            }
        }

        router.get("/samordnade/:id") { request, context -> Response in
            try await page(context, id: try context.uuid("id"), .notice(Self.notices.message(for: request)))
        }
        router.post("/samordnade/:id/deltagande") { request, context -> Response in
            let signedIn = try context.requireSignedIn()
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(DecisionForm.self, from: request, context: context)
            do {
                let status = try Input.choice(form.status, as: ParticipationStatus.self, field: "status", refusal: "Välj att bekräfta eller att utträda.")
                guard status != .proposed else {
                    throw AppError.invalid("`status` must be `confirmed` or `withdrawn`").swedish("Välj att bekräfta eller att utträda.")
                }
                _ = try await pooling.decide(signedIn, procurementID: id, status: status)
                return .redirect(to: "/samordnade/\(PageText.id(id))?sparat=\(status == .confirmed ? "bekraftat" : "uttratt")")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(refusal, fallback: "Beslutet kunde inte sparas."))
            }
        }
        router.post("/samordnade/:id/deltagarlista") { request, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(PublishForm.self, from: request, context: context)
            let published = form.published == "true"
            do {
                _ = try await pooling.update(signedIn, id: id, .init(participantsPublished: published))
                return .redirect(to: "/samordnade/\(PageText.id(id))?sparat=\(published ? "publicerad" : "dold")")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(refusal, fallback: "Deltagarlistan kunde inte ändras."))
            }
        }
        router.post("/samordnade/:id/takvarde") { request, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(MaximumForm.self, from: request, context: context)
            do {
                // An empty field removes the maximum, as the API's empty string does.
                _ = try await pooling.update(signedIn, id: id, .init(maximumValue: form.maximumValue ?? ""))
                return .redirect(to: "/samordnade/\(PageText.id(id))?sparat=takvarde")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(
                    refusal, fallback: "Takvärdet kunde inte sparas.", formID: Self.maximumForm, draft: form.fields))
            }
        }
        router.post("/samordnade/:id/kostnad") { request, context -> Response in
            let signedIn = try context.require(PoolingAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(CostForm.self, from: request, context: context)
            do {
                let basis = try Input.choice(form.basis, as: CostBasis.self, field: "basis", refusal: "Välj om kostnaden fördelas efter volym eller invånarantal.")
                _ = try await pooling.allocateCost(signedIn, procurementID: id, .init(total: form.total ?? "", basis: basis))
                return .redirect(to: "/samordnade/\(PageText.id(id))?sparat=kostnad")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, id: id, .refused(
                    refusal, fallback: "Kostnaden kunde inte fördelas.", formID: Self.costForm, draft: form.fields))
            }
        }
    }

    private func page(_ context: AppRequestContext, id: UUID, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let reader = try await PoolingReader.open(transaction, signedIn, today: configuration.today())
            guard let procurement = try await reader.pooled(id: id) else { throw AppError.notFound("pooled procurement \(id)") }
            var values = state.values.merging(detailValues(procurement, chrome: chrome)) { $1 }
            if chrome.isPoolingStaff { values["staff"] = staffValues(procurement, state: state) }
            return try pages.render("pooled", values, chrome: chrome, status: state.status)
        }
    }

    private func detailValues(_ procurement: PoolingViews.PooledView, chrome: PageChrome) -> [String: Any] {
        var values: [String: Any] = [
            "id": PageText.id(procurement.id), "title": procurement.title, "description": procurement.description,
            "hasDescription": !procurement.description.isEmpty, "cpv": procurement.cpv, "cpvLabel": procurement.cpvLabel,
            "contractType": procurement.contractType.swedishName, "law": procurement.law.rawValue,
            "framework": PageText.yesNo(procurement.framework), "plannedStart": procurement.plannedStart.iso, "end": procurement.end.iso,
            "period": PageText.period(months: procurement.contractMonths, optionMonths: procurement.optionMonths),
            "maximumValue": procurement.maximumValue.map { PageText.money($0) } ?? "Inget angivet",
            "confirmationDeadline": procurement.confirmationDeadline.iso, "open": procurement.open,
            "participantCount": procurement.participantCount, "confirmedCount": procurement.confirmedCount,
            "yearlyValue": PageText.money(procurement.yearlyValue), "estimatedValue": PageText.money(procurement.estimatedValue),
            "warnings": procurement.warnings.map(\.message), "hasWarnings": !procurement.warnings.isEmpty,
            "participants": procurement.participants.map(participantValues), "hasParticipants": !procurement.participants.isEmpty,
            "participantsPublished": procurement.participantsPublished,
            "seesAllParticipants": chrome.readsOfficeWide || procurement.participantsPublished || chrome.activeRole?.isCommittee == true,
            "isAdministrator": chrome.activeRole == .administrator,
            "planItemID": procurement.planItemID.map(PageText.id) ?? "", "hasPlanItem": procurement.planItemID != nil,
        ]
        if let classification = procurement.classification {
            values["classification"] = [
                "procedure": classification.procedureName, "date": classification.date.iso,
                "directAwardLimit": PageText.money(classification.directAwardLimit), "directAwardLimitSource": classification.directAwardLimitSource,
                "euThreshold": PageText.money(classification.euThreshold), "euThresholdSource": classification.euThresholdSource,
            ]
        }
        if let problem = procurement.classificationProblem {
            values["problem"] = problem.message
            values["hasProblem"] = true
        }
        if let own = procurement.ownParticipation {
            var ownValues = participantValues(own)
            ownValues["canDecide"] = chrome.isCoordinator && procurement.open && own.status != .withdrawn
            ownValues["canConfirm"] = own.status == .proposed
            values["own"] = ownValues
        }
        if let total = procurement.costTotal {
            values["cost"] = [
                "total": PageText.money(total), "basis": procurement.costBasis?.swedishName.lowercased() ?? "–",
                "allocatedAt": procurement.costAllocatedAt.map(SwedishTime.format) ?? "–", "stale": procurement.costAllocationStale,
            ] as [String: Any]
        }
        return values
    }

    private func participantValues(_ participant: PoolingViews.ParticipantView) -> [String: Any] {
        [
            "organisation": participant.organisation.name, "status": participant.status.swedishName,
            "quantity": PageText.quantity(participant.quantity, unit: participant.unit),
            "yearlyValue": PageText.money(participant.yearlyValue), "estimatedValue": PageText.money(participant.estimatedValue),
            "share": participant.share, "costShare": PageText.money(participant.costShare),
            "decidedAt": participant.decidedAt.map(SwedishTime.format) ?? "–",
        ]
    }

    private func staffValues(_ procurement: PoolingViews.PooledView, state: PageState) -> [String: Any] {
        let basis = state.typed("basis", in: Self.costForm) ?? procurement.costBasis?.rawValue ?? CostBasis.volume.rawValue
        return [
            "published": procurement.participantsPublished,
            "maximumValue": state.typed("maximumValue", in: Self.maximumForm) ?? PageText.formNumber(procurement.maximumValue),
            "costTotal": state.typed("total", in: Self.costForm) ?? PageText.formNumber(procurement.costTotal),
            "bases": CostBasis.allCases.map { ["value": $0.rawValue, "label": $0.swedishName, "checked": $0.rawValue == basis] },
        ]
    }
}
