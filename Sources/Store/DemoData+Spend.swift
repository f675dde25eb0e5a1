import Foundation
import Procurement

/// The demo's spend: two years of the members' accounts payable, as their exports would
/// look, imported through the platform's own import; the office's account map; and call-offs
/// on the frameworks. Fuel is bought on the framework since it began, with some leakage to a
/// station chain outside it (most in Åre); office supplies mostly on contract; food and IT
/// services have no contract, so they are spend but not addressable.
extension DemoData {
    struct SpendSeed {
        var accounts: [(account: String, cpv: String)]
        /// One accounts-payable export per member: the organisation and the CSV text.
        var exports: [(organisation: UUID, name: String, csv: String)]
        var callOffs: [CallOff]

        var rowCount: Int { accounts.count + exports.count + invoiceCount + callOffs.count }
        var invoiceCount: Int { exports.reduce(0) { $0 + $1.csv.split(separator: "\n").count - 1 } }
    }

    public static func spendRowCount(today: CalendarDate) -> Int {
        jamtlandSpend(today: today).rowCount + mittnorrSpend(today: today).rowCount
    }

    static let spendHeader = "Leverantörens organisationsnummer;Leverantör;Fakturanummer;Fakturadatum;Belopp exkl moms;Konto"

    /// The first days of the 24 whole months before `today`'s, oldest first.
    static func spendMonths(before today: CalendarDate) -> [CalendarDate] {
        let current = CalendarDate(year: today.year, month: today.month, day: 1)!
        return (1...24).reversed().map { current.adding(months: -$0)! }
    }

    /// A stable amount in öre around `kronor`, varying by up to a fifth with the key.
    static func spendAmount(_ kronor: Int, _ key: String) -> Money {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let permille = Int64(hash % 400) - 200
        return Money(ore: Int64(kronor) * 100 * (1000 + permille) / 1000)
    }

    static func jamtlandSpend(today: CalendarDate) -> SpendSeed {
        let org = { (code: String) in id("org/jamtland/\(code)") }
        func supplier(_ serial: Int) -> String { organisationNumber(group: 5, serial: serial).formatted }
        let fuelStart = CalendarDate(year: 2025, month: 4, day: 1)!
        // (kommunkod, name for the file, size factor in tenths)
        let members: [(String, String, Int)] = [("2380", "ostersund", 40), ("2309", "krokom", 15), ("2321", "are", 15), ("2313", "stromsund", 10)]
        var exports: [(UUID, String, String)] = []
        for (code, name, factor) in members {
            var rows: [String] = []
            func invoice(_ serial: Int, _ supplierName: String, _ prefix: String, _ day: CalendarDate, _ kronor: Int, _ account: String) {
                let number = "\(prefix)\(day.year)\(day.month < 10 ? "0" : "")\(day.month)\(day.day < 10 ? "0" : "")\(day.day)-\(code)"
                let amount = spendAmount(kronor * factor / 10, number)
                rows.append("\(supplier(serial));\(supplierName);\(number);\(day.iso);\(amount.decimalString.replacingOccurrences(of: ".", with: ","));\(account)")
            }
            for (index, month) in spendMonths(before: today).enumerated() {
                let day5 = month.adding(days: 4)!, day12 = month.adding(days: 11)!, day20 = month.adding(days: 19)!
                let fuelParty = ["2380", "2309", "2321"].contains(code)
                if fuelParty {
                    if month >= fuelStart {
                        invoice(501, "Fjällbränsle AB (demo)", "FB", day5, 38_000, "5611")
                        invoice(501, "Fjällbränsle AB (demo)", "FB", day20, 31_000, "5611")
                        // Tanking outside the framework: every month in Åre, every third in Krokom.
                        if code == "2321" || (code == "2309" && index % 3 == 0) {
                            invoice(502, "Norrdrivmedel AB (demo)", "ND", day12, code == "2321" ? 14_000 : 6_000, "5611")
                        }
                    } else {
                        invoice(502, "Norrdrivmedel AB (demo)", "ND", day5, 61_000, "5611")
                    }
                }
                let suppliesParty = ["2380", "2309", "2313"].contains(code)
                if suppliesParty {
                    invoice(504, "Jämtkontor AB (demo)", "JK", day12, 21_000, "6110")
                    if index % 2 == 0 { invoice(505, "Kontorsgrossisten Norr AB (demo)", "KG", day20, 9_000, "6110") }
                    if index % 3 == 1 { invoice(506, "Papperslagret i Mitt AB (demo)", "PL", day5, 16_000, "6111") }
                    // A shop outside the framework: Strömsund every month, Östersund every quarter.
                    if code == "2313" || (code == "2380" && index % 3 == 2) {
                        invoice(520, "Kontorsvaruhuset AB (demo)", "KV", day20, 4_500, "6110")
                    }
                } else {
                    invoice(520, "Kontorsvaruhuset AB (demo)", "KV", day12, 7_500, "6110")
                }
                invoice(507, "Norrfrukt Grossist AB (demo)", "NF", day12, 52_000, "4620")
                invoice(508, "Fjällmejeriet AB (demo)", "FM", day20, 27_000, "4620")
                if code == "2380", index % 3 == 0 { invoice(521, "Digitalbyrån Jämt AB (demo)", "DB", day20, 85_000, "6540") }
            }
            exports.append((org(code), "leverantorsreskontra-\(name).csv", ([spendHeader] + rows).joined(separator: "\n") + "\n"))
        }
        let orderer = id("user/bestallare.are@jamtland.example")
        let fuel = id("contract/jamtland/drivmedel-2025")
        let callOffs = [("2025-06-02", 180_000, "Tankkort, förvaltningarnas fordon, sommarhalvåret"),
                        ("2025-11-03", 220_000, "Tankkort, vinterhalvåret"),
                        ("2026-05-04", 195_000, "Tankkort, sommarhalvåret")]
            .filter { CalendarDate(iso: $0.0)! < today }
            .map { day, kronor, text in
                CallOff(id: id("call-off/jamtland/\(day)"), contractID: fuel, organisationID: org("2321"),
                        supplierID: id("supplier/jamtland/fjallbransle"), orderedOn: CalendarDate(iso: day)!,
                        amount: Money(kronor: Int64(kronor)), description: text, reference: "ÅRE-\(day.prefix(4))-\(day.dropFirst(5).prefix(2))",
                        orderedBy: orderer)
            }
        return SpendSeed(
            accounts: [("5611", "09132000-3"), ("6110", "30192000-1"), ("6111", "30197630-1"), ("4620", "15000000-8"), ("6540", "72000000-5")],
            exports: exports.map { (organisation: $0.0, name: $0.1, csv: $0.2) }, callOffs: callOffs)
    }

