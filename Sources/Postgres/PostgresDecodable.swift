import Foundation
import Procurement

/// A Swift value that can be read from a result column in PostgreSQL's text output format.
public protocol PostgresDecodable {
    /// Decodes a non-NULL value.
    init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure)
    /// The value for SQL NULL; throws for every type but `Optional`.
    static func postgresNull() throws(PostgresDecodingFailure) -> Self
}

extension PostgresDecodable {
    public static func postgresNull() throws(PostgresDecodingFailure) -> Self { throw .unexpectedNull }
}

/// Why a value could not be decoded. Never carries the value itself.
public enum PostgresDecodingFailure: Error, Sendable, Equatable {
    case unexpectedNull
    case malformed(expected: String)
}

extension String: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) { self = text }
}

extension PostgresDecodable where Self: FixedWidthInteger {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = Self(text, radix: 10) else {
            throw .malformed(expected: "a \(Self.bitWidth)-bit integer")
        }
        self = value
    }
}

extension Int: PostgresDecodable {}
extension Int64: PostgresDecodable {}
extension Int32: PostgresDecodable {}
extension Int16: PostgresDecodable {}




extension Bool: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw .malformed(expected: "a boolean")
        }
    }
}

extension Double: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = Double(text) else { throw .malformed(expected: "a floating-point number") }
        self = value
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = UUID(uuidString: text) else { throw .malformed(expected: "a uuid") }
        self = value
    }
}

extension Date: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = PostgresTimestamp.parse(text) else {
            throw .malformed(expected: "a timestamp with time zone in ISO format")
        }
        self = value
    }
}

extension CalendarDate: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = CalendarDate(iso: text) else { throw .malformed(expected: "a date (YYYY-MM-DD)") }
        self = value
    }
}

extension Money: PostgresDecodable {
    /// Refuses a `numeric` with non-zero digits below the öre rather than rounding it.
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = Money(decimal: text) else {
            throw .malformed(expected: "an amount with at most two decimals within ±92 233 720 368 547 758 kr")
        }
        self = value
    }
}

extension Quantity: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = Quantity(decimal: text) else {
            throw .malformed(expected: "a non-negative quantity with at most three decimals")
        }
        self = value
    }
}

extension CPVCode: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let value = CPVCode(text) else { throw .malformed(expected: "a CPV code like 03111000-2") }
        self = value
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        self = try Wrapped(postgresText: text, type: type)
    }

    public static func postgresNull() -> Self { nil }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    public init(postgresText text: String, type: PostgresType) throws(PostgresDecodingFailure) {
        guard let elements = PostgresArrayLiteral.decode(text) else {
            throw .malformed(expected: "a one-dimensional array")
        }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            if let element {
                result.append(try Element(postgresText: element, type: .unknown))
            } else {
                result.append(try Element.postgresNull())
            }
        }
        self = result
    }
}
