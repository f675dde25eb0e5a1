import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): text fields and files, in order.
/// The import takes its files this way from the page's form and from `curl -F` alike.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        var filename: String?
        var bytes: [UInt8]
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    var parts: [Part]

    /// The boundary named by a `Content-Type` such as `multipart/form-data; boundary=xyz`.
    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    enum Problem: Error, Equatable { case malformed(String) }

    init(body: [UInt8], boundary: String) throws(Problem) {
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var searchFrom = 0
        while let found = Self.find(delimiter, in: body, from: searchFrom) {
            positions.append(found)
            searchFrom = found + delimiter.count
        }
        guard positions.count >= 2 else { throw .malformed("the body does not contain the multipart boundary") }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            // Each delimiter line ends with CRLF; the part's content ends with the CRLF before the next one.
            guard partStart + 2 <= end, body[partStart] == 13, body[partStart + 1] == 10 else {
                throw .malformed("a multipart delimiter is not followed by a line break")
            }
            partStart += 2
            let headerEnd = Self.find([13, 10, 13, 10], in: body, from: partStart)
            guard let headerEnd, headerEnd < end else { throw .malformed("a part has no blank line after its headers") }
            let headers = String(decoding: body[partStart..<headerEnd], as: UTF8.self)
            var contentEnd = end
            if contentEnd >= 2, body[contentEnd - 2] == 13, body[contentEnd - 1] == 10 { contentEnd -= 2 }
            let contentStart = headerEnd + 4
            guard contentStart <= contentEnd else { throw .malformed("a part ends before its content") }
            guard let disposition = Self.disposition(headers), let name = disposition["name"] else {
                throw .malformed("a part has no Content-Disposition with a name")
            }
            parts.append(Part(name: name, filename: disposition["filename"], bytes: Array(body[contentStart..<contentEnd])))
        }
        self.parts = parts
    }

    /// The first text field of that name.
    subscript(field name: String) -> String? { parts.first { $0.name == name && $0.filename == nil }?.text }

    var files: [Part] { parts.filter { $0.filename != nil } }

    private static func disposition(_ headers: String) -> [String: String]? {
        for line in headers.components(separatedBy: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            var values: [String: String] = [:]
            for item in pair[1].split(separator: ";").dropFirst() {
                let kv = item.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                var value = kv[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                values[kv[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
            }
            return values
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        let first = needle[0]
        while index <= last {
            if haystack[index] == first {
                var matches = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }
}
