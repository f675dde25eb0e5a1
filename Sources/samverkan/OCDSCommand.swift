import ArgumentParser
import Foundation
import OpenContracting
import Procurement
import Store

/// `samverkan ocds …`: the office's open-contracting publication (OCDS 1.1).
struct OCDSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocds", abstract: "The open-contracting publication (Open Contracting Data Standard 1.1).",
        subcommands: [Export.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an office's OCDS release package to standard output, exactly what the public sees.",
            discussion: "The same package as /kontor/<slug>/ocds.json: read as the office's public, never as the system.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("The office, by slug (e.g. jamtland), id or OCID prefix (ocds-xxxxxx).", valueName: "office"))
        var office: String
        @Option(name: .customLong("base-url"), help: ArgumentHelp(
            "The site's public address, for the package's uri. Default: $SAMVERKAN_PUBLIC_URL, else http://127.0.0.1:8080.",
            valueName: "url"))
        var baseURL: String?
        @Flag(help: "Indent the JSON for reading.") var pretty = false

        func validate() throws {
            if let baseURL, !Self.isSiteAddress(baseURL) {
                throw ValidationError("--base-url must be an http or https address, e.g. https://samverkan.example")
            }
        }

        static func isSiteAddress(_ text: String) -> Bool {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
            return scheme == "http" || scheme == "https"
        }

        /// Where the package says it is published.
        func siteRoot(environment: [String: String]) throws -> String {
            let root = baseURL ?? environment["SAMVERKAN_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
            guard Self.isSiteAddress(root) else { throw CLIError("SAMVERKAN_PUBLIC_URL must be an http or https address") }
            return String(root.reversed().drop { $0 == "/" }.reversed())
        }

        func run() async throws {
            let root = try siteRoot(environment: ProcessInfo.processInfo.environment)
            let data = try await database.withStore { try await package(from: $0, siteRoot: root) }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }

        func package(from store: Database, siteRoot: String) async throws -> Data {
            let office = try await store.office(namedOrPrefix: self.office)
            guard let read = try await store.openContractingPublication(officeID: office.id) else {
                throw CLIError("no office \(self.office)")
            }
            switch read {
            case .prefixNotSet:
                throw CLIError("""
                    \(office.slug) publishes nothing yet: its OCID prefix is not set \
                    (samverkan office ocid-prefix --office \(office.slug) ocds-xxxxxx)
                    """)
            case .publication(let publication):
                let builder = ReleasePackageBuilder(packageURI: "\(siteRoot)/kontor/\(office.slug)/ocds.json")
                return try builder.build(publication).jsonData(prettyPrinted: pretty)
            }
        }
    }
}

extension Database {
    /// The office named by slug, id or OCID prefix, or a message saying which there are.
    func office(namedOrPrefix name: String) async throws -> Office.Listing {
        guard name.hasPrefix("ocds-") else { return try await office(named: name) }
        let prefixes = try await ocidPrefixes()
        let offices = try await transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        if let office = offices.first(where: { prefixes[$0.id] == name.lowercased() }) { return office }
        let known = offices.compactMap { office in prefixes[office.id].map { "\($0) (\(office.slug))" } }
        throw CLIError("no office publishes under \(name); the prefixes set are: \(known.joined(separator: ", ").ifEmpty("none"))")
    }
}
