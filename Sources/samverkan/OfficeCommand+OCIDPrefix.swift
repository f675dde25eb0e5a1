import ArgumentParser
import Foundation
import OpenContracting
import Store

extension OfficeCommand {
    /// `samverkan office ocid-prefix --office jamtland ocds-xxxxxx`: the prefix the OCDS
    /// registry assigned the office, under which its open-contracting data is published.
    struct OCIDPrefix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ocid-prefix", abstract: "Set (or, with --clear, remove) the office's OCID prefix for its OCDS publication.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Argument(help: ArgumentHelp("The prefix the OCDS registry assigned, ocds- and six lower-case letters or digits.", valueName: "prefix"))
        var prefix: String?
        @Flag(help: "Remove the prefix: the office stops publishing.") var clear = false

        func validate() throws {
            switch (prefix, clear) {
            case (nil, false): throw ValidationError("give the prefix (ocds-xxxxxx), or --clear")
            case (.some, true): throw ValidationError("give a prefix or --clear, not both")
            case (let prefix?, false) where !Publication.OfficeInfo.isValidPrefix(prefix):
                throw ValidationError("the prefix must be ocds- and six lower-case letters or digits, e.g. ocds-a1b2c3")
            default: break
            }
        }

        func run() async throws {
            let slug = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                switch try await store.changeOCIDPrefix(to: clear ? nil : prefix, as: .system(of: office.id)) {
                case .changed: return office.slug
                case .takenByAnotherOffice: throw CLIError("another office publishes under \(prefix ?? "")")
                case .refused: throw CLIError("the office \(office.slug) could not be changed")
                }
            }
            print(clear ? "\(slug) publishes no OCDS data now" : "\(slug) publishes under \(prefix!): /kontor/\(slug)/ocds.json")
        }
    }
}
