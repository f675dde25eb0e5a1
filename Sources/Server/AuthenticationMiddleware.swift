import Authentication
import Foundation
import Hummingbird
import Store

/// Resolves the session cookie or the `Authorization: Bearer` token into who is signed in.
///
/// A bearer token that is malformed, unknown, revoked or expired is refused at once with 401:
/// an integration must learn that its token no longer works. A stale cookie is simply
/// ignored (the browser is treated as a visitor and sent to the login page where it matters).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: Database

    static let sessionCookie = "samverkan_session"
    static let sessionPrefix = "svs_"
    static let tokenPrefix = "svt_"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else { throw AppError.badCredentials }
            let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard SecretToken.isWellFormed(token, prefix: Self.tokenPrefix),
                  let signedIn = try await database.authenticate(apiTokenHash: SecretToken.hash(token)) else {
                throw AppError.badCredentials
            }
            context.signedIn = signedIn
        } else if let secret = request.cookies[Self.sessionCookie]?.value,
                  SecretToken.isWellFormed(secret, prefix: Self.sessionPrefix),
                  let signedIn = try await database.authenticate(sessionTokenHash: SecretToken.hash(secret)) {
            context.signedIn = signedIn
            context.sessionSecret = secret
        }
        return try await next(request, context)
    }
}
