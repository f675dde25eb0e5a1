import ArgumentParser
import Foundation
import LocalPostgres
import Logging
import Postgres
import Procurement
import Store

extension BenchCommand {
    /// `samverkan bench compliance`: five years of spend for many members through the import,
    /// then the compliance report and the leakage list against the same aggregate computed
    /// from the lines without the rollup.
    struct Compliance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill five years of spend for many members, then time the compliance report against the lines without the rollup.",
            discussion: """
                Members of the benchmark offices without spend get a generated export each, imported \
                through the platform's import (a second run measures what is there). Then, for the \
                first office's busiest member: spend_compliance() as its coordinator and, for every \
                member, as the office's controller; the leakage list; each against the same aggregate \
                from spend_lines by a role that bypasses row-level security. Needs data from \
                `samverkan bench generate`.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Lines of spend per member (five years).")
        var linesPerMember: Int = 100_000

        @Option(help: "Members to fill, the busiest first, office by office.")
        var members: Int = 40

        @Option(help: "Members per office at most, so that the spend spreads over the offices (default: no limit).")
        var perOffice: Int?

        @Option(help: "Timed runs of each query.")
        var runs: Int = 20

        @Option(help: "Seed of the generator.")
        var seed: UInt64 = 2026

        @Option(help: ArgumentHelp("Also write every figure as JSON to this file.", valueName: "file"))
        var json: String?

        @Option(name: .customLong("bypass-database-url"), help: ArgumentHelp(
            "A role that bypasses row-level security, for the baseline. Default with the private cluster: its superuser; else the baseline is skipped.",
            valueName: "url"))
        var bypassDatabaseURL: String?

        func validate() throws {
            guard (1...5_000_000).contains(linesPerMember) else { throw ValidationError("--lines-per-member must be 1 to 5000000") }
            guard (1...10_000).contains(members) else { throw ValidationError("--members must be 1 to 10000") }
            if let perOffice, perOffice < 1 { throw ValidationError("--per-office must be at least 1") }
            guard (1...1_000).contains(runs) else { throw ValidationError("--runs must be 1 to 1000") }
        }

        func run() async throws {
            Log.bootstrap()
            let logger = Logger(label: "samverkan")
            let target = database.target(environment: ProcessInfo.processInfo.environment)
            let figures: [Figure]
            do {
                figures = try await database.withDatabase(logger: logger) { application, _ in
                    let bypass: PostgresConfiguration? = switch target {
                    case .local: application.with(user: LocalCluster.superuser)
                    case .external: bypassDatabaseURL.map { PostgresConfiguration(connectionString: $0) }
                    }
                    let pool = PostgresPool(configuration: application, maxConnections: 2, logger: logger)
                    do {
                        let figures = try await Self.measure(
                            store: Database(pool: pool, statementTimeout: .zero), bypass: bypass, logger: logger,
                            linesPerMember: linesPerMember, members: members, perOffice: perOffice, runs: runs, seed: seed,
                            say: { print($0) })
                        await pool.close()
                        return figures
                    } catch {
                        await pool.close()
                        throw error
                    }
                }
            } catch {
                throw CLIError.describing(error)
            }
            Figure.printTable(figures)
            print("baselines: compliance.* against the same aggregate from spend_lines and spend_invoices (no rollup) as a role that bypasses row-level security; rows.* are counts, not timings")
            if let json { Figure.write(figures, to: json) }
        }

        struct Member { var officeID: UUID; var organisationID: UUID; var filled: Bool }

        static func measure(
            store: Database, bypass: PostgresConfiguration?, logger: Logger,
            linesPerMember: Int, members wanted: Int, perOffice: Int? = nil, runs: Int, seed: UInt64, say: (String) -> Void
        ) async throws -> [Figure] {
            let offices = try await store.transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
                .filter { $0.slug.hasPrefix(BenchmarkData.slugPrefix) }.sorted { $0.slug < $1.slug }
            guard !offices.isEmpty else { throw CLIError("no benchmark data here: run `samverkan bench generate` first") }
            var members: [Member] = []
            for office in offices where members.count < wanted {
                members += try await store.transaction(as: .system(of: office.id), readOnly: true) { transaction in
                    try await transaction.query("""
                        SELECT o.id, EXISTS (SELECT FROM spend_imports i WHERE i.organisation_id = o.id) FROM organisations o
                         ORDER BY (SELECT count(*) FROM contract_parties p WHERE p.organisation_id = o.id) DESC, o.id
                         LIMIT \(min(wanted - members.count, perOffice ?? wanted))
                        """).map { Member(officeID: office.id, organisationID: try $0.decode(0), filled: try $0.decode(1)) }
                }
            }
            let today = CalendarDate.today
            let from = today.adding(months: -60)!
            var figures: [Figure] = []

            // Fill: one import per member, as the office's system, as a member's file would come.
            let empty = members.filter { !$0.filled }
            if !empty.isEmpty {
                say("filling \(empty.count) of \(members.count) members with \(linesPerMember) lines each (five years)")
                let fillStarted = ContinuousClock.now
                for (index, member) in empty.enumerated() {
                    let started = ContinuousClock.now
                    let summary = try await store.transaction(as: .system(of: member.officeID)) { transaction in
                        let source = try await BenchmarkData.spendSource(organisationID: member.organisationID, in: transaction)
                        let csv = BenchmarkData.spendCSV(
                            source, lines: linesPerMember, seed: seed &+ 1_000 &+ UInt64(index), from: from, to: today,
                            invoicePrefix: "C\(seed)-")
                        return try await transaction.importSpend(
                            organisationID: member.organisationID, files: [SpendFileUpload(name: "leverantorsreskontra.csv", bytes: csv)],
                            importedBy: nil)
                    }
                    let elapsed = Import.seconds(ContinuousClock.now - started)
                    say("  \(index + 1)/\(empty.count): \(summary.linesAdded) lines in \(String(format: "%.1f", elapsed)) s")
                }
                let elapsed = Import.seconds(ContinuousClock.now - fillStarted)
                figures.append(Figure(name: "fill.throughput", value: Double(empty.count * linesPerMember) / elapsed, unit: "lines/s", baseline: nil))
            }

            // Who asks: the first office's busiest member's coordinator, and the office's controller.
            let target = members[0]
            let office = target.officeID
            let (coordinator, controller) = try await store.transaction(as: .system(of: office), readOnly: true) { transaction in
                let coordinator: UUID? = try await transaction.query("""
                    SELECT user_id FROM role_assignments WHERE role = 'coordinator' AND organisation_id = \(target.organisationID) ORDER BY id LIMIT 1
                    """).first?.decode(0)
                let controller: UUID? = try await transaction.query(
                    "SELECT user_id FROM role_assignments WHERE role = 'controller' ORDER BY id LIMIT 1").first?.decode(0)
                return (coordinator, controller)
            }
            guard let coordinator, let controller else { throw CLIError("the benchmark office has no coordinator or controller") }
            let asCoordinator = Identity(officeID: office, organisationID: target.organisationID, userID: coordinator, acting: .role(.coordinator))
            let asController = Identity(officeID: office, userID: controller, acting: .role(.controller))

            func time(runs: Int = runs, warmups: Int = 2, _ body: () async throws -> Void) async throws -> (median: Double, p95: Double) {
                for _ in 0..<warmups { try await body() }
                var samples: [Double] = []
                for _ in 0..<runs {
                    let started = ContinuousClock.now
                    try await body()
                    samples.append(Import.seconds(ContinuousClock.now - started) * 1_000)
                }
                samples.sort()
                return (samples[samples.count / 2], samples[min(samples.count - 1, Int(Double(samples.count) * 0.95))])
            }

            var memberCells: [ComplianceCell] = []
            var officeCells: [ComplianceCell] = []
            let memberReport = try await time {
                memberCells = try await store.transaction(as: asCoordinator, readOnly: true) {
                    try await $0.compliance(from: from, to: today, organisationID: target.organisationID)
                }
            }
            let officeReport = try await time {
                officeCells = try await store.transaction(as: asController, readOnly: true) {
                    try await $0.compliance(from: from, to: today, organisationID: nil)
                }
            }
            let memberLeakage = try await time {
                _ = try await store.transaction(as: asCoordinator, readOnly: true) {
                    try await $0.supplierSpend(from: from, to: today, organisationID: target.organisationID, offContractOnly: true, limit: 50)
                }
            }
            // Office-wide, the leakage list tests every rollup row against every member's contract
            // terms: once, and given up after a minute rather than holding the run for long.
            var officeLeakage: (median: Double, p95: Double)?
            do {
                officeLeakage = try await time(runs: 1, warmups: 0) {
                    _ = try await store.transaction(as: asController, readOnly: true) {
                        try await $0.query("SELECT set_config('statement_timeout', '60s', true)")
                        return try await $0.supplierSpend(from: from, to: today, organisationID: nil, offContractOnly: true, limit: 50)
                    }
                }
            } catch let error as PostgresError {
                say("the office-wide leakage list did not answer within 60 s: \(error.description)")
            }

            var memberBaseline: (median: Double, p95: Double)?
            var officeBaseline: (median: Double, p95: Double)?
            if let bypass {
                try await bypass.withConnection(logger: logger) { connection in
                    let counts = try await connection.query("""
                        SELECT (SELECT count(*) FROM spend_lines), (SELECT count(*) FROM spend_months), (SELECT count(*) FROM spend_invoices),
                               (SELECT count(*) FROM spend_lines WHERE office_id = \(office)),
                               (SELECT count(*) FROM spend_lines WHERE office_id = \(office) AND organisation_id = \(target.organisationID)),
                               (SELECT count(*) FROM spend_months WHERE office_id = \(office) AND organisation_id = \(target.organisationID)),
                               (SELECT count(DISTINCT organisation_id) FROM spend_invoices)
                        """).single!
                    let names = ["rows.spend_lines", "rows.spend_months", "rows.spend_invoices", "rows.office_spend_lines",
                                 "rows.member_spend_lines", "rows.member_spend_months", "rows.members_with_spend"]
                    for (index, name) in names.enumerated() {
                        figures.append(Figure(name: name, value: Double(try counts.decode(index, as: Int.self)), unit: "rows", baseline: nil))
                    }
                    var memberTotal = Money.zero, officeTotal = Money.zero
                    memberBaseline = try await time {
                        memberTotal = try await linesTotal(connection, office: office, organisationID: target.organisationID, from: from, to: today)
                    }
                    officeBaseline = try await time {
                        officeTotal = try await linesTotal(connection, office: office, organisationID: nil, from: from, to: today)
                    }
                    let rollupMember = memberCells.reduce(Money.zero) { $0 + $1.figures.total }
                    let rollupOffice = officeCells.reduce(Money.zero) { $0 + $1.figures.total }
                    say("the rollup and the lines agree: member \(rollupMember == memberTotal ? "yes" : "NO (\(rollupMember.decimalString) vs \(memberTotal.decimalString))"), office \(rollupOffice == officeTotal ? "yes" : "NO (\(rollupOffice.decimalString) vs \(officeTotal.decimalString))")")
                }
            } else {
                say("no role that bypasses row-level security (--bypass-database-url): no baseline and no row counts")
            }
            say("measured: member \(target.organisationID.text) of office \(office.text), \(memberCells.count) report cells; office-wide \(officeCells.count) cells; \(runs) runs each")
            figures.append(Figure(name: "compliance.member.median", value: memberReport.median, unit: "ms", baseline: memberBaseline?.median))
            figures.append(Figure(name: "compliance.member.p95", value: memberReport.p95, unit: "ms", baseline: memberBaseline?.p95))
            figures.append(Figure(name: "compliance.office.median", value: officeReport.median, unit: "ms", baseline: officeBaseline?.median))
            figures.append(Figure(name: "compliance.office.p95", value: officeReport.p95, unit: "ms", baseline: officeBaseline?.p95))
            figures.append(Figure(name: "leakage.member.median", value: memberLeakage.median, unit: "ms", baseline: nil))
            figures.append(Figure(name: "leakage.member.p95", value: memberLeakage.p95, unit: "ms", baseline: nil))
            figures.append(Figure(name: "leakage.office.once", value: officeLeakage?.median ?? 60_000, unit: officeLeakage == nil ? "ms (timed out)" : "ms", baseline: nil))
            return figures
        }

        /// spend_compliance()'s aggregate computed from the lines, without the rollup, with the
        /// filters the policies and the function add written out; the total of its cells.
        static func linesTotal(
            _ connection: PostgresConnection, office: UUID, organisationID: UUID?, from: CalendarDate, to: CalendarDate
        ) async throws -> Money {
            let rows = try await connection.query("""
                WITH wanted AS (
                    SELECT coalesce(array_agg(o.id), '{}') AS ids FROM organisations o
                     WHERE o.office_id = \(office)::uuid AND (\(organisationID)::uuid IS NULL OR o.id = \(organisationID)::uuid)
                ), terms AS (
                    SELECT DISTINCT p.organisation_id, left(c.cpv, 3) AS cpv_group, c.start_on,
                           contract_current_end(c.office_id, c.id) AS end_on
                      FROM contracts c
                      JOIN contract_parties p ON p.office_id = c.office_id AND p.contract_id = c.id
                      JOIN contract_suppliers cs ON cs.office_id = c.office_id AND cs.contract_id = c.id
                     WHERE c.office_id = \(office) AND c.activated_at IS NOT NULL AND p.organisation_id = ANY ((SELECT ids FROM wanted)::uuid[])
                ), sums AS (
                    SELECT l.organisation_id, date_trunc('month', i.invoice_date)::date AS month, coalesce(l.cpv_group, '') AS cpv_group,
                           (l.contract_id IS NOT NULL) AS matched, sum(l.amount) AS amount
                      FROM spend_lines l
                      JOIN spend_invoices i ON i.office_id = l.office_id AND i.id = l.invoice_id
                     WHERE l.office_id = \(office) AND l.organisation_id = ANY ((SELECT ids FROM wanted)::uuid[]) AND i.currency = 'SEK'
                       AND i.invoice_date >= date_trunc('month', \(from)::date) AND date_trunc('month', i.invoice_date) <= \(to)::date
                     GROUP BY 1, 2, 3, 4
                )
                SELECT s.organisation_id, s.month, s.cpv_group, sum(s.amount),
                       coalesce(sum(s.amount) FILTER (WHERE s.matched OR EXISTS (
                           SELECT FROM terms t WHERE t.organisation_id = s.organisation_id AND t.cpv_group = s.cpv_group
                              AND t.start_on <= (s.month + interval '1 month' - interval '1 day')::date AND t.end_on >= s.month)), 0),
                       coalesce(sum(s.amount) FILTER (WHERE s.matched), 0)
                  FROM sums s
                 GROUP BY 1, 2, 3
                 ORDER BY 2, 1, 3
                """)
            return try rows.reduce(Money.zero) { $0 + (try $1.decode(3, as: Money.self)) }
        }
    }
}
