/// An error from PostgreSQL or from talking to it.
///
/// `description` carries only what is safe to log and show: the kind, the SQLSTATE and the
/// names of the schema objects involved. The server's own message and detail can quote the
/// values of parameters (personal data, secrets), so they are kept apart and appear only in
/// `debugDescription`, for a developer at a terminal.
public struct PostgresError: Error, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The server refused a statement; `sqlState` says why.
        case server
        /// A connection could not be opened.
        case connectionFailed
        /// The connection broke while in use (server restarted, backend terminated).
        case connectionLost
        /// A parameter could not be sent (a NUL character in text, say).
        case invalidParameter
        /// The server answered something this client did not expect.
        case unexpectedResponse
        /// A value could not be decoded into the Swift type asked for.
        case decoding
        /// No connection became free within the pool's wait limit.
        case poolTimeout
        /// The pool was shut down.
        case poolClosed
    }

    public var kind: Kind
    public var sqlState: SQLState?
    /// Names of schema objects, never values: safe to show.
    public var schema: String?
    public var table: String?
    public var column: String?
    public var constraint: String?
    /// What a connection failure said (libpq's text names hosts and users, never passwords),
    /// or what this client noticed; no parameter values.
    public var context: String?
    /// The server's primary message and detail. They may contain parameter values.
    public var serverMessage: String?
    public var serverDetail: String?

    public init(
        kind: Kind, sqlState: SQLState? = nil, context: String? = nil,
        schema: String? = nil, table: String? = nil, column: String? = nil, constraint: String? = nil,
        serverMessage: String? = nil, serverDetail: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.context = context
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
        self.serverMessage = serverMessage
        self.serverDetail = serverDetail
    }

    /// Whether running the whole transaction again may succeed.
    public var isRetryable: Bool {
        sqlState == .serializationFailure || sqlState == .deadlockDetected
    }
}

extension PostgresError: CustomStringConvertible {
    public var description: String {
        var parts: [String] = []
        switch kind {
        case .server:
            if let sqlState { parts.append("PostgreSQL error \(sqlState.code) (\(sqlState.name))") }
            else { parts.append("PostgreSQL error") }
        case .connectionFailed: parts.append("could not connect to PostgreSQL")
        case .connectionLost: parts.append("the connection to PostgreSQL was lost")
        case .invalidParameter: parts.append("a query parameter could not be sent")
        case .unexpectedResponse: parts.append("unexpected response from PostgreSQL")
        case .decoding: parts.append("a value from PostgreSQL could not be decoded")
        case .poolTimeout: parts.append("no database connection became free in time")
        case .poolClosed: parts.append("the database connection pool is closed")
        }
        if let table { parts.append("table \(table)") }
        if let column { parts.append("column \(column)") }
        if let constraint { parts.append("constraint \(constraint)") }
        if let context { parts.append(context) }
        return parts.joined(separator: ", ")
    }
}

extension PostgresError: CustomDebugStringConvertible {
    public var debugDescription: String {
        var text = description
        if let serverMessage { text += "\n  message: \(serverMessage)" }
        if let serverDetail { text += "\n  detail: \(serverDetail)" }
        return text
    }
}

/// A PostgreSQL SQLSTATE code (Appendix A of the manual).
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) { self.code = code }

    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let notNullViolation = SQLState("23502")
    public static let checkViolation = SQLState("23514")
    public static let exclusionViolation = SQLState("23P01")
    public static let insufficientPrivilege = SQLState("42501")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let undefinedTable = SQLState("42P01")
    public static let undefinedColumn = SQLState("42703")
    public static let syntaxError = SQLState("42601")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let numericValueOutOfRange = SQLState("22003")
    public static let stringDataRightTruncation = SQLState("22001")
    public static let invalidDatetimeFormat = SQLState("22007")
    public static let datetimeFieldOverflow = SQLState("22008")
    public static let raiseException = SQLState("P0001")
    public static let lockNotAvailable = SQLState("55P03")

    /// The condition name from the manual, for logs.
    public var name: String {
        switch self {
        case .uniqueViolation: "unique_violation"
        case .foreignKeyViolation: "foreign_key_violation"
        case .notNullViolation: "not_null_violation"
        case .checkViolation: "check_violation"
        case .exclusionViolation: "exclusion_violation"
        case .insufficientPrivilege: "insufficient_privilege"
        case .serializationFailure: "serialization_failure"
        case .deadlockDetected: "deadlock_detected"
        case .queryCanceled: "query_canceled"
        case .adminShutdown: "admin_shutdown"
        case .undefinedTable: "undefined_table"
        case .undefinedColumn: "undefined_column"
        case .syntaxError: "syntax_error"
        case .invalidTextRepresentation: "invalid_text_representation"
        case .numericValueOutOfRange: "numeric_value_out_of_range"
        case .stringDataRightTruncation: "string_data_right_truncation"
        case .invalidDatetimeFormat: "invalid_datetime_format"
        case .datetimeFieldOverflow: "datetime_field_overflow"
        case .raiseException: "raise_exception"
        case .lockNotAvailable: "lock_not_available"
        default: "class \(code.prefix(2))"
        }
    }

    /// Class 23: the statement broke a constraint, so the input was at fault.
    public var isIntegrityViolation: Bool { code.hasPrefix("23") }
    /// Class 22: a value was out of range or malformed.
    public var isDataException: Bool { code.hasPrefix("22") }

    public var description: String { code }
}
