import Foundation
import Hummingbird
import Procurement
import SpendFiles
import Store

/// `/inkop` (purchases and contract compliance) and `/inkop/import` (reading invoice files).
/// The figures come from the same report as the JSON API (`SpendAPI.report`) and row-level
/// security decides whose: a member's users their own, the office and the committee every
/// member's. Supplier names are for `SpendActions.supplierReaders` only: the committee sees
/// aggregates.
struct SpendPages: Sendable {
    let database: Database
    let pages: Pages
    let configuration: ServerConfiguration

    var actions: SpendActions { SpendActions(database: database, configuration: configuration) }

    /// Where the import form posts its files.
    static let importPath = "/inkop/import"

    /// How many suppliers the chart and the leakage list show.
    static let supplierCount = 10

    func register(on router: Router<AppRequestContext>) {
        router.get("/inkop") { request, context -> Response in
            try await reportPage(request, context)
        }
        router.get("/inkop/import") { _, context -> Response in
            try await importPage(context, PageState())
        }
        router.post(RouterPath(Self.importPath)) { request, context -> Response in
            let signedIn = try context.require(SpendActions.importers)
            let form = try await SpendAPI.multipart(request)
            do {
                let summary = try await actions.imports(signedIn, form: form)
                return try await importPage(context, PageState(), summary: summary)
            } catch {
                guard let refusal = AppError.formRefusal(error) else { throw error }
                return try await importPage(context, .refused(refusal, fallback: "Filerna kunde inte läsas in. Inget sparades."))
            }
        }
    }

    // MARK: - The report

    private func reportPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let signedIn = try context.require(SpendActions.readers)
        let parameters = request.uri.queryParameters
        let today = configuration.today()
        var state = PageState()
        var period: SpendPeriod
        var chosen: UUID?
        do {
            period = try SpendPeriod(parameters, today: today)
            chosen = try SpendAPI.organisation(request)
        } catch {
            let refusal = AppError.from(error)
            guard refusal.status == .badRequest else { throw error }
            // A filter the page cannot read: the default figures, and the reason above them.
            state = .refused(refusal, fallback: "Filtret kunde inte läsas. Ange datumen som ÅÅÅÅ-MM-DD.")
            period = try SpendPeriod(Parameters(), today: today)
            chosen = nil
        }
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            // A member's users read their own organisation whatever the address says.
            let own = chrome.memberOrganisationID
            let organisationID = own ?? chosen
            let report = try await SpendAPI.report(transaction, period, organisationID)
            let role = chrome.activeRole
            let readsSuppliers = role.map(SpendActions.supplierReaders.contains) ?? false

            var values = state.values
            values["from"] = period.from.iso
            values["to"] = period.to.iso
            values["targetPercent"] = report.targetPercent
            let total = report.figures.compliance
            values["headline"] = [
                "percent": total.percentText, "hasShare": total.perMille != nil,
                "meets": total.meets(targetPercent: report.targetPercent) ?? false,
                "total": total.total.description, "addressable": total.addressable.description,
                "contracted": total.contracted.description, "leakage": total.leakage.description,
            ] as [String: Any]
            values["hasSpend"] = total.total != .zero || !report.months.isEmpty
            if let own {
                values["memberView"] = true
                values["organisation"] = chrome.organisations[own]?.name ?? ""
            } else {
                values["choosesMember"] = true
                values["memberChoices"] = chrome.organisations.values.sorted { $0.name < $1.name }.map {
                    ["value": PageText.id($0.id), "label": $0.name, "selected": $0.id == chosen] as [String: Any]
                }
                // Left out when nothing is chosen: Mustache renders a section for an empty string.
                if let name = chosen.flatMap({ chrome.organisations[$0]?.name }) { values["chosenName"] = name }
            }
            values["members"] = report.members.map { member in
                Self.figureRow(member.figures.compliance, target: report.targetPercent, label: member.name)
                    .merging(["id": PageText.id(member.organisationID)]) { $1 }
            }
            values["hasMembers"] = !report.members.isEmpty
            values["categories"] = report.categories.map { category in
                let label = category.cpvGroup.isEmpty ? "Utan kategori" : "\(category.cpvGroup) \(category.label ?? "")"
                return Self.figureRow(category.figures.compliance, target: report.targetPercent, label: label)
                    .merging(["cpvGroup": category.cpvGroup]) { $1 }
            }
            values["hasCategories"] = !report.categories.isEmpty

            let byMonth = Dictionary(uniqueKeysWithValues: report.months.map { ($0.month, $0.figures.compliance) })
            let months = SpendCharts.months(from: period.from, to: period.to).map { SpendCharts.MonthInput(month: $0, compliance: byMonth[$0]) }
            let monthChart = SpendCharts.monthChart(months, targetPercent: report.targetPercent)
            values["monthChart"] = monthChart.values
            values["monthRows"] = months.map { input -> [String: Any] in
                let figures = input.compliance ?? Compliance()
                return Self.figureRow(figures, target: report.targetPercent, label: SpendCharts.monthLabel(input.month))
                    .merging(["month": input.month]) { $1 }
            }

