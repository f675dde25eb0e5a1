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
    static func decode(_ text: String) -> [String?]? {
        var characters = Array(text)[...]
        guard characters.first == "{", characters.last == "}" else { return nil }
        characters = characters.dropFirst().dropLast()
        var elements: [String?] = []
        if characters.isEmpty { return elements }
        while true {
            var element = ""
            var quoted = false
            if characters.first == "\"" {
                quoted = true
                characters.removeFirst()
                var closed = false
                while let character = characters.popFirst() {
                    if character == "\\" {
                        guard let escaped = characters.popFirst() else { return nil }
                        element.append(escaped)
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        element.append(character)
                    }
                }
                guard closed else { return nil }
            } else {
                while let character = characters.first, character != "," {
                    if character == "{" || character == "\"" { return nil }
                    element.append(character)
                    characters.removeFirst()
                }
            }
            elements.append(!quoted && element.uppercased() == "NULL" ? nil : element)
            guard let separator = characters.popFirst() else { return elements }
            guard separator == "," else { return nil }
        }
    }
}
