/// A PostgreSQL type, by its object id in `pg_type`.
public struct PostgresType: Hashable, Sendable, CustomStringConvertible {
    public let oid: UInt32

    public init(oid: UInt32) { self.oid = oid }

    /// Left for the server to infer from the statement, as an untyped literal would be:
    /// so text can meet `text`, `varchar`, enums and `jsonb` columns alike.
    public static let unknown = PostgresType(oid: 0)
    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let int8 = PostgresType(oid: 20)
    public static let int2 = PostgresType(oid: 21)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let float8 = PostgresType(oid: 701)
    public static let date = PostgresType(oid: 1082)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let numeric = PostgresType(oid: 1700)
    public static let uuid = PostgresType(oid: 2950)
    public static let jsonb = PostgresType(oid: 3802)
    public static let boolArray = PostgresType(oid: 1000)
    public static let int2Array = PostgresType(oid: 1005)
    public static let int4Array = PostgresType(oid: 1007)
    public static let textArray = PostgresType(oid: 1009)
    public static let int8Array = PostgresType(oid: 1016)
    public static let dateArray = PostgresType(oid: 1182)
    public static let numericArray = PostgresType(oid: 1231)
    public static let uuidArray = PostgresType(oid: 2951)

    public var description: String { "oid \(oid)" }
}
