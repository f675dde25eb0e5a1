import Foundation
import Logging
import NIOPosix
import Postgres

extension LocalCluster {
    /// Creates the owner and application roles and `database` owned by the owner, unless they
    /// exist. Runs as the cluster's superuser, which nothing else uses.
    public func prepareDatabase(_ database: String) async throws {
        try await configuration(user: Self.superuser, database: "postgres").withConnection(logger: logger) { connection in
            try await connection.simpleQuery("""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(Self.ownerRole)') THEN
                        CREATE ROLE \(Self.ownerRole) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
                    END IF;
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(Self.applicationRole)') THEN
                        CREATE ROLE \(Self.applicationRole) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
                    END IF;
                END
                $$;
                """)
            let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(database)")
            if exists.isEmpty {
                try await connection.query(
                    "CREATE DATABASE \(identifier: database) OWNER \(identifier: Self.ownerRole) ENCODING 'UTF8' TEMPLATE template0")
            }
        }
    }
}
