import CLibPQ

/// The rows a statement returned. Holds libpq's result and reads values from it on demand.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let result: PostgresResult

    public var startIndex: Int { 0 }
    public var endIndex: Int { result.rowCount }
    public subscript(position: Int) -> PostgresRow { PostgresRow(result: result, index: position) }

    /// Rows inserted, updated, deleted or copied, as the command tag reports.
    public var affectedRows: Int { result.affectedRows }
    public var columnNames: [String] { result.columnNames }

    /// The single row, or `nil` when there was none. More than one is a programming error.
    public var single: PostgresRow? {
        precondition(count <= 1, "expected at most one row, got \(count)")
        return first
    }
}

/// One row of a result.
public struct PostgresRow: Sendable {
    let result: PostgresResult
    let index: Int

    public func decode<T: PostgresDecodable>(_ column: Int, as _: T.Type = T.self) throws(PostgresError) -> T {
        precondition(column >= 0 && column < result.columnCount, "column \(column) out of range")
        let type = result.columnTypes[column]
        do {
            if PQgetisnull(result.handle, Int32(index), Int32(column)) == 1 {
                return try T.postgresNull()
            }
            let text = String(cString: PQgetvalue(result.handle, Int32(index), Int32(column)))
            return try T(postgresText: text, type: type)
        } catch {
            let expected: String
            switch error {
            case .unexpectedNull: expected = "NULL where \(T.self) was expected"
            case .malformed(let what): expected = "expected \(what) for \(T.self)"
            }
            throw PostgresError(kind: .decoding, context: expected, column: result.columnNames[column])
        }
    }

    public func decode<T: PostgresDecodable>(_ column: String, as _: T.Type = T.self) throws(PostgresError) -> T {
        guard let position = result.columnIndex[column] else {
            throw PostgresError(kind: .decoding, context: "no such column in the result", column: column)
        }
        return try decode(position, as: T.self)
    }

    /// Whether the value is SQL NULL.
    public func isNull(_ column: Int) -> Bool {
        PQgetisnull(result.handle, Int32(index), Int32(column)) == 1
    }
}

/// Owns a `PGresult`; freed when the last row referring to it is gone. A `PGresult` does not
/// depend on its connection, so reading it from any thread is safe.
final class PostgresResult: @unchecked Sendable {
    let handle: OpaquePointer
    let rowCount: Int
    let columnCount: Int
    let columnNames: [String]
    let columnTypes: [PostgresType]
    let columnIndex: [String: Int]
    let affectedRows: Int

    init(handle: OpaquePointer) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        columnCount = Int(PQnfields(handle))
        var names: [String] = []
        var types: [PostgresType] = []
        var index: [String: Int] = [:]
        for column in 0..<columnCount {
            let name = String(cString: PQfname(handle, Int32(column)))
            names.append(name)
            types.append(PostgresType(oid: PQftype(handle, Int32(column))))
            if index[name] == nil { index[name] = column }
        }
        columnNames = names
        columnTypes = types
        columnIndex = index
        affectedRows = Int(String(cString: PQcmdTuples(handle))) ?? 0
    }

    deinit { PQclear(handle) }
}
