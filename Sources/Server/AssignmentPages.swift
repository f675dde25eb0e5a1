import Foundation
import Hummingbird
import Procurement
import Store

/// `/uppdrag`: the assignments (*uppdrag*) the committee gives the office, with their case
/// numbers (*diarienummer*). Everyone signed in reads them; the office drafts one (from a
/// pooled procurement or in free text) and moves an approved one on to its report, through
/// `CommitteeActions`.
struct AssignmentPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: CommitteeActions { CommitteeActions(database: database, configuration: configuration) }

    struct NewForm: PageForm { var pooledProcurementID: String?; var title: String?; var scope: String? }
    struct MoveForm: PageForm { var status: String?; var procurerID: String?; var report: String? }

    static let notices = Notices(messages: [
        "nytt": "Uppdraget är upprättat och föreslaget för nämnden.",
        "flyttat": "Uppdragets status är ändrad.",
    ])
    static let newForm = "nytt-uppdrag"

    func register(on router: Router<AppRequestContext>) {
        router.get("/uppdrag") { request, context -> Response in
            try await page(context, .notice(Self.notices.message(for: request)))
        }
        router.post("/uppdrag") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.staff)
            let form = try await URLEncodedFormDecoder().decode(NewForm.self, from: request, context: context)
            do {
                let pooled = (form.pooledProcurementID ?? "").isEmpty ? nil : form.pooledProcurementID.flatMap(UUID.init(uuidString:))
                if pooled == nil, !(form.pooledProcurementID ?? "").isEmpty {
                    throw AppError.invalid("`pooledProcurementID` is not an id").swedish("Välj en samordnad upphandling i listan.")
                }
                let title = (form.title ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil : form.title
                _ = try await actions.createAssignment(signedIn, .init(title: title, scope: form.scope, pooledProcurementID: pooled))
                return .redirect(to: "/uppdrag?sparat=nytt")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(refusal, fallback: "Uppdraget kunde inte upprättas.", formID: Self.newForm, draft: form.fields))
            }
        }
        router.post("/uppdrag/:id/status") { request, context -> Response in
            let signedIn = try context.require(CommitteeAPI.staff)
            let id = try context.uuid("id")
            let form = try await URLEncodedFormDecoder().decode(MoveForm.self, from: request, context: context)
            do {
                let status = try Input.choice(form.status, as: AssignmentStatus.self, field: "status", refusal: "Välj uppdragets nya status.")
                _ = try await actions.moveAssignment(signedIn, id: id, .init(
                    status: status, procurerID: form.procurerID.flatMap(UUID.init(uuidString:)), report: form.report))
                return .redirect(to: "/uppdrag?sparat=flyttat")
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await page(context, .refused(refusal, fallback: "Uppdraget kunde inte flyttas.", formID: Self.moveForm(id), draft: form.fields))
            }
        }
    }

    static func moveForm(_ id: UUID) -> String { "status-\(PageText.id(id))" }

    private func page(_ context: AppRequestContext, _ state: PageState) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let isStaff = chrome.activeRole.map(CommitteeAPI.staff.contains) ?? false
            let assignments = try await transaction.assignments()
            var procurers: [User] = []
            if isStaff {
                let ids = Set(try await transaction.roleAssignments().filter { $0.role == .procurer }.map(\.userID))
                procurers = try await transaction.users().filter { ids.contains($0.id) }.sorted { $0.name < $1.name }
            }
            let names = Dictionary(uniqueKeysWithValues: procurers.map { ($0.id, $0.name) })
            var values = state.values
            values["hasAssignments"] = !assignments.isEmpty
            values["assignments"] = assignments.map { assignment -> [String: Any] in
                var row: [String: Any] = [
                    "id": PageText.id(assignment.id), "caseNumber": assignment.caseNumber.description, "title": assignment.title,
                    "scope": assignment.scope, "status": assignment.status.swedishName,
                    "value": assignment.estimatedValue?.description ?? "–",
                    "procurer": assignment.procurerID.flatMap { names[$0] } ?? "",
                ]
                if let report = assignment.report, !report.isEmpty { row["report"] = report }
                guard isStaff else { return row }
                let formID = Self.moveForm(assignment.id)
                switch assignment.status {
                case .approved:
                    row["giveForm"] = ["procurers": procurers.map {
                        ["value": PageText.id($0.id), "label": $0.name, "selected": PageText.id($0.id) == state.typed("procurerID", in: formID)] as [String: Any]
                    }]
                case .inProgress: row["completeForm"] = true
                case .completed: row["reportForm"] = ["report": state.typed("report", in: formID) ?? ""]
                default: break
                }
                return row
            }
            if isStaff {
                let typed = { (name: String) in state.typed(name, in: Self.newForm) }
                let pooled = try await transaction.pooledProcurements().sorted { $0.title < $1.title }
                values["newForm"] = [
                    "pooled": pooled.map {
                        ["value": PageText.id($0.id), "label": $0.title, "selected": PageText.id($0.id) == typed("pooledProcurementID")] as [String: Any]
                    },
                    "title": typed("title") ?? "", "scope": typed("scope") ?? "",
                ] as [String: Any]
            }
            return try pages.render("assignments", values, chrome: chrome, status: state.status)
        }
    }
}
