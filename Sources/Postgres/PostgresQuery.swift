/// A SQL statement and its parameters, built so that values can only travel as parameters.
///
/// Interpolating a value appends a placeholder (`$1`, `$2`, …) to the text and the value to the
/// parameter list, so `"SELECT name FROM organisations WHERE id = \(id)"` is sent as
/// `… WHERE id = $1` with `id` beside it. Literal text comes only from string literals in code;
/// another query can be embedded with `\(fragment: q)`, renumbering its placeholders.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var binds: [PostgresBind]

    public init(stringLiteral value: String) {
        sql = value
        binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        binds = stringInterpolation.binds
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var binds: [PostgresBind]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql.append(literal)
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(PostgresBind(value))
            sql.append("$\(binds.count)")
        }

        /// An optional value: `nil` is sent as SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            binds.append(PostgresBind(value))
            sql.append("$\(binds.count)")
        }

        /// Embeds another query, renumbering its placeholders after those already here.
        public mutating func appendInterpolation(fragment: PostgresQuery) {
            let offset = binds.count
            sql.append(offset == 0 ? fragment.sql : PostgresQuery.renumber(fragment.sql, by: offset))
            binds.append(contentsOf: fragment.binds)
        }

        /// A quoted identifier (table or column name) that code chose; doubled quotes inside.
        public mutating func appendInterpolation(identifier: String) {
            sql.append(PostgresQuery.quoteIdentifier(identifier))
        }
    }

    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Shifts `$n` placeholders by `offset`, leaving quoted text and identifiers alone.
    static func renumber(_ sql: String, by offset: Int) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 8)
        var quote: Character? = nil
        var iterator = Array(sql)[...]
        while let character = iterator.popFirst() {
            if let open = quote {
                result.append(character)
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "$", let first = iterator.first, first.isASCII, first.isNumber {
                var digits = ""
                while let next = iterator.first, next.isASCII, next.isNumber {
                    digits.append(next)
                    iterator.removeFirst()
                }
                result.append("$\(Int(digits)! + offset)")
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension PostgresQuery: CustomStringConvertible {
    /// The SQL text and the parameters' types: never their values.
    public var description: String {
        binds.isEmpty ? sql : sql + " -- \(binds.count) parameter(s)"
    }
}

/// One parameter: its text form (PostgreSQL's text input format) or NULL, and its type.
public struct PostgresBind: Sendable, Hashable {
    public var text: String?
    public var type: PostgresType

    public init(text: String?, type: PostgresType) {
        self.text = text
        self.type = type
    }

    public init(_ value: some PostgresEncodable) {
        self.init(text: value.postgresText, type: Swift.type(of: value).postgresType)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(count + 2)
        for character in self {
            if character == target { result.append(replacement) } else { result.append(character) }
        }
        return result
    }
}
