import HTTPTypes
import Hummingbird
import Logging

/// One log line per finished request: method, path (never the query string, which may carry
/// search terms), the matched route, status and duration. Probes of `/health`, `/ready` and
/// `/metrics` arrive every few seconds, so they are logged at debug level only.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    static let probes: Set<String> = ["/health", "/ready", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status, since: started)
            return response
        } catch {
            log(request, context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: HTTPResponse.Status, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let level: Logger.Level = Self.probes.contains(request.uri.path) ? .debug : .info
        context.logger.log(level: level, "request", metadata: [
            "http.method": .string(request.method.rawValue),
            "http.path": .string(request.uri.path),
            "http.route": .string(context.endpointPath ?? "NotFound"),
            "http.status": .stringConvertible(status.code),
            "http.duration_ms": .string(elapsed.millisecondsText),
        ])
    }
}

extension Duration {
    /// Milliseconds with three decimals, for logs.
    var millisecondsText: String {
        let microseconds = components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        return "\(microseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
