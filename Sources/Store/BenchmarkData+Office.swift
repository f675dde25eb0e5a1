import Foundation
import Postgres
import Procurement

extension BenchmarkData.Planner {
    struct Organisation {
        var id: UUID
        var kind: String
        var name: String
        var number: String
        var kommunkod: String?
        var population: Int?
        var coordinator: UUID? = nil
    }

    /// One office, table by table, in the order the foreign keys need.
    mutating func fill(_ office: OfficePlan, into database: Database, report: inout BenchmarkData.Report) async throws {
        let identity = Identity.system(of: office.id)
        try await database.transaction(as: identity) { transaction in
            try await transaction.insertOffice(Office(id: office.id, slug: office.slug, name: office.name, casePrefix: "UK"))
        }
        report.add("offices", 1)

        // Organisations: the office's municipalities (real codes and names, invented numbers and
        // populations), its region(s) and its municipal companies.
        var organisations: [Organisation] = []
        for municipality in office.municipalities {
            let serial = municipalities.firstIndex { $0.code == municipality.code }!
            organisations.append(Organisation(
                id: random.uuid(), kind: "municipality", name: "\(municipality.name) kommun",
                number: Self.organisationNumber(group: 2, serial: serial), kommunkod: municipality.code,
                population: random.int(25...1_000) * 100))
        }
        for (index, county) in office.counties.enumerated() {
            let countyIndex = Set(municipalities.map(\.countyCode)).sorted().firstIndex(of: office.municipalities.first { $0.countyName == county }!.countyCode)!
            organisations.append(Organisation(
                id: random.uuid(), kind: "region", name: "Region " + county.replacingOccurrences(of: " län", with: ""),
                number: Self.organisationNumber(group: 2, serial: 300 + countyIndex), population: nil))
            _ = index
        }
        for company in 0..<office.companies {
            let serial = office.companySerial + company
            let owner = office.municipalities[company % office.municipalities.count]
            let kind = Self.companyKinds[(company / office.municipalities.count) % Self.companyKinds.count]
            let round = company / (office.municipalities.count * Self.companyKinds.count)
            organisations.append(Organisation(
                id: random.uuid(), kind: "municipal_company",
                name: "\(owner.name) \(kind)" + (round > 0 ? " \(round + 1)" : ""),
                number: Self.organisationNumber(group: serial < 1_000 ? 5 : 7, serial: serial % 1_000), population: nil))
        }
        let memberFrom = date(-random.int(365...3_650))
        try await inBatches(organisations, table: "organisations",
                            columns: ["office_id", "id", "kind", "name", "organisation_number", "kommunkod", "population", "member_from"],
                            identity: identity, database: database, report: &report) { org in
            [office.id.text, org.id.text, org.kind, org.name, org.number, org.kommunkod, org.population.map(String.init), memberFrom]
        }

        // People: the office's staff, a coordinator for every member, committee seats for the
        // municipalities and regions, and orderers and viewers up to the office's head count.
        var users: [(id: UUID, email: String, name: String)] = []
        var roles: [(id: UUID, user: UUID, role: String, organisation: UUID?)] = []
        func person(_ role: String, _ organisation: UUID?, _ handle: String) -> UUID {
            let id = random.uuid()
            let name = personName()
            let email = "\(handle).\(users.count + 1)@\(office.slug).example"
            users.append((id, email, name))
            roles.append((random.uuid(), id, role, organisation))
            return id
        }
        let administrator = person("administrator", nil, "admin")
        var procurers: [UUID] = []
        for _ in 0..<max(2, shape.usersPerOffice / 60) { procurers.append(person("procurer", nil, "upphandlare")) }
        for _ in 0..<max(1, shape.usersPerOffice / 150) { _ = person("controller", nil, "controller") }
        for index in organisations.indices {
            organisations[index].coordinator = person("coordinator", organisations[index].id, "samordnare")
        }
        var seats: [(organisation: UUID, member: UUID, substitute: UUID)] = []
        for org in organisations where org.kind != "municipal_company" {
            let member = person(seats.isEmpty ? "committee_chair" : "committee_member", org.id, "ledamot")
            let substitute = person("committee_substitute", org.id, "ersattare")
            seats.append((org.id, member, substitute))
        }
        while users.count < shape.usersPerOffice {
            let org = random.pick(organisations)
            _ = random.chance(0.85) ? person("orderer", org.id, "bestallare") : person("viewer", org.id, "lasare")
        }
        _ = administrator
        try await inBatches(users, table: "users", columns: ["office_id", "id", "email", "name"],
                            identity: identity, database: database, report: &report) { user in
            [office.id.text, user.id.text, user.email, user.name]
        }
        try await inBatches(roles, table: "role_assignments", columns: ["office_id", "id", "user_id", "role", "organisation_id"],
                            identity: identity, database: database, report: &report) { role in
            [office.id.text, role.id.text, role.user.text, role.role, role.organisation?.text]
        }

        // The committee: one term around today, a member and a substitute for each municipality
        // and region, the first member presiding.
        let termID = random.uuid()
        try await inBatches([termID], table: "committee_terms", columns: ["office_id", "id", "name", "starts_on", "ends_on"],
                            identity: identity, database: database, report: &report) { id in
            [office.id.text, id.text, "Mandatperioden \(today.year - 1)–\(today.year + 2)", date(-400), date(1_000)]
        }
        var mandates: [[String?]] = []
        for (index, seat) in seats.enumerated() {
            mandates.append([office.id.text, random.uuid().text, termID.text, seat.organisation.text, seat.member.text, "member", nil, index == 0 ? "chair" : nil])
            mandates.append([office.id.text, random.uuid().text, termID.text, seat.organisation.text, seat.substitute.text, "substitute", "1", nil])
        }
        try await inBatches(mandates, table: "committee_mandates",
                            columns: ["office_id", "id", "term_id", "organisation_id", "user_id", "position", "substitute_rank", "presiding"],
                            identity: identity, database: database, report: &report) { $0 }

        // Suppliers, with the three checks a contract needs, passed and valid for a year.
        var suppliers: [UUID] = []
        var supplierRows: [[String?]] = []
        var checkRows: [[String?]] = []
        for serial in random.sample(shape.suppliersPerOffice, below: 6_000) {
            let id = random.uuid()
            suppliers.append(id)
            let group = [1, 3, 4, 6, 8, 9][serial / 1_000]
            let name = "\(Self.supplierWords[serial % Self.supplierWords.count]) \(Self.lastNames[(serial / 16) % Self.lastNames.count]) \(Self.supplierKinds[serial % Self.supplierKinds.count])"
            supplierRows.append([office.id.text, id.text, name, "SE", Self.organisationNumber(group: group, serial: serial % 1_000)])
            let checkedOn = -random.int(10...200)
            for kind in ["f_tax", "taxes_and_debts", "exclusion_grounds"] {
                checkRows.append([office.id.text, random.uuid().text, id.text, kind, date(checkedOn), date(checkedOn + 365), "passed", random.pick(procurers).text])
            }
            if random.chance(0.3) {
                checkRows.append([office.id.text, random.uuid().text, id.text, "financial_standing", date(checkedOn), date(checkedOn + 365),
                                  random.chance(0.9) ? "passed" : "failed", random.pick(procurers).text])
            }
        }
        try await inBatches(supplierRows, table: "suppliers", columns: ["office_id", "id", "name", "country", "national_id"],
                            identity: identity, database: database, report: &report) { $0 }
        try await inBatches(checkRows, table: "supplier_checks",
                            columns: ["office_id", "id", "supplier_id", "kind", "checked_on", "valid_until", "result", "checked_by"],
                            identity: identity, database: database, report: &report) { $0 }

        try await fillContracts(office, organisations: organisations, suppliers: suppliers, procurers: procurers,
                                identity: identity, database: database, report: &report)
        try await fillNeedsAndCommittee(office, organisations: organisations, procurers: procurers, termID: termID,
                                        identity: identity, database: database, report: &report)
    }

    /// Writes `items` in transactions of `batch` rows each.
    func inBatches<T>(
        _ items: [T], table: String, columns: [String], identity: Identity, database: Database,
        report: inout BenchmarkData.Report, row: (T) -> [String?]
    ) async throws {
        var start = 0
        while start < items.count {
            let rows = items[start..<min(start + batch * 4, items.count)].map(row)
            try await database.transaction(as: identity) { transaction in
                try await BenchmarkData.bulkInsert(transaction, table: table, columns: columns, rows: rows)
            }
            start += rows.count
        }
        report.add(table, items.count)
    }
}

extension UUID {
    /// As PostgreSQL prints it.
    var text: String { uuidString.lowercased() }
}