    static func mittnorrSpend(today: CalendarDate) -> SpendSeed {
        let sundsvall = id("org/mittnorr/2281")
        var rows: [String] = []
        for (index, month) in spendMonths(before: today).enumerated() {
            let day = month.adding(days: 14)!
            let number = "MV\(day.iso.replacingOccurrences(of: "-", with: ""))"
            rows.append("\(organisationNumber(group: 5, serial: 601).formatted);Möbelverkstan Mitt AB (demo);\(number);\(day.iso);"
                + "\(spendAmount(120_000, number).decimalString.replacingOccurrences(of: ".", with: ","));5410")
            if index % 4 == 0 {
                let other = "MD\(day.iso.replacingOccurrences(of: "-", with: ""))"
                rows.append("\(organisationNumber(group: 5, serial: 602).formatted);Kontorsmöbler Direkt AB (demo);\(other);\(day.iso);"
                    + "\(spendAmount(30_000, other).decimalString.replacingOccurrences(of: ".", with: ","));5410")
            }
        }
        let year = today.year
        let callOff = CallOff(
            id: id("call-off/mittnorr/moebler"), contractID: id("contract/mittnorr/moebler"), organisationID: sundsvall,
            supplierID: id("supplier/mittnorr/mobel"), orderedOn: CalendarDate(year: year - 1, month: 9, day: 15)!,
            amount: Money(kronor: 640_000), description: "Möbler till nya Skönsbergsskolan", orderedBy: id("user/sundsvall@mittnorr.example"))
        return SpendSeed(
            accounts: [("5410", "39100000-3")],
            exports: [(organisation: sundsvall, name: "leverantorsreskontra-sundsvall.csv", csv: ([spendHeader] + rows).joined(separator: "\n") + "\n")],
            callOffs: [callOff])
    }

    /// Adds the account map, imports the exports and registers the call-offs, unless the
    /// office has an account map already.
    static func loadSpend(_ seed: SpendSeed, in transaction: Transaction) async throws -> Int {
        guard try await transaction.spendAccounts().isEmpty else { return 0 }
        for (account, cpv) in seed.accounts {
            try await transaction.setSpendAccount(organisationID: nil, account: account, cpv: CPVCode(cpv)!)
        }
        for export in seed.exports {
            _ = try await transaction.importSpend(
                organisationID: export.organisation, files: [SpendFileUpload(name: export.name, bytes: Array(export.csv.utf8))], importedBy: nil)
        }
        for callOff in seed.callOffs { try await transaction.insertCallOff(callOff) }
        return seed.rowCount
    }
}
