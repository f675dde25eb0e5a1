import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import LocalPostgres
import Postgres
import Testing

/// TLS to PostgreSQL through libpq's own options: a private cluster listening on 127.0.0.1
/// with a certificate of a test CA, and connections made as the platform makes them, with a
/// connection string. `sslmode=verify-full` connects when the CA and the host name are right
/// and refuses otherwise; a connection without TLS is refused by the server.
@Suite struct TLSConnectionTests {
    /// Runs openssl in `folder`; a failure is a test failure with its output.
    static func openssl(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw OpenSSLFailure(arguments: arguments, output: text) }
    }

    struct OpenSSLFailure: Error { var arguments: [String]; var output: String }

    /// A CA, and a server certificate it signs for `localhost` and 127.0.0.1; a second CA that
    /// signs nothing of this server.
    static func certificates(in folder: URL) throws {
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Samverkan test CA",
                     "-keyout", "ca.key", "-out", "ca.crt"], in: folder)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Another CA",
                     "-keyout", "other.key", "-out", "other.crt"], in: folder)
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"], in: folder)
        try Data("subjectAltName = DNS:localhost, IP:127.0.0.1\n".utf8).write(to: folder.appendingPathComponent("san.ext"))
        try openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                     "-extfile", "san.ext", "-out", "server.crt"], in: folder)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func verifyFullConnectsWithTheRightCAAndHostAndRefusesOtherwise() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-tls-\(UUID().uuidString.prefix(8))")
        let certificates = folder.appendingPathComponent("certificates")
        try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.certificates(in: certificates)
        // The client reads the CA files; the account the cluster runs as needs nothing of them.
        chmod(folder.path, 0o755)
        chmod(certificates.path, 0o755)

        let port = try Self.freePort()
        var cluster = LocalCluster(directory: folder.appendingPathComponent("cluster"), durability: .throwaway)
        cluster.tls = .init(
            port: port,
            certificate: try String(contentsOf: certificates.appendingPathComponent("server.crt"), encoding: .utf8),
            key: try String(contentsOf: certificates.appendingPathComponent("server.key"), encoding: .utf8))
        try cluster.start()
        defer { try? cluster.stop() }
        let password = "tls-test-\(UUID().uuidString)"
        try await cluster.configuration(user: LocalCluster.superuser, database: "postgres").withConnection { connection in
            try await connection.simpleQuery("CREATE ROLE tls_client LOGIN PASSWORD '\(password)'")
        }

        func url(_ host: String, _ options: String) -> PostgresConfiguration {
            PostgresConfiguration(connectionString: "postgresql://tls_client:\(password)@\(host):\(port)/postgres?\(options)")
        }
        let ca = certificates.appendingPathComponent("ca.crt").path
        let other = certificates.appendingPathComponent("other.crt").path

        // Verified: the CA signed the server's certificate, and it names the host.
        for host in ["localhost", "127.0.0.1"] {
            let row = try await url(host, "sslmode=verify-full&sslrootcert=\(ca)").withConnection { connection in
                try await connection.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").single!
            }
            #expect(try row.decode(0, as: Bool.self), "TLS to \(host)")
            #expect(try row.decode(1, as: String.self).hasPrefix("TLS"))
        }

        // Refused: a CA that did not sign it; a host name the certificate does not name (the
        // address is right, so only the name check can refuse); no TLS at all.
        let refusals = [
            ("another CA", url("localhost", "sslmode=verify-full&sslrootcert=\(other)"), "certificate verify failed"),
            ("another host name", url("wrong.example", "sslmode=verify-full&sslrootcert=\(ca)&hostaddr=127.0.0.1"), "does not match host name"),
            ("no TLS", url("localhost", "sslmode=disable"), "no encryption"),
        ]
        for (case_, configuration, reason) in refusals {
            do {
                _ = try await configuration.withConnection { try await $0.query("SELECT 1") }
                Issue.record("\(case_): connected")
            } catch let error as PostgresError {
                #expect(error.kind == .connectionFailed, "\(case_)")
                #expect(error.description.contains(reason), "\(case_): \(error.description)")
                #expect(!error.description.contains(password), "\(case_): the password is not in the message")
            }
        }
    }
}
