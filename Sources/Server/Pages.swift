import Foundation
import Hummingbird
import Mustache

/// The HTML pages, rendered from the Mustache templates in `Templates/`. Values are escaped by
/// the `{{…}}` tags; no template uses the unescaped `{{{…}}}` form.
public struct Pages: Sendable {
    let library: MustacheLibrary

    public static func load() async throws -> Pages {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw AppError.internalError
        }
        return Pages(library: try await MustacheLibrary(directory: directory.path))
    }

    func render(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = library.render(context, withTemplate: template) else {
            throw AppError(.internalServerError, code: "internal_error", message: "page template \(template) is missing")
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func error(_ error: AppError, chrome: PageChrome? = nil) throws -> Response {
        let heading = switch error.status {
        case .notFound: "Sidan finns inte"
        case .forbidden: "Behörighet saknas"
        case .tooManyRequests: "För många försök"
        case .serviceUnavailable: "Tjänsten är tillfälligt otillgänglig"
        case .internalServerError: "Något gick fel"
        default: "Begäran kunde inte utföras"
        }
        let advice = switch error.status {
        case .notFound: "Vi hittade inte det du sökte. Kontrollera adressen."
        case .forbidden where error.code == "csrf_rejected": "Formuläret hade gått ut. Ladda om sidan och försök igen."
        case .forbidden: "Din aktiva roll får inte göra detta. Byt roll uppe till höger om du har en annan roll."
        case .tooManyRequests: "För många misslyckade inloggningar. Vänta en stund och försök igen."
        case .serviceUnavailable: "Försök igen om en liten stund."
        case .internalServerError: "Felet är loggat. Försök igen senare."
        default: "Kontrollera uppgifterna och försök igen."
        }
        let values: [String: Any] = [
            "title": heading, "heading": heading, "message": error.swedishMessage ?? advice, "status": error.status.code,
        ]
        if let chrome { return try render("error", values, chrome: chrome, status: error.status) }
        return try render("error", values, status: error.status)
    }
}
