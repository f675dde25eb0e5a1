import CLibPQ
import Dispatch
import Foundation
import Logging
import NIOPosix

/// One libpq connection.
///
/// libpq blocks, and a `PGconn` must never be used by two threads at once: every call runs on
/// the `NIOThreadPool` given at connect time (never on Swift's cooperative pool, which has one
/// thread per core), and a connection is used by one task at a time, which the pool ensures by
/// lending it out. Hence `@unchecked Sendable`.
public final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private let cancelHandle: OpaquePointer?
    let threadPool: NIOThreadPool
    let logger: Logger
    private var closed = false
    /// How many statements this connection has sent: lets a test hold a page to a fixed number
    /// of round trips, whatever the size of the data. Only the task holding the connection
    /// changes it, as with every other use of the connection.
    public private(set) var statementsSent = 0

    private init(handle: OpaquePointer, threadPool: NIOThreadPool, logger: Logger) {
        self.handle = handle
        self.cancelHandle = PQgetCancel(handle)
        self.threadPool = threadPool
        self.logger = logger
        // Notices (from `IF NOT EXISTS`, say) would otherwise go to standard error.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        if let cancelHandle { PQfreeCancel(cancelHandle) }
        if !closed { PQfinish(handle) }
    }

    /// Opens a connection and sets up its session: UTF-8, ISO dates, UTC, the statement timeout.
    public static func connect(
        configuration: PostgresConfiguration,
        threadPool: NIOThreadPool,
        logger: Logger = Logger(label: "postgres")
    ) async throws -> PostgresConnection {
        let connection = try await threadPool.runIfActive { () throws -> PostgresConnection in
            let parameters = configuration.connectParameters()
            let keywords = parameters.map { strdup($0.keyword) } + [nil]
            let values = parameters.map { strdup($0.value) } + [nil]
            defer {
                keywords.forEach { free($0) }
                values.forEach { free($0) }
            }
            let handle = keywords.withUnsafeBufferPointer { keywordPointer in
                values.withUnsafeBufferPointer { valuePointer in
                    keywordPointer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { k in
                        valuePointer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { v in
                            PQconnectdbParams(k.baseAddress, v.baseAddress, 1)
                        }
                    }
                }
            }
            guard let handle else {
                throw PostgresError(kind: .connectionFailed, context: "libpq could not allocate a connection")
            }
            guard PQstatus(handle) == CONNECTION_OK else {
                let message = PostgresConnection.errorMessage(handle)
                PQfinish(handle)
                throw PostgresError(kind: .connectionFailed, context: message)
            }
            return PostgresConnection(handle: handle, threadPool: threadPool, logger: logger)
        }
        var setup = "SET DateStyle TO 'ISO, YMD'; SET TimeZone TO 'UTC'; SET IntervalStyle TO 'iso_8601';"
        setup += " SET client_min_messages TO 'warning';"
        if let timeout = configuration.statementTimeout {
            setup += " SET statement_timeout TO \(timeout.milliseconds);"
        }
        do {
            try await connection.simpleQuery(setup)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Runs one statement with its parameters (extended protocol: one statement, values never
    /// in the SQL text) and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        statementsSent += 1
        return try await run { connection in try connection.execute(query) }
    }

    /// Runs SQL text without parameters, possibly several statements (`;`-separated), in the
    /// simple protocol: for migrations and session setup, never for anything built from input.
    public func simpleQuery(_ sql: String) async throws {
        statementsSent += 1
        try await run { connection in
            guard let result = PQexec(connection.handle, sql) else { throw connection.lostOrFailed() }
            defer { PQclear(result) }
            try connection.check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY])
            // PQexec returns the last result; a failure earlier stops the rest and is reported there.
        }
    }

    /// Whether the connection can be lent again: open, and not inside a transaction.
    public var isReusable: Bool {
        !closed && PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Whether a transaction is open (or failed and awaiting rollback).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// The server process serving this connection, as `pg_stat_activity.pid` shows it.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Closes the connection. Later calls fail as `connectionLost`.
    public func close() {
        guard !closed else { return }
        closed = true
        PQfinish(handle)
    }

    /// Asks the server to stop the running statement. Safe from any thread (libpq's `PQcancel`
    /// opens a connection of its own), so it runs off the thread pool, which may be full.
    public func cancel() {
        guard cancelHandle != nil else { return }
        DispatchQueue.global().async {
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(self.cancelHandle, &buffer, Int32(buffer.count))
        }
    }

    /// Runs a blocking libpq call on the thread pool; a cancelled task cancels the statement.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        guard !closed else { throw PostgresError(kind: .connectionLost, context: "the connection was closed") }
        try Task.checkCancellation()
        let result: T
        do {
            result = try await withTaskCancellationHandler {
                try await threadPool.runIfActive { try body(self) }
            } onCancel: {
                self.cancel()
            }
        } catch let error as PostgresError where error.sqlState == .queryCanceled && Task.isCancelled {
            throw CancellationError()
        }
        return result
    }

    // MARK: Blocking calls, on the thread pool only.

    func execute(_ query: PostgresQuery) throws -> PostgresRows {
        let binds = query.binds
        var values: [UnsafeMutablePointer<CChar>?] = []
        values.reserveCapacity(binds.count)
        defer { values.forEach { free($0) } }
        var types: [UInt32] = []
        types.reserveCapacity(binds.count)
        for (position, bind) in binds.enumerated() {
            types.append(bind.type.oid)
            guard let text = bind.text else { values.append(nil); continue }
            guard !text.utf8.contains(0) else {
                throw PostgresError(kind: .invalidParameter, context: "parameter $\(position + 1) contains a NUL character")
            }
            values.append(strdup(text))
        }
        let result = values.withUnsafeBufferPointer { valuePointer in
            valuePointer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { v in
                PQexecParams(handle, query.sql, Int32(binds.count), types, v.baseAddress, nil, nil, 0)
            }
        }
        guard let result else { throw lostOrFailed() }
        do {
            try check(result, accepting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK])
        } catch {
            PQclear(result)
            throw error
        }
        return PostgresRows(result: PostgresResult(handle: result))
    }

    /// Turns a failed result into an error; `PGRES_FATAL_ERROR` carries the SQLSTATE.
    func check(_ result: OpaquePointer, accepting accepted: [ExecStatusType]) throws {
        let status = PQresultStatus(result)
        if accepted.contains(status) { return }
        if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR {
            throw Self.error(from: result, connection: handle)
        }
        throw PostgresError(
            kind: .unexpectedResponse,
            context: "result status \(String(cString: PQresStatus(status)))"
        )
    }

    func lostOrFailed() -> PostgresError {
        if PQstatus(handle) != CONNECTION_OK {
            return PostgresError(kind: .connectionLost, context: Self.errorMessage(handle))
        }
        return PostgresError(kind: .unexpectedResponse, context: Self.errorMessage(handle))
    }

    var rawHandle: OpaquePointer { handle }

    static func error(from result: OpaquePointer, connection: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let state = field("C").map(SQLState.init)
        // A statement cut off by a broken connection has no SQLSTATE of its own.
        if state == nil, PQstatus(connection) != CONNECTION_OK {
            return PostgresError(kind: .connectionLost, context: errorMessage(connection))
        }
        if state == .adminShutdown || state?.code.hasPrefix("08") == true {
            return PostgresError(kind: .connectionLost, sqlState: state, serverMessage: field("M"))
        }
        return PostgresError(
            kind: .server, sqlState: state,
            schema: field("s"), table: field("t"), column: field("c"), constraint: field("n"),
            serverMessage: field("M"), serverDetail: field("D")
        )
    }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        guard let message = PQerrorMessage(handle) else { return "no message" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
