import Foundation
import Procurement

/// A Swift value that can be sent as a query parameter, in PostgreSQL's text input format.
public protocol PostgresEncodable: Sendable {
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text input format; `nil` sends SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    public static var postgresType: PostgresType { .unknown }
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .unknown }
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String? { String(self) }
}

extension Int16: PostgresEncodable {
    public static var postgresType: PostgresType { .int2 }
    public var postgresText: String? { String(self) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String? { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension CalendarDate: PostgresEncodable {
    public static var postgresType: PostgresType { .date }
    public var postgresText: String? { iso }
}

extension Money: PostgresEncodable {
    public static var postgresType: PostgresType { .numeric }
    public var postgresText: String? { decimalString }
}

extension Quantity: PostgresEncodable {
    public static var postgresType: PostgresType { .numeric }
    public var postgresText: String? { decimalString }
}

extension CPVCode: PostgresEncodable {
    public static var postgresType: PostgresType { .unknown }
    public var postgresText: String? { code }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public var postgresText: String? { self?.postgresText }
}

/// An element type of a PostgreSQL array parameter.
public protocol PostgresArrayElement: PostgresEncodable {
    static var postgresArrayType: PostgresType { get }
}

extension String: PostgresArrayElement { public static var postgresArrayType: PostgresType { .textArray } }
extension Int: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int64: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int32: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int4Array } }
extension Bool: PostgresArrayElement { public static var postgresArrayType: PostgresType { .boolArray } }
extension UUID: PostgresArrayElement { public static var postgresArrayType: PostgresType { .uuidArray } }
extension CalendarDate: PostgresArrayElement { public static var postgresArrayType: PostgresType { .dateArray } }
extension Money: PostgresArrayElement { public static var postgresArrayType: PostgresType { .numericArray } }
extension CPVCode: PostgresArrayElement { public static var postgresArrayType: PostgresType { .textArray } }

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { Wrapped.postgresArrayType }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.postgresArrayType }
    public var postgresText: String? { PostgresArrayLiteral.encode(map(\.postgresText)) }
}

/// PostgreSQL's text form of one-dimensional arrays: `{a,"b c",NULL}`.
enum PostgresArrayLiteral {
    static func encode(_ elements: [String?]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text.append(",") }
            guard let element else { text.append("NULL"); continue }
            text.append("\"")
            for character in element {
                if character == "\"" || character == "\\" { text.append("\\") }
                text.append(character)
            }
            text.append("\"")
        }
        text.append("}")
        return text
    }

    /// Parses a one-dimensional array literal; `nil` when it is not one.
    ///
    /// Byte by byte: the syntax's characters are ASCII, so UTF-8 text between them is copied as
    /// it is. (Reading `Character`s cost a member's contract list a third of its decoding.)
    static func decode(_ text: String) -> [String?]? {
        var text = text
        return text.withUTF8 { bytes -> [String?]? in
            let open: UInt8 = 0x7B, close: UInt8 = 0x7D, quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C
            guard bytes.count >= 2, bytes[0] == open, bytes[bytes.count - 1] == close else { return nil }
            var index = 1
            let end = bytes.count - 1
            var elements: [String?] = []
            if index == end { return elements }
            var element: [UInt8] = []
            while true {
                element.removeAll(keepingCapacity: true)
                var quoted = false
                if bytes[index] == quote {
                    quoted = true
                    index += 1
                    var closed = false
                    while index < end {
                        let byte = bytes[index]
                        index += 1
                        if byte == backslash {
                            guard index < end else { return nil }
                            element.append(bytes[index])
                            index += 1
                        } else if byte == quote {
                            closed = true
                            break
                        } else {
                            element.append(byte)
                        }
                    }
                    guard closed else { return nil }
                } else {
                    while index < end, bytes[index] != comma {
                        if bytes[index] == open || bytes[index] == quote { return nil }
                        element.append(bytes[index])
                        index += 1
                    }
                }
                let isNull = !quoted && element.count == 4
                    && element.map { $0 & 0xDF } == [0x4E, 0x55, 0x4C, 0x4C]  // NULL, any case
                elements.append(isNull ? nil : String(decoding: element, as: UTF8.self))
                guard index < end else { return elements }
                guard bytes[index] == comma else { return nil }
                index += 1
                // A trailing separator leaves an empty element, as before.
                if index == end { elements.append(""); return elements }
            }
        }
    }
}
