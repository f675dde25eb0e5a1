import Foundation
import Hummingbird
import Logging
import Store

/// Turns every error into a response a client can act on: JSON for programs, a Swedish page
/// for browsers. Errors that are ours (5xx) are logged with their safe description only.
///
/// It is installed twice: outermost, for failures before anyone is known, and once more after
/// `AuthenticationMiddleware` with the database, so that an error page shown to a signed-in
/// user keeps their header (who they are, the active role and the role switcher the page's
/// advice points to).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: Pages
    var database: Database? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let appError = AppError.from(error)
            if appError.status.code >= 500 {
                context.logger.error("request failed", metadata: [
                    "error": "\(String(describing: error))", "type": "\(type(of: error))",
                    "status": "\(appError.status.code)",
                ])
            }
            if request.prefersHTML, appError.status == .unauthorized {
                return .redirect(to: "/logga-in?tillbaka=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"), type: .found)
            }
            if request.prefersHTML {
                var response = try pages.error(appError, chrome: await chrome(for: context))
                response.headers.append(contentsOf: appError.headers)
                return response
            }
            return try appError.jsonResponse()
        }
    }

    /// The signed-in user's page header, if one can be had; an error page without it is
    /// better than none, so a failure here is not reported over the original error.
    private func chrome(for context: Context) async -> PageChrome? {
        guard let database, let signedIn = context.signedIn else { return nil }
        return try? await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
        }
    }
}

extension AppError {
    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            /// Where the error is, when it has a place: `file`, `line`, `remaining`, …
            var details: [String: String]?
        }
        var error: Detail
    }

    func jsonResponse() throws -> Response {
        var response = try Body(error: .init(code: code, message: message, details: details.isEmpty ? nil : details)).jsonResponse(status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension Request {
    /// A browser navigating (not an API client): it asks for HTML before anything else.
    var prefersHTML: Bool {
        guard !uri.path.hasPrefix("/api/") else { return false }
        return headers[.accept]?.contains("text/html") ?? false
    }
}
