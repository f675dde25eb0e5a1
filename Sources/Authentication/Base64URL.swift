import Foundation

/// Base64 with `-` and `_` and no padding (RFC 4648 §5): safe in cookies, URLs and headers as is.
enum Base64URL {
    static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Characters needed for `count` bytes without padding.
    static func length(ofBytes count: Int) -> Int { (count * 4 + 2) / 3 }

    /// `count` bytes from the operating system's CSPRNG.
    static func randomString(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return encode((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
