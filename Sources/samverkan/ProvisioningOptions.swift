import ArgumentParser
import Foundation
import Logging
import Postgres
import Procurement
import Store

/// `--office`: which office a provisioning command acts in, by slug or id.
struct OfficeOption: ParsableArguments {
    @Option(help: ArgumentHelp("The office, by slug (e.g. jamtland) or id.", valueName: "slug"))
    var office: String
}

extension DatabaseOptions {
    /// Runs `body` with the platform's database as the application role, so row-level
    /// security applies to the command line as it does to the server.
    func withStore<T>(_ body: (Database) async throws -> T) async throws -> T {
        Log.bootstrap()
        let logger = Logger(label: "samverkan")
        do {
            let statementTimeout = try self.statementTimeout(environment: ProcessInfo.processInfo.environment)
            return try await withDatabase(logger: logger) { application, _ in
                let pool = PostgresPool(configuration: application, maxConnections: 2, logger: logger)
                do {
                    let value = try await body(Database(pool: pool, statementTimeout: statementTimeout))
                    await pool.close()
                    return value
                } catch {
                    await pool.close()
                    throw error
                }
            }
        } catch {
            throw CLIError.describing(error)
        }
    }
}

extension Database {
    /// The office named by slug or id, or a message listing the ones there are.
    func office(named name: String) async throws -> Office.Listing {
        let offices = try await transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        if let office = offices.first(where: { $0.slug == name || $0.id.uuidString.lowercased() == name.lowercased() }) {
            return office
        }
        throw CLIError("no office \(name); there are: \(offices.map(\.slug).joined(separator: ", ").ifEmpty("none yet (samverkan office create)"))")
    }

    /// A member organisation by kommunkod, organisationsnummer or id.
    func organisation(named name: String, in transaction: Transaction) async throws -> Organisation {
        let organisations = try await transaction.organisations()
        let digits = name.filter(\.isNumber)
        if let match = organisations.first(where: {
            $0.kommunkod?.code == name || $0.organisationNumber.digits == digits && digits.count == 10
                || $0.id.uuidString.lowercased() == name.lowercased()
        }) {
            return match
        }
        throw CLIError("no member organisation \(name) in this office (give its kommunkod, organisationsnummer or id)")
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}

extension ArgumentParser.ExpressibleByArgument where Self: RawRepresentable, RawValue == String {
    public init?(argument: String) { self.init(rawValue: argument) }
}

extension Role: ExpressibleByArgument {}
extension OrganisationKind: ExpressibleByArgument {}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

/// Reads a password from standard input (one line), so it never appears in the process list
/// or the shell history.
func readPassword() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIError("give the password on standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | samverkan user add … --password-stdin`")
    }
    return line
}
