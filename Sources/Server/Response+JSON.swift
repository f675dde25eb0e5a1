import Foundation
import Hummingbird

extension Encodable {
    /// The value as a JSON response with the given status.
    func jsonResponse(status: HTTPResponse.Status) throws -> Response {
        let data = try JSONEncoder().encode(self)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
