import ArgumentParser
import Foundation
import Procurement
import SpendFiles
import Store

/// `samverkan import …`: bulk data into an office.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data into an office.", subcommands: [Spend.self])

    /// `samverkan import spend --office jamtland --org 212000-2502 FILE…`
    struct Spend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a member's invoices: accounts-payable CSV exports or PEPPOL BIS Billing 3 invoices and credit notes.",
            discussion: """
                The format of each file is recognised from its content. All files are one import: \
                all or nothing. Invoices the member has already, with the same lines, are skipped, \
                so importing the same file twice adds nothing. A CSV needs a header row; columns are \
                recognised by their Swedish or English names, or named with --column, e.g. \
                --column amount="Belopp SEK" --column account=Kostnadsslag.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option(name: .customLong("org"), help: ArgumentHelp(
            "The member organisation, by organisationsnummer (212000-2502) or id.", valueName: "organisation"))
        var organisation: String
        @Option(name: .customLong("column"), help: ArgumentHelp(
            "A CSV column for a field, as field=Header. Fields: \(SpendField.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "field=header"))
        var columns: [String] = []
        @Argument(help: ArgumentHelp("The files to import.", valueName: "file")) var files: [String]

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name at least one file to import") }
            _ = try mapping()
        }

        func mapping() throws -> CSVColumnMapping {
            var mapping = CSVColumnMapping()
            for column in columns {
                let pair = column.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2, let field = SpendField(rawValue: pair[0]), !pair[1].isEmpty else {
                    throw ValidationError(
                        "--column takes field=Header, with a field among \(SpendField.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                mapping[field] = pair[1]
            }
            return mapping
        }

        func run() async throws {
            let summary = try await database.withStore { try await perform(on: $0) }
            print(Self.report(summary))
        }

        /// Reads the files and imports them as the office's system, in one transaction.
        func perform(on store: Database) async throws -> SpendImportSummary {
            let mapping = try mapping()
            var uploads: [SpendFileUpload] = []
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
                uploads.append(SpendFileUpload(name: (path as NSString).lastPathComponent, bytes: Array(data), mapping: mapping))
            }
            do {
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id)) { transaction in
                    let organisations = try await transaction.organisations()
                    guard let member = organisations.first(where: {
                        $0.id.uuidString.lowercased() == organisation.lowercased()
                            || (try? OrganisationNumber(organisation)) == $0.organisationNumber
                    }) else {
                        throw CLIError("no member \(organisation) in \(office.slug); its members are: "
                            + organisations.map { "\($0.organisationNumber.formatted) \($0.name)" }.joined(separator: ", "))
                    }
                    return try await transaction.importSpend(organisationID: member.id, files: uploads, importedBy: nil)
                }
            } catch let error as SpendImportError {
                throw CLIError(error.description)
            }
        }

        static func report(_ summary: SpendImportSummary) -> String {
            var lines = summary.files.map { "\($0.name): \($0.format.rawValue), \($0.lines) lines" }
            if summary.importID == nil {
                lines.append("nothing new: all \(summary.invoicesSkipped) invoices were imported before")
            } else {
                lines.append("added \(summary.invoicesAdded) invoices (\(summary.linesAdded) lines), skipped \(summary.invoicesSkipped) imported before")
                lines.append("spend \(summary.amountSEK.decimalString) SEK excl. VAT, of which \(summary.matchedSEK.decimalString) on contract")
                for (currency, amount) in summary.otherCurrencies.sorted(by: { $0.key < $1.key }) {
                    lines.append("also \(amount.decimalString) \(currency), kept unconverted")
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}
