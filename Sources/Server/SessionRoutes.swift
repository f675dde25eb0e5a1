import Authentication
import Foundation
import Hummingbird
import Procurement
import Store

/// Logging in and out on the web (Swedish pages). The session lives in an HttpOnly,
/// SameSite=Lax cookie holding a random secret; the database keeps only its hash.
struct SessionRoutes: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    /// Before a session exists the login form is protected by a double-submit cookie.
    static let loginCSRFCookie = "samverkan_login_csrf"

    struct LoginForm: Decodable {
        var office: String?
        var email: String?
        var password: String?
        var returnTo: String?
        var _csrf: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/logga-in") { request, context -> Response in
            if context.signedIn != nil { return .redirect(to: "/start") }
            let csrf = CSRFToken.random()
            var response = try await loginPage(
                csrf: csrf, office: request.uri.queryParameters["kontor"].map(String.init), email: "",
                returnTo: request.uri.queryParameters["tillbaka"].map(String.init) ?? "",
                loggedOut: request.uri.queryParameters["utloggad"] != nil, error: nil, status: .ok)
            response.setCookie(cookie(Self.loginCSRFCookie, csrf, maxAge: 3600, path: "/logga-in"))
            return response
        }

        router.post("/logga-in") { request, context -> Response in
            let form = try await URLEncodedFormDecoder().decode(LoginForm.self, from: request, context: context)
            let returnTo = Self.safeReturnPath(form.returnTo)
            guard CSRFToken.matches(request.cookies[Self.loginCSRFCookie]?.value, form._csrf) else {
                throw AppError.csrfRejected
            }
            let offices = try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
            let office = offices.first { $0.slug == form.office }
            do {
                let session = try await SignIn(database: database, configuration: configuration).attempt(
                    officeID: office?.id, email: form.email ?? "", password: form.password ?? "", address: context.clientAddress)
                var response = Response.redirect(to: session.mustChangePassword ? "/konto?byt-losenord=1" : (returnTo ?? "/start"))
                response.setCookie(sessionCookie(session.secret))
                response.setCookie(cookie(Self.loginCSRFCookie, "", maxAge: 0, path: "/logga-in"))
                return response
            } catch let failure as SignIn.Failure {
                let (message, status): (String, HTTPResponse.Status) = switch failure {
                case .wrongCredentials: ("Fel e-postadress eller lösenord.", .unauthorized)
                case .throttled(let seconds):
                    ("För många misslyckade försök. Försök igen om \(seconds) sekunder.", .tooManyRequests)
                }
                var response = try await loginPage(
                    csrf: form._csrf ?? "", office: form.office, email: form.email ?? "", returnTo: returnTo ?? "",
                    loggedOut: false, error: message, status: status)
                if case .throttled(let seconds) = failure { response.headers[.retryAfter] = String(seconds) }
                return response
            }
        }

        router.post("/logga-ut") { _, context -> Response in
            if let signedIn = context.signedIn, case .session(let sessionID) = signedIn.credential {
                try await database.transaction(as: signedIn.identity) { try await $0.revokeSession(id: sessionID) }
            }
            var response = Response.redirect(to: "/logga-in?utloggad=1")
            response.setCookie(sessionCookie("", maxAge: 0))
            return response
        }
    }

    private func loginPage(
        csrf: String, office selected: String?, email: String, returnTo: String, loggedOut: Bool, error: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let offices = try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        var context: [String: Any] = [
            "csrf": csrf, "email": email, "returnTo": returnTo, "loggedOut": loggedOut,
            "offices": offices.map { ["slug": $0.slug, "name": $0.name, "selected": $0.slug == selected] },
        ]
        if let error { context["error"] = error }
        if configuration.showsDemoAccounts {
            context["showsDemoAccounts"] = true
            context["demoPassword"] = DemoData.password
            context["demoAccounts"] = DemoData.offices.flatMap { seed in
                seed.users.map { person in
                    ["email": person.user.email.normalized, "description": person.roles.map(\.role.swedishName).joined(separator: " och ")]
                }
            }
        }
        return try pages.render("login", context, status: status)
    }

    func sessionCookie(_ value: String, maxAge: Int? = nil) -> Cookie {
        cookie(AuthenticationMiddleware.sessionCookie, value, maxAge: maxAge ?? Int(configuration.sessionLifetime.components.seconds), path: "/")
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int, path: String) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Only a path on this site: never `//host` or a full URL, which would send the user away.
    static func safeReturnPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
              !text.contains(where: { $0.isNewline }) else { return nil }
        return text
    }
}
