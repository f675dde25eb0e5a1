import Authentication
import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Refuses cross-site request forgery on every state-changing request made with the session
/// cookie: it must carry the session's CSRF token, as the `_csrf` form field or the
/// `X-CSRF-Token` header, and any `Origin` it names must be this site. Bearer-token requests
/// need no token (a browser never adds the header by itself); the login form, before a
/// session exists, checks its own double-submit cookie.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let header = HTTPField.Name("X-CSRF-Token")!
    static let formField = "_csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method.isUnsafe else { return try await next(request, context) }
        if let origin = request.headers[.origin], !request.isSameOrigin(origin) {
            throw AppError.csrfRejected
        }
        guard let secret = context.sessionSecret, context.signedIn?.isSession == true else {
            return try await next(request, context)
        }
        var request = request
        var presented = request.headers[Self.header]
        if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            presented = FormFields(String(buffer: body))[Self.formField]
        } else if presented == nil, let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) {
            // A file upload: the token is one of its fields. Only the spend import's form takes
            // files of a member's size; any other route keeps the limit every form has.
            let limit = request.uri.path == SpendPages.importPath ? SpendActions.uploadLimit : context.maxUploadSize
            let body = try await request.collectBody(upTo: limit)
            presented = (try? MultipartForm(body: Array(buffer: body), boundary: boundary))?[field: Self.formField]
        }
        guard CSRFToken.verify(presented, session: secret) else { throw AppError.csrfRejected }
        return try await next(request, context)
    }
}

extension HTTPRequest.Method {
    var isUnsafe: Bool { ![.get, .head, .options].contains(self) }
}

extension Request {
    /// Whether an `Origin` header names the host this request was sent to.
    func isSameOrigin(_ origin: String) -> Bool {
        guard let host = head.authority, let url = URL(string: origin), let originHost = url.host else {
            return false
        }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }
}

/// The fields of an `application/x-www-form-urlencoded` body, first value of each name.
struct FormFields {
    private var values: [String: String] = [:]

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            if values[name] == nil { values[name] = parts.count > 1 ? Self.decode(parts[1]) ?? "" : "" }
        }
    }

    subscript(name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