            if readsSuppliers {
                values["readsSuppliers"] = true
                let top = try await transaction.supplierSpend(
                    from: period.from, to: period.to, organisationID: organisationID, offContractOnly: false, limit: Self.supplierCount)
                values["supplierChart"] = SpendCharts.supplierChart(top.map {
                    SpendCharts.SupplierInput(name: $0.supplierName, total: $0.total, contracted: $0.contracted, leakage: $0.leakage)
                }).values
                values["hasSuppliers"] = !top.isEmpty
                let leakage = try await transaction.supplierSpend(
                    from: period.from, to: period.to, organisationID: organisationID, offContractOnly: true, limit: Self.supplierCount)
                let labels = try await transaction.cpvGroupLabels(Array(Set(leakage.flatMap(\.cpvGroups))))
                values["leakage"] = leakage.map { supplier -> [String: Any] in
                    [
                        "name": supplier.supplierName,
                        "organisationNumber": (try? OrganisationNumber(supplier.supplierKey))?.formatted ?? "–",
                        "leakage": supplier.leakage.description, "total": supplier.total.description,
                        "members": supplier.organisations,
                        "categories": supplier.cpvGroups.sorted().map { group in labels[group].map { "\(group) \($0)" } ?? group }.joined(separator: ", "),
                    ]
                }
                values["hasLeakage"] = !leakage.isEmpty
            }
            values["canImport"] = role.map(SpendActions.importers.contains) ?? false
            return try pages.render("spend", values, chrome: chrome, status: state.status)
        }
    }

    /// A row of the figures' tables: amounts in Swedish, the share and how it stands to the target.
    static func figureRow(_ figures: Compliance, target: Int, label: String) -> [String: Any] {
        let meets = figures.meets(targetPercent: target)
        return [
            "label": label, "total": figures.total.description, "addressable": figures.addressable.description,
            "contracted": figures.contracted.description, "leakage": figures.leakage.description, "percent": figures.percentText,
            "target": meets.map { $0 ? "Når målet" : "Under målet" } ?? "–", "meets": meets == true, "below": meets == false,
        ]
    }

    // MARK: - The import

    private func importPage(_ context: AppRequestContext, _ state: PageState, summary: SpendImportSummary? = nil) async throws -> Response {
        let signedIn = try context.require(SpendActions.importers)
        return try await database.transaction(as: signedIn.identity, readOnly: true) { transaction in
            let chrome = try await PageChrome.load(in: transaction, for: signedIn, sessionSecret: context.sessionSecret)
            let own = chrome.memberOrganisationID
            var values = state.values
            if let own {
                values["organisation"] = chrome.organisations[own]?.name ?? ""
            } else {
                values["choosesOrganisation"] = true
                values["organisations"] = chrome.organisations.values.sorted { $0.name < $1.name }.map {
                    ["value": PageText.id($0.id), "label": $0.name] as [String: Any]
                }
            }
            if let summary {
                values["summary"] = [
                    "invoicesAdded": summary.invoicesAdded, "invoicesSkipped": summary.invoicesSkipped,
                    "linesAdded": summary.linesAdded, "amount": summary.amountSEK.description, "matched": summary.matchedSEK.description,
                    "nothingNew": summary.importID == nil,
                    "files": summary.files.map { ["name": $0.name, "format": Self.formatName($0.format.rawValue), "lines": $0.lines] as [String: Any] },
                    "otherCurrencies": summary.otherCurrencies.sorted { $0.key < $1.key }.map {
                        ["currency": $0.key, "amount": $0.value.decimalString.replacingOccurrences(of: ".", with: ",")]
                    },
                    "hasOtherCurrencies": !summary.otherCurrencies.isEmpty,
                ] as [String: Any]
            }
            values["columns"] = SpendField.allCases.map { field -> [String: String] in
                let label = field.swedish.prefix(1).uppercased() + field.swedish.dropFirst()
                return ["id": "kolumn-\(field.rawValue)", "name": "column.\(field.rawValue)", "label": label]
            }
            let imports = try await transaction.spendImports(organisationID: own, limit: 50)
            values["imports"] = imports.map { record -> [String: Any] in
                [
                    "importedAt": SwedishTime.format(record.importedAt),
                    "organisation": chrome.organisations[record.organisationID]?.name ?? "",
                    "files": record.files.joined(separator: ", "),
                    "formats": Array(Set(record.formats.map(Self.formatName))).sorted().joined(separator: ", "),
                    "invoicesAdded": record.invoicesAdded, "invoicesSkipped": record.invoicesSkipped, "linesAdded": record.linesAdded,
                    "amount": record.amountSEK.description, "importedBy": record.importedBy ?? "Demodata",
                ]
            }
            values["hasImports"] = !imports.isEmpty
            return try pages.render("spend-import", values, chrome: chrome, status: state.status)
        }
    }

    /// The file formats in words.
    static func formatName(_ format: String) -> String {
        switch format {
        case "csv": "CSV"
        case "peppol-invoice": "PEPPOL-faktura"
        case "peppol-credit-note": "PEPPOL-kreditnota"
        default: format
        }
    }
}

extension SpendViews.Figures {
    /// The figures back as amounts, to write them in Swedish.
    var compliance: Compliance {
        Compliance(total: Money(decimal: total) ?? .zero, addressable: Money(decimal: addressable) ?? .zero,
                   contracted: Money(decimal: contracted) ?? .zero)
    }
}
