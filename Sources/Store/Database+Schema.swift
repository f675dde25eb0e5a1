import Postgres

extension Database {
    /// The newest migration applied to the database, or nil when none is (no
    /// `schema_migrations` table yet). Throws when the database cannot be reached.
    public func schemaVersion() async throws -> Int? {
        do {
            return try await transaction(as: .anonymous, readOnly: true) { transaction in
                try await transaction.query("SELECT max(version)::int8 FROM schema_migrations").single?.decode(0, as: Int?.self)
            } ?? nil
        } catch let error as PostgresError where error.sqlState == .undefinedTable {
            return nil
        }
    }
}
