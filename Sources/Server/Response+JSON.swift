import Foundation
import Hummingbird

extension Encodable {
    /// The value as a JSON response with the given status.
    func jsonResponse(status: HTTPResponse.Status) throws -> Response {
        // The same dates as the framework's own responses: ISO 8601, not seconds since 2001.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(self)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
