import ArgumentParser
import Foundation
import Procurement
import Store

/// `samverkan office …`: the offices (upphandlingskontor) of this installation.
struct OfficeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "office", abstract: "Create and list offices (upphandlingskontor); set their OCID prefix.",
        subcommands: [Create.self, List.self, OCIDPrefix.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an office.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Short name in URLs: lower-case letters, digits, hyphens.") var slug: String
        @Option(help: "The office's name.") var name: String
        @Option(name: .customLong("case-prefix"), help: "Prefix of its case numbers (diarienummer), e.g. UK.") var casePrefix: String

        func validate() throws {
            guard slug.range(of: #"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$"#, options: .regularExpression) != nil else {
                throw ValidationError("--slug must be 1 to 40 lower-case letters, digits or hyphens, not starting or ending with a hyphen")
            }
            guard casePrefix.range(of: "^[A-ZÅÄÖ]{1,10}$", options: .regularExpression) != nil else {
                throw ValidationError("--case-prefix must be 1 to 10 capital letters")
            }
            guard (1...200).contains(name.trimmingCharacters(in: .whitespaces).count) else {
                throw ValidationError("--name must be 1 to 200 characters")
            }
        }

        func run() async throws {
            let office = Office(id: UUID(), slug: slug, name: name.trimmingCharacters(in: .whitespaces), casePrefix: casePrefix)
            try await database.withStore { store in
                let existing = try await store.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
                if existing.contains(where: { $0.slug == slug }) { throw CLIError("an office with the slug \(slug) exists already") }
                try await store.transaction(as: .system(of: office.id)) { try await $0.insertOffice(office) }
            }
            print("created office \(office.slug) (\(office.id.uuidString.lowercased()))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the offices.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let offices = try await database.withStore { store in
                try await store.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
            }
            for office in offices { print("\(office.slug)\t\(office.id.uuidString.lowercased())\t\(office.name)") }
        }
    }
}

/// `samverkan org …`: member organisations (medlemmar) of an office.
struct OrganisationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Add and list member organisations (kommuner, regioner, bolag, förbund).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member organisation.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option(help: "municipality, region, municipal_company or association.") var kind: OrganisationKind
        @Option(help: "Name, e.g. \"Krokoms kommun\".") var name: String
        @Option(name: .customLong("organisation-number"), help: "Organisationsnummer, e.g. 212000-2411.") var organisationNumber: String
        @Option(help: "Four-digit kommunkod (municipalities only).") var kommunkod: String?
        @Option(help: "Number of inhabitants.") var population: Int?
        @Option(name: .customLong("member-from"), help: "First day of membership, YYYY-MM-DD.") var memberFrom: CalendarDate
        @Option(name: .customLong("member-to"), help: "Last day of membership, YYYY-MM-DD.") var memberTo: CalendarDate?

        func validate() throws {
            do { _ = try OrganisationNumber(organisationNumber) } catch {
                throw ValidationError("--organisation-number is not a valid organisationsnummer (ten digits with a Luhn check digit)")
            }
            if (kind == .municipality) != (kommunkod != nil) {
                throw ValidationError(kind == .municipality ? "a municipality needs --kommunkod" : "only a municipality takes --kommunkod")
            }
            if let kommunkod, Kommunkod(kommunkod) == nil { throw ValidationError("--kommunkod must be four digits") }
            if let population, population < 0 { throw ValidationError("--population cannot be negative") }
            if let memberTo, memberTo < memberFrom { throw ValidationError("--member-to is before --member-from") }
        }

        func run() async throws {
            let organisation = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                let organisation = Organisation(
                    id: UUID(), officeID: office.id, kind: kind, name: name, organisationNumber: try OrganisationNumber(organisationNumber),
                    kommunkod: kommunkod.flatMap(Kommunkod.init), population: population, memberFrom: memberFrom, memberTo: memberTo)
                try await store.transaction(as: .system(of: office.id)) { transaction in
                    if let code = organisation.kommunkod, try await transaction.municipality(code) == nil {
                        throw CLIError("kommunkod \(code) is not a Swedish municipality")
                    }
                    if try await transaction.organisations().contains(where: { $0.organisationNumber == organisation.organisationNumber }) {
                        throw CLIError("\(organisation.organisationNumber.formatted) is a member of this office already")
                    }
                    try await transaction.insertOrganisation(organisation)
                }
                return organisation
            }
            print("added \(organisation.name) (\(organisation.id.uuidString.lowercased()))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an office's member organisations.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption

        func run() async throws {
            let organisations = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id), readOnly: true) { try await $0.organisations() }
            }
            for organisation in organisations {
                print([organisation.organisationNumber.formatted, organisation.kommunkod?.code ?? "-", organisation.kind.rawValue,
                       organisation.name, organisation.id.uuidString.lowercased()].joined(separator: "\t"))
            }
        }
    }
}
