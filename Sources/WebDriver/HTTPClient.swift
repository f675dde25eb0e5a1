import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON over HTTP/1.1 to chromedriver on 127.0.0.1, and nowhere else.
///
/// Not URLSession: chromedriver writes its header lines without a space after the colon
/// (`Content-Length:249`), which is valid HTTP but which FoundationNetworking on Linux (up to
/// Swift 6.3 at least; swift-corelibs-foundation PR #5527 fixes it) refuses with "Failed
/// writing header". So this is a small blocking client, one connection per request
/// (`Connection: close`), run off Swift's cooperative threads.
struct HTTPClient: Sendable {
    let port: Int

    init(port: Int) {
        self.port = port
    }

    /// Whether chromedriver answers `/status` with ready: true (false while it is not listening yet).
    func isReady() async throws -> Bool {
        guard let (status, data) = try? await exchange("GET", "/status", body: nil, timeout: 2),
              status == 200,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = object["value"] as? [String: Any]
        else { return false }
        return value["ready"] as? Bool ?? false
    }

    /// Sends one WebDriver command and returns the answer's `value` (NSNull for null).
    /// POST always sends a JSON object (`{}` for nil); GET and DELETE send no body.
    func send(_ method: String, _ path: String, _ body: [String: Any]? = nil, timeout: TimeInterval = 120) async throws -> Any {
        let json = method == "POST" ? try JSONSerialization.data(withJSONObject: body ?? [String: Any]()) : nil
        let status: Int
        let data: Data
        do {
            (status, data) = try await exchange(method, path, body: json, timeout: timeout)
        } catch {
            throw WebDriverError.driverFailed("\(method) \(path) got no answer from chromedriver on port \(port): \(error)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any],
              let value = object["value"]
        else {
            let text = String(decoding: data.prefix(500), as: UTF8.self)
            throw WebDriverError.protocolError("\(method) \(path): HTTP \(status), not a WebDriver answer: \(text)")
        }
        if let failure = value as? [String: Any], let error = failure["error"] as? String {
            throw WireError(code: error, message: failure["message"] as? String ?? "", status: status)
        }
        guard status == 200 else {
            throw WebDriverError.protocolError("\(method) \(path): HTTP \(status) without an error code")
        }
        return value
    }

    /// One request and its answer (status, body), on a dispatch thread as the socket calls block.
    private func exchange(_ method: String, _ path: String, body: Data?, timeout: TimeInterval) async throws -> (Int, Data) {
        let port = port
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try HTTPExchange.perform(method: method, path: path, body: body, port: port, timeout: timeout)
                })
            }
        }
    }
}

/// The socket work of one request, blocking.
enum HTTPExchange {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func perform(method: String, path: String, body: Data?, port: Int, timeout: TimeInterval) throws -> (Int, Data) {
        let deadline = Date().addingTimeInterval(timeout)
        let fd = try openConnection(port: port, timeout: timeout)
        defer { close(fd) }

        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: application/json\r\nConnection: close\r\n"
        if let body {
            request += "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
        }
        var bytes = Data((request + "\r\n").utf8)
        if let body { bytes.append(body) }
        try write(bytes, to: fd)

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let answer = try parse(received, complete: false) { return answer }
            guard Date() < deadline else { throw Failure(description: "no complete answer within \(Int(timeout)) s") }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                if let answer = try parse(received, complete: true) { return answer }
                throw Failure(description: "the connection closed after \(received.count) bytes of an incomplete answer")
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                continue  // SO_RCVTIMEO: check the deadline
            } else if errno != EINTR {
                throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func openConnection(port: Int, timeout: TimeInterval) throws -> Int32 {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        // Reads wake up at least once a second, to check the whole answer's deadline.
        var interval = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        var sendInterval = timeval(tv_sec: max(Int(timeout), 1), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendInterval, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(reason)")
        }
        return fd
    }

    private static func write(_ data: Data, to fd: Int32) throws {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, raw.count - offset, flags)
                if sent > 0 {
                    offset += sent
                } else if sent < 0 && errno == EINTR {
                    continue
                } else {
                    throw Failure(description: "send: \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    /// The answer in `data` if it is all there: status and body. `complete` says the peer closed.
    static func parse(_ data: Data, complete: Bool) throws -> (Int, Data)? {
        let separator = Data("\r\n\r\n".utf8)
        guard let headEnd = data.range(of: separator) else {
            if complete { throw Failure(description: "an answer without a complete header") }
            return nil
        }
        let head = String(decoding: data[data.startIndex..<headEnd.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw Failure(description: "not an HTTP status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = data[headEnd.upperBound...]
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            if let decoded = try dechunk(body) { return (status, decoded) }
            if complete { throw Failure(description: "a truncated chunked answer") }
            return nil
        }
        if let length = headers["content-length"].flatMap(Int.init) {
            guard body.count >= length else {
                if complete { throw Failure(description: "an answer shorter than its Content-Length") }
                return nil
            }
            return (status, Data(body.prefix(length)))
        }
        return complete ? (status, Data(body)) : nil
    }

    /// A chunked body decoded, or nil while it is not all there.
    private static func dechunk(_ body: Data) throws -> Data? {
        var decoded = Data()
        var index = body.startIndex
        let lineEnd = Data("\r\n".utf8)
        while true {
            guard let sizeEnd = body[index...].range(of: lineEnd) else { return nil }
            let sizeText = String(decoding: body[index..<sizeEnd.lowerBound], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16) else { throw Failure(description: "a bad chunk size: \(sizeText)") }
            let start = sizeEnd.upperBound
            if size == 0 { return decoded }
            guard body.distance(from: start, to: body.endIndex) >= size + 2 else { return nil }
            let end = body.index(start, offsetBy: size)
            decoded.append(body[start..<end])
            index = body.index(end, offsetBy: 2)
        }
    }
}

/// A WebDriver error answer, before `Browser` says what it was doing.
struct WireError: Error {
    let code: String
    let message: String
    let status: Int

    /// The message's first line: chromedriver appends session and build details.
    var summary: String {
        let firstLine = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return firstLine.isEmpty ? code : "\(code): \(firstLine)"
    }
}
