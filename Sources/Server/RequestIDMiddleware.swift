import HTTPTypes
import Hummingbird
import Logging

/// Gives every response the request's id as `X-Request-Id`, and makes the id part of every log
/// line written while the request is handled, also by loggers that never saw the request's
/// context (the database pool's, say): it is kept in a task-local value that
/// `RequestLogMetadata.provider` reads, which the program installs as the logging system's
/// metadata provider.
///
/// The id is Hummingbird's own (`hb.request.id`), already in `context.logger`. An id sent by
/// the client is not taken over: it could be forged to tie a request to someone else's.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = context.logger[metadataKey: RequestLogMetadata.key]?.description else {
            return try await next(request, context)
        }
        var response = try await RequestLogMetadata.$requestID.withValue(id) {
            try await next(request, context)
        }
        response.headers[Self.header] = id
        return response
    }
}

/// The request id of the task that logs, for loggers that have no request context.
public enum RequestLogMetadata {
    /// The metadata key Hummingbird gives the request's logger.
    public static let key = "hb.request.id"

    @TaskLocal static var requestID: String?

    /// Adds `hb.request.id` to every log line written inside a request's task. Install it with
    /// `LoggingSystem.bootstrap(_:metadataProvider:)`.
    public static let provider = Logger.MetadataProvider {
        guard let requestID else { return [:] }
        return [key: .string(requestID)]
    }

    /// Runs `body` as if inside the request `id`: for tests of loggers outside a request.
    public static func withRequestID<T>(_ id: String, _ body: () async throws -> T) async rethrows -> T {
        try await $requestID.withValue(id) { try await body() }
    }
}
