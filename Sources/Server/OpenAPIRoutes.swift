import Foundation
import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the JSON API, for anyone (it
/// describes the routes, not data), so a client or a fuzzer can read it before it has a token.
///
/// The description is a resource file (`OpenAPI/openapi.json`) written by hand, not generated:
/// `OpenAPITests` keeps it true by comparing its paths with the router's routes and by
/// checking real responses, and `SchemathesisTests` against its schemas.
struct OpenAPIRoutes: Sendable {
    /// The bytes as they are in the file, read once when the application is built.
    let document: ByteBuffer

    static let path = "api/v1/openapi.json"

    /// Reads the description from the module's resources; a build without it cannot serve
    /// its own description, so this refuses to build the application rather than answer 404.
    static func load() throws -> OpenAPIRoutes {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("OpenAPI/openapi.json") else {
            throw AppError(.internalServerError, code: "internal_error", message: "the OpenAPI description is missing from the build")
        }
        return OpenAPIRoutes(document: ByteBuffer(bytes: try Data(contentsOf: url)))
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: document))
        }
    }
}
