import CLibPQ

extension PostgresConnection {
    /// Streams rows into `table` with `COPY … FROM STDIN` and returns how many landed.
    ///
    /// The table and columns are identifiers chosen by code, quoted here; the rows are data and
    /// travel in COPY's text format, never as SQL. PostgreSQL refuses COPY FROM on tables with
    /// row-level security: copy into a staging table, then `INSERT … SELECT`.
    /// If `body` throws, the COPY is aborted and nothing of it is kept.
    @discardableResult
    public func copyIn(
        table: String, columns: [String], format: CopyFormat = .text,
        _ body: (CopyWriter) async throws -> Void
    ) async throws -> Int {
        var statement = "COPY " + table.split(separator: ".").map { PostgresQuery.quoteIdentifier(String($0)) }.joined(separator: ".")
        statement += " (" + columns.map(PostgresQuery.quoteIdentifier).joined(separator: ", ") + ") FROM STDIN"
        statement += format == .csv ? " (FORMAT csv)" : " (FORMAT text)"
        let copyStatement = statement
        try await run { connection in
            guard let result = PQexec(connection.rawHandle, copyStatement) else { throw connection.lostOrFailed() }
            defer { PQclear(result) }
            try connection.check(result, accepting: [PGRES_COPY_IN])
        }
        let writer = CopyWriter(connection: self)
        do {
            try await body(writer)
            try await writer.flush()
        } catch {
            _ = try? await finishCopy(abortWith: "aborted by the client")
            throw error
        }
        return try await finishCopy(abortWith: nil)
    }

    public enum CopyFormat: Sendable { case text, csv }

    private func finishCopy(abortWith reason: String?) async throws -> Int {
        try await run { connection in
            let handle = connection.rawHandle
            guard PQputCopyEnd(handle, reason) == 1 else { throw connection.lostOrFailed() }
            var rows = 0
            var failure: (any Error)?
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                do {
                    try connection.check(result, accepting: [PGRES_COMMAND_OK])
                    rows = Int(String(cString: PQcmdTuples(result))) ?? 0
                } catch {
                    if failure == nil { failure = error }
                }
            }
            if let failure { throw failure }
            return rows
        }
    }

    func putCopyData(_ bytes: [UInt8]) async throws {
        try await run { connection in
            let status = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    PQputCopyData(connection.rawHandle, chars.baseAddress, Int32(chars.count))
                }
            }
            guard status == 1 else { throw connection.lostOrFailed() }
        }
    }
}

/// Collects rows in COPY's text format and sends them in large chunks.
public final class CopyWriter {
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private let chunkSize = 1 << 18
    public private(set) var rowsWritten = 0

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// Appends one row; `nil` is SQL NULL. Tabs, newlines and backslashes in values are escaped.
    public func append(_ row: [String?]) async throws {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(9) }
            guard var value else {
                buffer.append(92)
                buffer.append(78)  // \N
                continue
            }
            try value.withUTF8(appendEscaped)
        }
        buffer.append(10)
        rowsWritten += 1
        if buffer.count >= chunkSize { try await flush() }
    }

    /// Copies the runs between bytes that need escaping in one go: most values have none, and
    /// a million-line import appends a dozen values per line.
    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var runStart = 0
        for index in bytes.indices {
            let escape: UInt8
            switch bytes[index] {
            case 0: throw PostgresError(kind: .invalidParameter, context: "a COPY value contains a NUL character")
            case 92: escape = 92  // \\
            case 9: escape = 116  // \t
            case 10: escape = 110  // \n
            case 13: escape = 114  // \r
            default: continue
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            buffer.append(92)
            buffer.append(escape)
            runStart = index + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// Appends data already in the COPY statement's format (text or CSV), as `psql \copy` sends it.
    public func appendRaw(_ bytes: some Sequence<UInt8>) async throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunkSize { try await flush() }
    }

    func flush() async throws {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        buffer.removeAll(keepingCapacity: true)
        try await connection.putCopyData(chunk)
    }
}
