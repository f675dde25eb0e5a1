import Crypto
import Foundation
import Procurement

/// Demo data: the Jämtland office with its eight municipalities (real names, codes and
/// rounded populations) and some municipal companies, and a second, smaller office so that
/// tenancy shows. People, companies and organisation numbers are invented: every
/// organisationsnummer here has `99999` in positions 2–6, Luhn-valid but plainly not real.
/// Loading is idempotent: what exists is left alone, what is missing is added.
public enum DemoData {
    public struct OfficeSeed: Sendable {
        public var office: Office
        public var organisations: [Organisation]
    }

    /// A stable id derived from a name (UUID version 5 style), so demo rows have the same ids
    /// on every machine and tests can name them.
    public static func id(_ name: String) -> UUID {
        var bytes = Array(Insecure.SHA1.hash(data: Data(("samverkan-demo:" + name).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// An invented organisationsnummer: group digit, `99999`, a serial, the Luhn check digit.
    public static func organisationNumber(group: Int, serial: Int) -> OrganisationNumber {
        let payload = [group, 9, 9, 9, 9, 9] + String(format: "%03d", serial).map { Int(String($0))! }
        return try! OrganisationNumber(payload.map(String.init).joined() + String(Luhn.checkDigit(for: payload)))
    }

    public static let jamtland: OfficeSeed = {
        let officeID = id("office/jamtland")
        let office = Office(id: officeID, slug: "jamtland", name: "Upphandlingssamverkan Jämtland (demo)", casePrefix: "UK")
        let since = CalendarDate(year: 2019, month: 1, day: 1)!
        let municipalities: [(String, String, Int)] = [
            ("Östersunds kommun", "2380", 64_700), ("Krokoms kommun", "2309", 15_700),
            ("Åre kommun", "2321", 12_300), ("Strömsunds kommun", "2313", 11_400),
            ("Härjedalens kommun", "2361", 9_900), ("Bergs kommun", "2326", 6_900),
            ("Bräcke kommun", "2305", 6_300), ("Ragunda kommun", "2303", 5_300),
        ]
        var organisations = municipalities.enumerated().map { index, entry in
            Organisation(
                id: id("org/jamtland/\(entry.1)"), officeID: officeID, kind: .municipality, name: entry.0,
                organisationNumber: organisationNumber(group: 2, serial: index + 1),
                kommunkod: Kommunkod(entry.1), population: entry.2, memberFrom: since)
        }
        let others: [(String, OrganisationKind, Int, CalendarDate, CalendarDate?)] = [
            ("Storsjöbygdens Vatten AB (demo)", .municipalCompany, 5, CalendarDate(year: 2020, month: 1, day: 1)!, nil),
            ("Fjällhem Bostäder AB (demo)", .municipalCompany, 5, CalendarDate(year: 2021, month: 7, day: 1)!, nil),
            ("Jämtlandsbuss AB (demo)", .municipalCompany, 5, since, CalendarDate(year: 2025, month: 12, day: 31)!),
            ("Räddningsförbundet Mitt (demo)", .association, 2, CalendarDate(year: 2022, month: 1, day: 1)!, nil),
        ]
        organisations += others.enumerated().map { index, entry in
            Organisation(
                id: id("org/jamtland/\(entry.0)"), officeID: officeID, kind: entry.1, name: entry.0,
                organisationNumber: organisationNumber(group: entry.2, serial: 100 + index),
                memberFrom: entry.3, memberTo: entry.4)
        }
        return OfficeSeed(office: office, organisations: organisations)
    }()

    public static let mittnorr: OfficeSeed = {
        let officeID = id("office/mittnorr")
        let office = Office(id: officeID, slug: "mittnorr", name: "Inköpssamverkan Mittnorr (demo)", casePrefix: "IM")
        let since = CalendarDate(year: 2023, month: 1, day: 1)!
        let municipalities: [(String, String, Int)] = [
            ("Sundsvalls kommun", "2281", 99_800), ("Härnösands kommun", "2280", 24_800),
            ("Timrå kommun", "2262", 18_100), ("Ånge kommun", "2260", 9_100),
        ]
        let organisations = municipalities.enumerated().map { index, entry in
            Organisation(
                id: id("org/mittnorr/\(entry.1)"), officeID: officeID, kind: .municipality, name: entry.0,
                organisationNumber: organisationNumber(group: 2, serial: 200 + index),
                kommunkod: Kommunkod(entry.1), population: entry.2, memberFrom: since)
        }
        return OfficeSeed(office: office, organisations: organisations)
    }()

    public static let offices = [jamtland, mittnorr]

    /// Adds whatever of the demo data is missing, each office in one transaction of its own.
    /// Returns how many rows were added.
    @discardableResult
    public static func load(into database: Database) async throws -> Int {
        var added = 0
        for seed in offices {
            added += try await database.transaction(as: .system(of: seed.office.id)) { transaction in
                var count = 0
                if try await transaction.currentOffice() == nil {
                    try await transaction.insertOffice(seed.office)
                    count += 1
                }
                let existing = Set(try await transaction.organisations().map(\.id))
                for organisation in seed.organisations where !existing.contains(organisation.id) {
                    try await transaction.insertOrganisation(organisation)
                    count += 1
                }
                return count
            }
        }
        return added
    }
}
