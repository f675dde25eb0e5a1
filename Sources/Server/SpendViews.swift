import Foundation
import Procurement
import SpendFiles
import Store

/// The JSON shapes of spend, compliance and call-offs. Amounts are decimal strings in kronor
/// ("1234.50"), as everywhere in the API; shares are per mille (873 is 87.3 %).
enum SpendViews {
    struct Figures: Codable, Sendable {
        var total: String
        var addressable: String
        var contracted: String
        var leakage: String
        var perMille: Int?

        init(_ compliance: Compliance) {
            total = compliance.total.decimalString
            addressable = compliance.addressable.decimalString
            contracted = compliance.contracted.decimalString
            leakage = compliance.leakage.decimalString
            perMille = compliance.perMille
        }
    }

    struct Month: Codable, Sendable { var month: String; var figures: Figures }
    struct Category: Codable, Sendable { var cpvGroup: String; var label: String?; var figures: Figures }
    struct Member: Codable, Sendable { var organisationID: UUID; var name: String; var figures: Figures }

    struct Report: Codable, Sendable {
        var from: CalendarDate
        var to: CalendarDate
        var organisationID: UUID?
        var targetPercent: Int
        var figures: Figures
        var months: [Month]
        var categories: [Category]
        var members: [Member]
    }

    /// Sums the cells by month, by category and by member.
    static func report(
        from: CalendarDate, to: CalendarDate, organisationID: UUID?, targetPercent: Int, cells: [ComplianceCell],
        organisationNames: [UUID: String], groupLabels: [String: String]
    ) -> Report {
        var total = Compliance(), months: [String: Compliance] = [:], categories: [String: Compliance] = [:]
        var members: [UUID: Compliance] = [:]
        for cell in cells {
            total = total + cell.figures
            let month = String(cell.month.iso.prefix(7))
            months[month, default: Compliance()] = months[month, default: Compliance()] + cell.figures
            categories[cell.cpvGroup, default: Compliance()] = categories[cell.cpvGroup, default: Compliance()] + cell.figures
            members[cell.organisationID, default: Compliance()] = members[cell.organisationID, default: Compliance()] + cell.figures
        }
        return Report(
            from: from, to: to, organisationID: organisationID, targetPercent: targetPercent, figures: Figures(total),
            months: months.sorted { $0.key < $1.key }.map { Month(month: $0.key, figures: Figures($0.value)) },
            categories: categories.sorted { ($0.value.addressable, $1.key) > ($1.value.addressable, $0.key) }
                .map { Category(cpvGroup: $0.key, label: groupLabels[$0.key], figures: Figures($0.value)) },
            members: members.map { Member(organisationID: $0.key, name: organisationNames[$0.key] ?? "", figures: Figures($0.value)) }
                .sorted { $0.name < $1.name })
    }

    struct Supplier: Codable, Sendable {
        var supplierKey: String
        var name: String
        var organisationNumber: String?
        var total: String
        var contracted: String
        var leakage: String
        var organisations: Int
        var cpvGroups: [String]

        init(_ spend: SupplierSpend) {
            supplierKey = spend.supplierKey
            name = spend.supplierName
            organisationNumber = (try? OrganisationNumber(spend.supplierKey))?.formatted
            total = spend.total.decimalString
            contracted = spend.contracted.decimalString
            leakage = spend.leakage.decimalString
            organisations = spend.organisations
            cpvGroups = spend.cpvGroups.sorted()
        }
    }

    struct SupplierList: Codable, Sendable { var suppliers: [Supplier] }

    struct ImportSummary: Codable, Sendable {
        var importID: UUID?
        var files: [File]
        var invoicesAdded: Int
        var invoicesSkipped: Int
        var linesAdded: Int
        var amountSEK: String
        var matchedSEK: String
        var otherCurrencies: [String: String]

        struct File: Codable, Sendable { var name: String; var format: SpendFileFormat; var lines: Int }

        init(_ summary: SpendImportSummary) {
            importID = summary.importID
            files = summary.files.map { File(name: $0.name, format: $0.format, lines: $0.lines) }
            invoicesAdded = summary.invoicesAdded
            invoicesSkipped = summary.invoicesSkipped
            linesAdded = summary.linesAdded
            amountSEK = summary.amountSEK.decimalString
            matchedSEK = summary.matchedSEK.decimalString
            otherCurrencies = summary.otherCurrencies.mapValues(\.decimalString)
        }
    }

    struct ImportRecord: Codable, Sendable {
        var id: UUID
        var organisationID: UUID
        var files: [String]
        var formats: [String]
        var invoicesAdded: Int
        var invoicesSkipped: Int
        var linesAdded: Int
        var amountSEK: String
        var importedAt: Date
        var importedBy: String?

        init(_ record: SpendImportRecord) {
            id = record.id
            organisationID = record.organisationID
            files = record.files
            formats = record.formats
            invoicesAdded = record.invoicesAdded
            invoicesSkipped = record.invoicesSkipped
            linesAdded = record.linesAdded
            amountSEK = record.amountSEK.decimalString
            importedAt = record.importedAt
            importedBy = record.importedBy
        }
    }

    struct ImportList: Codable, Sendable { var imports: [ImportRecord] }

    struct CallOffView: Codable, Sendable {
        var id: UUID
        var contractID: UUID
        var organisationID: UUID
        var supplierID: UUID
        var orderedOn: CalendarDate
        var amount: String
        var description: String
        var reference: String?

        init(_ callOff: CallOff) {
            id = callOff.id
            contractID = callOff.contractID
            organisationID = callOff.organisationID
            supplierID = callOff.supplierID
            orderedOn = callOff.orderedOn
            amount = callOff.amount.decimalString
            description = callOff.description
            reference = callOff.reference
        }
    }

    /// A contract's use: its maximum, what is called off and invoiced on it, what remains,
    /// and the call-offs the identity may see one by one.
    struct ContractUseView: Codable, Sendable {
        var contractID: UUID
        var maximumValue: String?
        var calledOff: String
        var invoiced: String
        var remaining: String?
        var callOffs: [CallOffView]
    }

    struct AccountView: Codable, Sendable {
        var id: UUID
        var organisationID: UUID?
        var account: String
        var cpv: CPVCode

        init(_ account: SpendAccount) {
            id = account.id
            organisationID = account.organisationID
            self.account = account.account
            cpv = account.cpv
        }
    }

    struct AccountList: Codable, Sendable { var accounts: [AccountView] }
}
