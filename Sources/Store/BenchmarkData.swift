import Foundation
import Postgres
import Procurement

/// The benchmark data set: every office of Sweden, or two of them, filled with a seeded,
/// reproducible mix of organisations, people, suppliers, tenders, contracts, needs and
/// committee meetings, so the platform's hot paths can be measured at the scale it is meant for.
///
/// Volume goes in through the platform's bulk path: rows are streamed with COPY into a
/// transaction's temporary staging table (COPY FROM is refused on tables with row-level
/// security), then `INSERT … SELECT` moves them into the real table as the office's system
/// identity, so every policy, constraint, guard trigger and the audit chain apply exactly as
/// they do to the application. Transactions stay small (one batch of one table): the audit
/// chain's head row is updated once per row, and a long transaction would make every update
/// walk the versions it left behind.
public enum BenchmarkData {
    public enum Scale: String, CaseIterable, Sendable {
        case small, national

        public var shape: Shape {
            switch self {
            case .small:
                Shape(offices: 2, companies: 30, usersPerOffice: 150, suppliersPerOffice: 200,
                      contractsPerOffice: 500, needsPerOffice: 200, meetingsPerOffice: 4)
            case .national:
                // ~20 offices, 290 municipalities, 21 regions, ~1 700 companies, 20 000 users,
                // 100 000 contracts: the issue's picture of all of Sweden on one PostgreSQL.
                Shape(offices: 20, companies: 1_700, usersPerOffice: 1_000, suppliersPerOffice: 1_500,
                      contractsPerOffice: 5_000, needsPerOffice: 2_000, meetingsPerOffice: 12)
            }
        }
    }

    public struct Shape: Sendable, Equatable {
        public var offices: Int
        public var companies: Int
        public var usersPerOffice: Int
        public var suppliersPerOffice: Int
        public var contractsPerOffice: Int
        public var needsPerOffice: Int
        public var meetingsPerOffice: Int
        public var agendaItemsPerMeeting = 8
    }

    /// The slug every generated office's starts with, so a second run can tell.
    public static let slugPrefix = "bench-"

    /// Rows written, per table.
    public struct Report: Sendable {
        public var rows: [(table: String, count: Int)] = []
        mutating func add(_ table: String, _ count: Int) {
            if let index = rows.firstIndex(where: { $0.table == table }) { rows[index].count += count } else { rows.append((table, count)) }
        }
    }

    public enum Problem: Error, CustomStringConvertible {
        case alreadyGenerated
        public var description: String {
            "this database holds benchmark offices already (slugs \(BenchmarkData.slugPrefix)…): generate into a fresh database"
        }
    }

    /// Fills `database` with the data set of `scale`; the same seed gives the same rows (dates
    /// are counted from `today`, so contracts run and checks are valid whenever it is made).
    public static func generate(
        into database: Database, scale: Scale, seed: UInt64, today: CalendarDate = .today,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Report {
        let existing = try await database.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        if existing.contains(where: { $0.slug.hasPrefix(slugPrefix) }) { throw Problem.alreadyGenerated }
        let (municipalities, cpv) = try await database.transaction(as: .anonymous, readOnly: true) { transaction in
            let municipalities = try await transaction.query(
                "SELECT kommunkod, name, county_code, county_name FROM municipalities ORDER BY kommunkod"
            ).map { row in
                Municipality(code: try row.decode(0), name: try row.decode(1), countyCode: try row.decode(2), countyName: try row.decode(3))
            }
            // Eight-digit codes below the division level (XX000000) are what contracts carry.
            let cpv = try await transaction.query(
                "SELECT code, label_sv FROM cpv_codes WHERE substr(code, 3, 6) <> '000000' ORDER BY code"
            ).map { row in (code: try row.decode(0, as: String.self), label: try row.decode(1, as: String.self)) }
            return (municipalities, cpv)
        }
        var plan = Planner(shape: scale.shape, seed: seed, today: today, municipalities: municipalities, cpv: cpv)
        var report = Report()
        for office in plan.offices() {
            progress("office \(office.slug): \(office.name)")
            try await plan.fill(office, into: database, report: &report)
        }
        return report
    }

    struct Municipality: Sendable {
        var code: String
        var name: String
        var countyCode: String
        var countyName: String
    }

    /// Streams `rows` into `table` through a temporary staging table and moves them in with
    /// `INSERT … SELECT`, so row-level security checks each one as the transaction's identity.
    /// Table and column names are chosen by the generator, never by input.
    static func bulkInsert(
        _ transaction: Transaction, table: String, columns: [String], rows: [[String?]]
    ) async throws {
        guard !rows.isEmpty else { return }
        let staging = "stage_" + table
        try await transaction.query(
            "CREATE TEMPORARY TABLE \(identifier: staging) (LIKE \(identifier: table) INCLUDING DEFAULTS) ON COMMIT DROP")
        try await transaction.connection.copyIn(table: staging, columns: columns) { writer in
            for row in rows { try await writer.append(row) }
        }
        let list = columns.map(PostgresQuery.quoteIdentifier).joined(separator: ", ")
        // The staging table's row order is the order the rows were made in; keeping it keeps
        // the audit trail's order reproducible too.
        try await transaction.query(
            "INSERT INTO \(identifier: table) (\(fragment: PostgresQuery(stringLiteral: list))) SELECT \(fragment: PostgresQuery(stringLiteral: list)) FROM \(identifier: staging)")
    }
}

extension BenchmarkData {
    /// Decides every row from the seed, office by office.
    struct Planner {
        let shape: Shape
        var random: SplitMix64
        let today: CalendarDate
        let municipalities: [Municipality]
        let cpv: [(code: String, label: String)]
        let batch = 250

