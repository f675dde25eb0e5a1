import ArgumentParser
import Foundation
import Procurement
import Store

/// `samverkan threshold …`: the thresholds (tröskelvärden) and direct-award limits, which
/// the law changes every two years. An amount entered or a period added is written to the
/// named office's audit trail.
struct ThresholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threshold", abstract: "List, complete and add procurement thresholds (tröskelvärden).",
        subcommands: [List.self, SetSEK.self, Add.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every threshold period, newest first.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let thresholds = try await database.withStore { store in
                try await store.transaction(as: .anonymous, readOnly: true) { try await $0.thresholds() }
            }
            for stored in thresholds {
                let t = stored.threshold
                print([stored.id.uuidString.lowercased(), t.law.rawValue, t.kind.rawValue, t.buyer.rawValue, t.validFrom.iso,
                       t.validTo?.iso ?? "-", t.eur.map { "\($0) EUR" } ?? "-", t.sek.map { "\($0.decimalString) SEK" } ?? "SEK missing",
                       t.source].joined(separator: "\t"))
            }
        }
    }

    struct SetSEK: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-sek", abstract: "Enter the official SEK amount of a threshold that has only EUR.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option(help: "The threshold's id (from `threshold list`).") var id: String
        @Option(help: "The amount in kronor, e.g. 2336000.") var sek: String

        func validate() throws {
            guard UUID(uuidString: id) != nil else { throw ValidationError("--id must be a threshold id from `samverkan threshold list`") }
            guard let amount = Money(decimal: sek), amount.ore > 0 else { throw ValidationError("--sek must be an amount in kronor greater than zero") }
        }

        func run() async throws {
            let stored = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id)) { transaction in
                    guard let existing = try await transaction.thresholds().first(where: { $0.id == UUID(uuidString: id)! }) else {
                        throw CLIError("no threshold \(id); `samverkan threshold list` shows them")
                    }
                    guard existing.threshold.sek == nil else {
                        throw CLIError("the threshold has a SEK amount already; add a new period (`threshold add`) to change it")
                    }
                    return try await transaction.enterThresholdSEK(id: existing.id, sek: Money(decimal: sek)!)
                }
            }
            print("entered \(stored?.threshold.sek?.decimalString ?? sek) SEK")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a threshold period.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var office: OfficeOption
        @Option(help: "LOU or LUF.") var law: ProcurementLaw
        @Option(help: "direct_award, supplies_services, works or social_services.") var kind: ThresholdKind
        @Option(help: "all, central or sub_central.") var buyer: BuyerCategory
        @Option(name: .customLong("valid-from"), help: "First day (YYYY-MM-DD).") var validFrom: CalendarDate
        @Option(name: .customLong("valid-to"), help: "Last day (YYYY-MM-DD), if known.") var validTo: CalendarDate?
        @Option(help: "Amount in whole euros, if set in EUR.") var eur: Int64?
        @Option(help: "Amount in kronor.") var sek: String?
        @Option(help: "Where the figure comes from (regulation, authority).") var source: String

        func validate() throws {
            if let validTo, validTo < validFrom { throw ValidationError("--valid-to is before --valid-from") }
            if let sek, Money(decimal: sek).map({ $0.ore > 0 }) != true { throw ValidationError("--sek must be an amount in kronor greater than zero") }
            if let eur, eur <= 0 { throw ValidationError("--eur must be greater than zero") }
            guard sek != nil || eur != nil else { throw ValidationError("give --sek, --eur or both") }
            guard (1...500).contains(source.trimmingCharacters(in: .whitespaces).count) else {
                throw ValidationError("--source must be 1 to 500 characters")
            }
        }

        func run() async throws {
            let threshold = Threshold(
                law: law, kind: kind, buyer: buyer, validFrom: validFrom, validTo: validTo, eur: eur,
                sek: sek.flatMap { Money(decimal: $0) }, source: source.trimmingCharacters(in: .whitespaces))
            let stored = try await database.withStore { store in
                let office = try await store.office(named: self.office.office)
                return try await store.transaction(as: .system(of: office.id)) { try await $0.addThreshold(threshold) }
            }
            print("added threshold \(stored.id.uuidString.lowercased())")
        }
    }
}

extension ProcurementLaw: ExpressibleByArgument {}
extension ThresholdKind: ExpressibleByArgument {}
extension BuyerCategory: ExpressibleByArgument {}
