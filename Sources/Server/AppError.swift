import Foundation
import Hummingbird
import Postgres
import Store

/// An error a client caused or must be told about. The HTTP status and the machine-readable
/// code live here, in one place; routes throw these, and `ErrorMiddleware` writes them as
/// `{"error": {"code": "...", "message": "..."}}` (or a Swedish page for a browser).
public struct AppError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields = [:]
    /// Facts the client can act on beside the message (the file and line of a refused import,
    /// the amount a framework has left), as `error.details` in the JSON body.
    public var details: [String: String] = [:]
    /// What a Swedish page says instead of `message`, where the error is the user's to fix.
    public var swedishMessage: String?

    public init(_ status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The same error with the words a Swedish page shows.
    public func swedish(_ message: String) -> AppError {
        var error = self
        error.swedishMessage = message
        return error
    }

    public static func notFound(_ what: String) -> AppError {
        AppError(.notFound, code: "not_found", message: "\(what) was not found")
    }

    public static func badRequest(_ message: String) -> AppError {
        AppError(.badRequest, code: "bad_request", message: message)
    }

    public static func invalid(_ message: String) -> AppError {
        AppError(.unprocessableContent, code: "invalid", message: message)
    }

    public static func conflict(_ message: String) -> AppError {
        AppError(.conflict, code: "conflict", message: message)
    }

    /// No session or token: sign in first.
    public static let unauthenticated: AppError = {
        var error = AppError(.unauthorized, code: "unauthenticated", message: "sign in, or send an API token as `Authorization: Bearer …`")
        error.headers[.wwwAuthenticate] = #"Bearer realm="samverkan""#
        return error
    }()

    /// A token or password that is wrong, unknown, revoked or expired: one message for all.
    public static let badCredentials: AppError = {
        var error = AppError(.unauthorized, code: "bad_credentials", message: "the credentials are not valid")
        error.headers[.wwwAuthenticate] = #"Bearer realm="samverkan", error="invalid_token""#
        return error
    }()

    /// The active role may not do this. (Rows a role may not see answer 404 instead.)
    public static let forbidden = AppError(.forbidden, code: "forbidden", message: "your active role may not do this")

    public static let csrfRejected = AppError(
        .forbidden, code: "csrf_rejected",
        message: "the request did not carry this site's CSRF token (reload the page and try again)")

    public static func tooManyAttempts(retryAfter seconds: Int) -> AppError {
        var error = AppError(.tooManyRequests, code: "too_many_attempts",
                             message: "too many failed sign-in attempts; try again in \(seconds) seconds")
        error.headers[.retryAfter] = String(seconds)
        return error
    }

    public static let internalError = AppError(
        .internalServerError, code: "internal_error",
        message: "something went wrong on our side; the error has been logged")

    public static func unavailable(_ message: String) -> AppError {
        var error = AppError(.serviceUnavailable, code: "unavailable", message: message)
        error.headers[.retryAfter] = "5"
        return error
    }
}

extension AppError {
    /// What a client is told about any error: our own as they are; the framework's by their
    /// status; database errors by their kind, never with their SQL, parameters or server text.
    static func from(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as HTTPError:
            let message = error.body ?? (error.status == .notFound ? "no such page or resource" : error.status.reasonPhrase)
            var result = AppError(error.status, code: code(for: error.status), message: message)
            result.headers = error.headers
            return result
        case let error as any HTTPResponseError where error.status.code < 500:
            // The framework's other errors with a status of their own, such as NIO's
            // `NIOTooManyBytesError` for a body over `maxUploadSize`: a client's error, by its
            // status; their text is not ours to show.
            let message = error.status == .contentTooLarge
                ? "the request body is larger than the limit of \(AppRequestContext.uploadLimit / 1024) KiB" : error.status.reasonPhrase
            return AppError(error.status, code: code(for: error.status), message: message)
        case let error as DecodingError:
            return .badRequest("the request body is not valid: \(DecodingErrorDescription(error))")
        case let error as PostgresError:
            switch error.kind {
            case .poolTimeout, .connectionFailed, .connectionLost, .poolClosed:
                return .unavailable("the database is busy or unreachable; try again shortly")
            case .invalidParameter:
                // Text with a NUL character, which PostgreSQL cannot store: the client sent it
                // (a JSON `\u0000` in any text field or a `%00` in a query), so it is theirs to fix.
                return .invalid("a text contains a NUL character (U+0000), which cannot be stored")
            case .server where error.sqlState == .queryCanceled:
                return .unavailable("the request took too long and was stopped; try again shortly")
            case .server where error.sqlState == .uniqueViolation:
                return .conflict("it already exists")
            case .server where error.sqlState == .foreignKeyViolation:
                return .invalid("it refers to something that does not exist")
            case .server where error.sqlState == .checkViolation || error.sqlState?.isDataException == true:
                return .invalid("a value is outside what is allowed\(error.constraint.map { " (\($0))" } ?? "")")
            case .server where error.sqlState == .insufficientPrivilege:
                return .forbidden
            default:
                return .internalError
            }
        default:
            return .internalError
        }
    }
}

extension AppError {
    /// The machine-readable code of a framework error, by its status.
    private static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "body_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        default: status.code < 500 ? "bad_request" : "internal_error"
        }
    }
}

/// A decoding error described by where it went wrong, never by the value found there.
struct DecodingErrorDescription: CustomStringConvertible {
    let error: DecodingError
    init(_ error: DecodingError) { self.error = error }

    var description: String {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the body" : "`\(text)`"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) should be \(type)"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)) should be \(type), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "it could not be read"
        }
    }
}
