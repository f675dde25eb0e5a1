import Authentication
import Crypto
import Foundation
import Procurement

/// Demo data: the Jämtland office with its eight municipalities (real names, codes and
/// rounded populations) and some municipal companies, and a second, smaller office so that
/// tenancy shows. People, companies and organisation numbers are invented: every
/// organisationsnummer here has `99999` in positions 2–6, Luhn-valid but plainly not real.
/// Loading is idempotent: what exists is left alone, what is missing is added. The plan,
/// needs and pooled procurements are in `DemoData+Pooling.swift`.
public enum DemoData {
    public struct OfficeSeed: Sendable {
        public var office: Office
        public var organisations: [Organisation]
        public var users: [UserSeed] = []
    }

    /// A demo person with their roles; every one logs in with `password`.
    public struct UserSeed: Sendable {
        public var user: User
        public var roles: [RoleAssignment]
    }

    /// The password of every demo account. Demo data only: never use it elsewhere.
    public static let password = "samverkan-demo"

    static func person(
        _ office: UUID, _ email: String, _ name: String, _ roles: [(Role, UUID?)]
    ) -> UserSeed {
        let userID = id("user/\(email)")
        return UserSeed(
            user: User(id: userID, officeID: office, email: EmailAddress(email)!, name: name),
            roles: roles.map { role, organisation in
                try! RoleAssignment(
                    id: id("role/\(email)/\(role.rawValue)/\(organisation?.uuidString ?? "office")"),
                    userID: userID, role: role, organisationID: organisation)
            })
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
        let org = { (code: String) in id("org/jamtland/\(code)") }
        let users = [
            person(officeID, "admin@jamtland.example", "Anna Berglund (demo)", [(.administrator, nil)]),
            person(officeID, "upphandlare@jamtland.example", "Erik Lindqvist (demo)", [(.procurer, nil)]),
            person(officeID, "controller@jamtland.example", "Maria Sundberg (demo)", [(.controller, nil)]),
            person(officeID, "ordforande@jamtland.example", "Per Olsson (demo)", [(.committeeChair, org("2380"))]),
            // A coordinator for Krokom who also sits on the committee: two roles, one person.
            person(officeID, "krokom@jamtland.example", "Karin Jonsson (demo)",
                   [(.coordinator, org("2309")), (.committeeMember, org("2309"))]),
            person(officeID, "ersattare.krokom@jamtland.example", "Johan Persson (demo)", [(.committeeSubstitute, org("2309"))]),
            person(officeID, "ostersund@jamtland.example", "Lars Nilsson (demo)", [(.coordinator, org("2380"))]),
            person(officeID, "bestallare.are@jamtland.example", "Sofia Eriksson (demo)", [(.orderer, org("2321"))]),
            person(officeID, "lasare@jamtland.example", "Eva Holm (demo)", [(.viewer, nil)]),
        ] + jamtlandCoordinators.map { email, name, code in person(officeID, email, name, [(.coordinator, org(code))]) }
          + jamtlandCommitteeMembers.map { email, name, code in person(officeID, email, name, [(.committeeMember, org(code))]) }
        return OfficeSeed(office: office, organisations: organisations, users: users)
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
        let users = [
            person(officeID, "admin@mittnorr.example", "Gustav Ek (demo)", [(.administrator, nil)]),
            person(officeID, "sundsvall@mittnorr.example", "Lena Strand (demo)", [(.coordinator, id("org/mittnorr/2281"))]),
            person(officeID, "ordforande@mittnorr.example", "Bengt Sjödin (demo)", [(.committeeChair, id("org/mittnorr/2281"))]),
            person(officeID, "ledamot.harnosand@mittnorr.example", "Siv Norling (demo)", [(.committeeMember, id("org/mittnorr/2280"))]),
        ]
        return OfficeSeed(office: office, organisations: organisations, users: users)
    }()

    public static let offices = [jamtland, mittnorr]

    /// Adds whatever of the demo data is missing, each office in one transaction of its own.
    /// Returns how many rows were added. Demo passwords are hashed with `passwordHasher`.
    @discardableResult
    public static func load(into database: Database, passwordHasher: PasswordHasher, today: CalendarDate = .today) async throws -> Int {
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
                for person in seed.users where try await transaction.user(id: person.user.id) == nil {
                    try await transaction.insertUser(person.user, passwordHash: try await passwordHasher.hash(password))
                    for role in person.roles { try await transaction.insertRoleAssignment(role) }
                    count += 1 + person.roles.count
                }
                // An invented prefix (real ones are registered with the Open Contracting
                // Partnership), so the demo's open-contracting feed answers from the start.
                if try await transaction.ocidPrefix() == nil {
                    try await transaction.setOCIDPrefix(seed.office.id == jamtland.office.id ? "ocds-demo01" : "ocds-demo02")
                }
                if seed.office.id == jamtland.office.id {
                    count += try await loadPooling(
                        jamtlandPooling(today: today), createdBy: id("user/upphandlare@jamtland.example"), in: transaction)
                    count += try await loadCommittee(jamtlandCommittee(today: today), in: transaction)
                    count += try await loadContracts(
                        jamtlandContracts(today: today), createdBy: id("user/upphandlare@jamtland.example"), in: transaction)
                    count += try await loadSpend(jamtlandSpend(today: today), in: transaction)
                } else {
                    count += try await loadPooling(
                        mittnorrPooling(today: today), createdBy: id("user/admin@mittnorr.example"), in: transaction)
                    count += try await loadCommittee(mittnorrCommittee(today: today), in: transaction)
                    count += try await loadContracts(
                        mittnorrContracts(today: today), createdBy: id("user/admin@mittnorr.example"), in: transaction)
                    count += try await loadSpend(mittnorrSpend(today: today), in: transaction)
                }
                return count
            }
        }
        return added
    }
}