        init(shape: Shape, seed: UInt64, today: CalendarDate, municipalities: [Municipality], cpv: [(code: String, label: String)]) {
            self.shape = shape
            self.random = SplitMix64(seed: seed)
            self.today = today
            self.municipalities = municipalities
            self.cpv = cpv
        }

        struct OfficePlan {
            var index: Int
            var id: UUID
            var slug: String
            var name: String
            var counties: [String]
            var municipalities: [Municipality]
            var companies: Int
            var companySerial: Int
        }

        /// One office per county (the 21 regions), Gotland's with Kalmar's so there are 20, as in
        /// the issue; the small scale takes the first two. Companies are shared out by the
        /// number of municipalities.
        mutating func offices() -> [OfficePlan] {
            var counties: [[Municipality]] = []
            for municipality in municipalities {
                if let last = counties.last?.first, last.countyCode == municipality.countyCode {
                    counties[counties.count - 1].append(municipality)
                } else {
                    counties.append([municipality])
                }
            }
            var groups: [[[Municipality]]] = counties.map { [$0] }
            if let gotland = groups.firstIndex(where: { $0[0][0].countyCode == "09" }), gotland > 0, groups.count > shape.offices {
                groups[gotland - 1] += groups[gotland]
                groups.remove(at: gotland)
            }
            groups = Array(groups.prefix(shape.offices))
            let total = groups.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
            var companySerial = 0
            return groups.enumerated().map { index, group in
                let all = group.flatMap { $0 }
                let name = group.map { $0[0].countyName.replacingOccurrences(of: " län", with: "") }.joined(separator: " och ")
                let companies = index == groups.count - 1
                    ? shape.companies - companySerial
                    : shape.companies * all.count / max(total, 1)
                defer { companySerial += companies }
                return OfficePlan(
                    index: index, id: random.uuid(), slug: BenchmarkData.slugPrefix + group.map(\.[0].countyCode).joined(separator: "-"),
                    name: "Upphandlingssamverkan \(name) (bench)", counties: group.map(\.[0].countyName),
                    municipalities: all, companies: companies, companySerial: companySerial)
            }
        }

        // MARK: Names

        static let firstNames = ["Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Malin",
                                 "Lars", "Mikael", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Jan", "Thomas",
                                 "Elin", "Linnea", "Hanna", "Ida", "Oskar", "Axel", "Nils", "Gustav", "Frida", "Maja"]
        static let lastNames = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
                                "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
                                "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
                                "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Mattsson"]
        static let companyKinds = ["Energi AB", "Bostäder AB", "Vatten AB", "Fastigheter AB", "Hamn AB", "Stadsnät AB",
                                   "Renhållning AB", "Turism AB", "Parkering AB", "Kommunföretag AB"]
        static let supplierWords = ["Nordic", "Svensk", "Norrlands", "Mälardalens", "Skandinavisk", "Bygg", "Data",
                                    "Livs", "Miljö", "Kontors", "Fordons", "Vård", "Tele", "Städ", "Kraft", "Skog"]
        static let supplierKinds = ["AB", "Handel AB", "Service AB", "Partner AB", "Leverans AB", "Gruppen AB"]

        mutating func personName() -> String { "\(random.pick(Self.firstNames)) \(random.pick(Self.lastNames))" }

        /// Invented, Luhn-valid, and plainly so: `99999` in digits 2–6 (as the demo's). A
        /// group digit gives 1 000 numbers.
        static func organisationNumber(group: Int, serial: Int) -> String {
            DemoData.organisationNumber(group: group, serial: serial).digits
        }

        static func money(_ ore: Int) -> String { "\(ore / 100).\(String(format: "%02d", ore % 100))" }
        func date(_ offset: Int) -> String { today.adding(days: offset)!.iso }
        func instant(_ offset: Int, hour: Int = 12) -> String { "\(date(offset)) \(String(format: "%02d", hour)):00:00+00" }
    }
}
