import Crypto
import Foundation

/// One file of `Schema/`: `NNNN_name.sql`, applied once, in order, forward only.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String
    /// Hex SHA-256 of the file's bytes: an applied file that changes is refused.
    public var checksum: String
    /// Whether it runs in a transaction of its own. A file whose first line is
    /// `-- migrate: no-transaction` runs outside one, for `CREATE INDEX CONCURRENTLY`.
    public var isTransactional: Bool

    public var fileName: String { String(format: "%04d_%@.sql", version, name) }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
        self.isTransactional = !(sql.split(separator: "\n", maxSplits: 1).first?
            .trimmingCharacters(in: .whitespaces) == "-- migrate: no-transaction")
    }

    /// Reads every `NNNN_name.sql` in `directory`, sorted by number.
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .schemaFolderUnreadable(directory.path)
        }
        var migrations: [Migration] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]), version > 0 else {
                throw .badFileName(fileName)
            }
            guard let sql = try? String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8) else {
                throw .schemaFolderUnreadable(directory.appendingPathComponent(fileName).path)
            }
            if let existing = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(existing.fileName, fileName)
            }
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql))
        }
        guard !migrations.isEmpty else { throw .noMigrations(directory.path) }
        return migrations.sorted { $0.version < $1.version }
    }
}

/// Why migrating could not go on. Every case says what to do.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case schemaFolderUnreadable(String)
    case noMigrations(String)
    case badFileName(String)
    case duplicateVersion(String, String)
    case checksumMismatch(String)
    case unknownAppliedVersion(Int, String)
    case pending([String])

    public var description: String {
        switch self {
        case .schemaFolderUnreadable(let path):
            "cannot read the schema folder \(path); point --schema-directory (or SAMVERKAN_SCHEMA_DIR) at the project's Schema folder"
        case .noMigrations(let path):
            "no migrations (NNNN_name.sql) in \(path)"
        case .badFileName(let name):
            "\(name) is not named NNNN_name.sql"
        case .duplicateVersion(let first, let second):
            "\(first) and \(second) have the same number"
        case .checksumMismatch(let name):
            "\(name) was changed after it was applied to this database; migrations are forward only: "
                + "put the file back as it was and write the change as a new migration"
        case .unknownAppliedVersion(let version, let name):
            "the database has migration \(String(format: "%04d", version)) (\(name)) that this build does not know: "
                + "it was migrated by a newer version of samverkan"
        case .pending(let names):
            "\(names.count) migration(s) not yet applied (\(names.joined(separator: ", "))): run `samverkan migrate` first"
        }
    }
}
