import Logging

extension PostgresConfiguration {
    /// Opens one connection for a short job (a migration, a check, setting up roles) and
    /// closes it afterwards, whatever happens.
    public func withConnection<T>(
        logger: Logger = Logger(label: "postgres"),
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let pool = PostgresPool(configuration: self, maxConnections: 1, logger: logger)
        do {
            let value = try await pool.withConnection(body)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }
}
