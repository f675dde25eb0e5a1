import Foundation
import Hummingbird
import Procurement
import Store

/// What a page says above its content after a form: a notice, or the refusal of what was sent
/// (with the status it answers and what was typed, to fill the form again).
struct PageState: Sendable {
    var notice: String?
    var error: String?
    var status: HTTPResponse.Status = .ok
    /// The refused form's fields by name, and which form it was (`formID`).
    var draft: [String: String] = [:]
    var formID: String?

    static func notice(_ text: String?) -> PageState { PageState(notice: text) }

    /// The refusal a form's own page shows: its Swedish words, or `fallback` when it has none.
    static func refused(_ error: AppError, fallback: String, formID: String? = nil, draft: [String: String] = [:]) -> PageState {
        PageState(error: error.swedishMessage ?? fallback, status: error.status, draft: draft, formID: formID)
    }

    /// The notice, error and status as the templates read them.
    var values: [String: Any] {
        var values: [String: Any] = [:]
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        return values
    }

    /// What was typed in `formID`'s field `name`, if that form was the one refused.
    func typed(_ name: String, in formID: String) -> String? {
        self.formID == formID ? draft[name] : nil
    }
}

extension AppError {
    /// A refusal the form's own page shows (422 or 409, from an action or the database); nil
    /// for anything else, which the error page shows.
    static func formRefusal(_ error: any Error) -> AppError? {
        let appError = AppError.from(error)
        return [.unprocessableContent, .conflict].contains(appError.status) ? appError : nil
    }
}

/// Notices a page shows after a redirect, chosen by a fixed key in the query
/// (`?sparat=svar`): nothing from the address is ever shown as such.
struct Notices {
    let messages: [String: String]

    func message(for request: Request) -> String? {
        request.uri.queryParameters.get("sparat").flatMap { messages[$0] }
    }
}

/// How the plan and pooling pages write figures and periods, in Swedish.
enum PageText {
    /// `1 234 567,00 kr` from a view's decimal text; `–` when there is none.
    static func money(_ decimal: String?) -> String {
        decimal.flatMap { Money(decimal: $0) }?.description ?? "–"
    }

    /// A decimal text as a Swedish form shows it again: `2300000,00`.
    static func formNumber(_ decimal: String?) -> String {
        (decimal ?? "").replacingOccurrences(of: ".", with: ",")
    }

    /// `52 000 kg`, `–` when there is no quantity.
    static func quantity(_ quantity: Quantity?, unit: String?) -> String {
        guard let quantity else { return "–" }
        return [quantity.description, unit].compactMap { $0 }.joined(separator: "\u{00A0}")
    }

    /// `24 månader, förlängning 12 + 12 månader`.
    static func period(months: Int, optionMonths: [Int]) -> String {
        let base = "\(months) månader"
        guard !optionMonths.isEmpty else { return base + ", ingen förlängning" }
        return base + ", förlängning " + optionMonths.map(String.init).joined(separator: " + ") + " månader"
    }

    static func yesNo(_ value: Bool) -> String { value ? "Ja" : "Nej" }

    /// The choices of a `<select>`: each value with its label, the chosen one marked.
    static func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type, chosen: String?, label: (T) -> String) -> [[String: Any]]
    where T.RawValue == String {
        T.allCases.map { ["value": $0.rawValue, "label": label($0), "selected": $0.rawValue == chosen] }
    }

    static func id(_ id: UUID) -> String { id.uuidString.lowercased() }
}

/// Reading a form's text fields into the actions' types, refusing in Swedish.
extension Input {
    /// A date written ÅÅÅÅ-MM-DD (what `<input type="date">` sends).
    static func date(_ value: String?, field: String, label: String) throws -> CalendarDate {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard let date = CalendarDate(iso: text) else {
            throw AppError.invalid("`\(field)` must be a date like 2027-01-31").swedish("Ange \(label) som ÅÅÅÅ-MM-DD.")
        }
        return date
    }

    static func optionalDate(_ value: String?, field: String, label: String) throws -> CalendarDate? {
        (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil : try date(value, field: field, label: label)
    }

    /// A whole number, spaces allowed (`1 200`).
    static func wholeNumber(_ value: String?, field: String, label: String) throws -> Int {
        let text = String((value ?? "").unicodeScalars.filter { !CharacterSet.whitespaces.contains($0) }.map(Character.init))
        guard let number = Int(text) else {
            throw AppError.invalid("`\(field)` must be a whole number").swedish("Ange \(label) som ett heltal.")
        }
        return number
    }

    /// One of an enumeration's raw values, from a `<select>` or radio buttons.
    static func choice<T: RawRepresentable>(_ value: String?, as type: T.Type, field: String, refusal: String) throws -> T
    where T.RawValue == String {
        guard let value, let choice = T(rawValue: value) else {
            throw AppError.invalid("`\(field)` is not one of the choices").swedish(refusal)
        }
        return choice
    }
}

extension PageChrome {
    /// The member organisation the active role acts for (coordinator, orderer, a member's viewer).
    var memberOrganisationID: UUID? {
        guard let role = activeRole, [.coordinator, .orderer, .viewer].contains(role) else { return nil }
        return signedIn.activeRole?.organisationID
    }

    /// The member's coordinator, who answers the plan, registers needs and confirms participation.
    var isCoordinator: Bool { activeRole == .coordinator && memberOrganisationID != nil }

    /// Runs the pooling work: plans, pooled procurements, participants (as `PoolingAPI.staff`).
    var isPoolingStaff: Bool { activeRole.map(PoolingAPI.staff.contains) ?? false }

    /// Reads the whole office's plan answers, needs and purchases (as row-level security lets it).
    var readsOfficeWide: Bool {
        guard let role = activeRole else { return false }
        return role.isOfficeStaff || (role == .viewer && signedIn.activeRole?.organisationID == nil)
    }
}

/// A form's fields by their names (the properties of its `Decodable` struct), to fill the
/// form again with what was typed when it is refused.
protocol PageForm: Decodable {}

extension PageForm {
    var fields: [String: String] {
        var fields: [String: String] = [:]
        for child in Mirror(reflecting: self).children {
            if let name = child.label, let value = child.value as? String { fields[name] = value }
        }
        return fields
    }
}

/// Runs a form's action: after it, the browser goes to `location` (the page with a notice); a
/// refusal shows the page again, through `page`, with the Swedish reason, what was typed and
/// the refusal's status (409 or 422). Anything else is an error for the error middleware.
func submitForm(
    then location: String, fallback: String, formID: String? = nil, draft: [String: String] = [:],
    orShow page: (PageState) async throws -> Response, _ action: () async throws -> Void
) async throws -> Response {
    do {
        try await action()
        return .redirect(to: location)
    } catch {
        guard let refusal = AppError.formRefusal(error) else { throw error }
        return try await page(.refused(refusal, fallback: fallback, formID: formID, draft: draft))
    }
}
