import Foundation

/// Where the PostgreSQL server programs are. Debian keeps them out of PATH, under
/// /usr/lib/postgresql/<major>/bin; the newest installed major wins.
struct PostgresBinaries {
    var initdb: String
    var pgCtl: String

    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var folders: [String] = []
        if let explicit = environment["PG_BINDIR"], !explicit.isEmpty { folders.append(explicit) }
        let debianRoot = "/usr/lib/postgresql"
        if let majors = try? FileManager.default.contentsOfDirectory(atPath: debianRoot) {
            let sorted = majors.compactMap { Int($0) }.sorted(by: >)
            folders += sorted.map { "\(debianRoot)/\($0)/bin" }
        }
        folders += (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for folder in folders {
            let initdb = folder + "/initdb"
            let pgCtl = folder + "/pg_ctl"
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl)
            }
        }
        throw LocalClusterError.serverNotInstalled
    }
}
