import CoreMetrics
import HTTPTypes
import Hummingbird

/// Counts requests and records their duration by the route that answered them: the router's
/// pattern (`/api/v1/plan/{id}`), never the path as sent, so ids never become series and a
/// client probing random paths adds one series (`NotFound`), not thousands.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let factory: any MetricsFactory

    static let requestsMetric = "samverkan_http_requests_total"
    static let durationMetric = "samverkan_http_request_duration_seconds"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status, since: started)
            return response
        } catch {
            record(request, context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError, since: started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: HTTPResponse.Status, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let method = Self.methodLabel(request.method)
        let route = context.endpointPath ?? "NotFound"
        Counter(
            label: Self.requestsMetric,
            dimensions: [("method", method), ("route", route), ("status", String(status.code))],
            factory: factory
        ).increment()
        Timer(label: Self.durationMetric, dimensions: [("method", method), ("route", route)], factory: factory)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    /// The standard methods by name; any other token a client invents is `OTHER`.
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .patch, .delete, .options: method.rawValue
        default: "OTHER"
        }
    }
}
