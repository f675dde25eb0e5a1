import Foundation

/// A `multipart/form-data` body written by hand, as a browser's form or `curl -F` sends it, so
/// that the tests exercise the server's own reading of the parts.
struct MultipartBody: Sendable {
    var boundary = "----samverkan-test-\(UUID().uuidString)"
    var parts: [(name: String, filename: String?, contentType: String?, bytes: [UInt8])] = []

    init(fields: KeyValuePairs<String, String> = [:], files: [(name: String, bytes: [UInt8])] = []) {
        for (name, value) in fields { parts.append((name, nil, nil, Array(value.utf8))) }
        for file in files { parts.append(("file", file.name, "application/octet-stream", file.bytes)) }
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var bytes: [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let contentType = part.contentType { head += "Content-Type: \(contentType)\r\n" }
            head += "\r\n"
            body += Array(head.utf8) + part.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }
}
