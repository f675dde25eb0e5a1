import Foundation
import Hummingbird
import Logging

/// Turns every error into a response a client can act on: JSON for programs, a Swedish page
/// for browsers. Errors that are ours (5xx) are logged with their safe description only.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: Pages

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
                var response = try pages.error(appError)
                response.headers.append(contentsOf: appError.headers)
                return response
            }
            return try appError.jsonResponse()
        }
    }
}

extension AppError {
    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    func jsonResponse() throws -> Response {
        var response = try Body(error: .init(code: code, message: message)).jsonResponse(status: status)
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
