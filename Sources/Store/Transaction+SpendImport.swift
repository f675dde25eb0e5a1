import Foundation
import Postgres
import Procurement
import SpendFiles

/// One file of an import: its name as the user knows it, its bytes and, for a CSV whose
/// headers are not recognised, the columns to read.
public struct SpendFileUpload: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public var mapping: CSVColumnMapping

    public init(name: String, bytes: [UInt8], mapping: CSVColumnMapping = .automatic) {
        self.name = name
        self.bytes = bytes
        self.mapping = mapping
    }
}

/// What an import added. Invoices already stored with the same lines are skipped, so the same
/// file twice adds nothing the second time (and records no import).
public struct SpendImportSummary: Sendable, Equatable, Codable {
    public var importID: UUID?
    public var files: [File]
    public var invoicesAdded: Int
    public var invoicesSkipped: Int
    public var linesAdded: Int
    /// Added spend in kronor, excluding VAT.
    public var amountSEK: Money
    /// The part of `amountSEK` that matched a contract.
    public var matchedSEK: Money
    /// Added spend in other currencies, kept as invoiced and not converted.
    public var otherCurrencies: [String: Money]

    public struct File: Sendable, Equatable, Codable {
        public var name: String
        public var format: SpendFileFormat
        public var lines: Int
    }
}

/// Why an import was refused. Nothing of a refused import is kept.
public enum SpendImportError: Error, Equatable, Sendable {
    /// A file could not be read: the reader says where and why.
    case unreadable(file: String, SpendFileError)
    /// One invoice in two files of the import.
    case invoiceInTwoFiles(number: String, supplier: String, first: String, second: String)
    /// The invoice is stored already, with other lines: a correction comes as a credit note.
    case invoiceConflicts(number: String, supplier: String, file: String, line: Int, importedOn: CalendarDate)
    /// A PEPPOL invoice addressed to another organisation than the one importing.
    case addressedElsewhere(file: String, buyer: String, organisation: String)
    case noFiles
    case unknownOrganisation
    /// The identity may not import this organisation's spend.
    case notAllowed
}

extension Transaction {
    /// Imports invoice files for one member organisation, all or nothing: each file is read
    /// (CSV or PEPPOL, recognised from its content) and streamed with COPY into a staging table
    /// (COPY FROM is refused on tables with row-level security); then invoices new to the
    /// member are moved in with `INSERT … SELECT` as the transaction's identity, their lines
    /// matched to the member's contracts, and the monthly rollup added to. Invoices stored
    /// already with the same lines are skipped; with other lines the import is refused.
    /// `stepEnded` is told the name of each step as it ends, for the benchmark: where the time goes.
    public func importSpend(
        organisationID: UUID, files: [SpendFileUpload], importedBy userID: UUID?,
        stepEnded: (String) -> Void = { _ in }
    ) async throws -> SpendImportSummary {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        guard !files.isEmpty else { throw SpendImportError.noFiles }
        guard let organisationNumber: String = try await query(
            "SELECT organisation_number FROM organisations WHERE id = \(organisationID)").single?.decode(0)
        else { throw SpendImportError.unknownOrganisation }
        guard try await query("SELECT imports_spend_for(\(organisationID))").single?.decode(0, as: Bool.self) == true else {
            throw SpendImportError.notAllowed
        }
        // A large file takes longer than a page's statement limit; it is still one transaction.
        try await query("SELECT set_config('statement_timeout', '900s', true)")
        // The grouping, joins and window of a large file sort every line; at the default 4 MB
        // they spill to disk.
        try await query("SELECT set_config('work_mem', '128MB', true)")
        // Several imports may share a transaction (the demo's): each starts from empty tables.
        try await query("DROP TABLE IF EXISTS pg_temp.spend_staging, pg_temp.staged_invoices, pg_temp.import_terms, pg_temp.import_categories, pg_temp.import_matches, pg_temp.import_lines")
        try await query("CREATE TEMPORARY TABLE spend_staging (\(fragment: PostgresQuery(stringLiteral: SpendStaging.definition))) ON COMMIT DROP")
        var summaryFiles: [SpendImportSummary.File] = []
        try await connection.copyIn(table: "spend_staging", columns: SpendStaging.columns) { writer in
            for (index, file) in files.enumerated() {
                var reader: SpendFileReader
                do throws(SpendFileError) { reader = try SpendFileReader(bytes: file.bytes, mapping: file.mapping) } catch {
                    throw SpendImportError.unreadable(file: file.name, error)
                }
                if let buyer = reader.document?.buyer.organisationNumber, buyer.digits != organisationNumber {
                    throw SpendImportError.addressedElsewhere(
                        file: file.name, buyer: buyer.formatted,
                        organisation: String(organisationNumber.prefix(6)) + "-" + String(organisationNumber.suffix(4)))
                }
                var lines = 0
                while true {
                    let next: SpendLine?
                    do throws(SpendFileError) { next = try reader.next() } catch { throw SpendImportError.unreadable(file: file.name, error) }
                    guard let line = next else { break }
                    try await writer.append(SpendStaging.row(line, fileNumber: index))
                    lines += 1
                }
                summaryFiles.append(.init(name: file.name, format: reader.format, lines: lines))
            }
        }
        stepEnded("read and COPY into staging")
        // Temporary tables are never analysed by autovacuum: without statistics the planner
        // takes a million lines for a few hundred and picks nested loops and spilling sorts.
        try await query("ANALYZE spend_staging")
        let importID = UUID()
        try await numberAndMatchLines(importID: importID, officeID: officeID, organisationID: organisationID, stepEnded: stepEnded)
        try await stageInvoices(files: files)
        stepEnded("group invoices")
        let skipped = try await skipStoredInvoices(organisationID: organisationID, files: files)
        stepEnded("skip stored invoices")
        let remaining: Int = try await query("SELECT count(*)::integer FROM staged_invoices").single?.decode(0) ?? 0
        guard remaining > 0 else {
            return SpendImportSummary(
                importID: nil, files: summaryFiles, invoicesAdded: 0, invoicesSkipped: skipped, linesAdded: 0,
                amountSEK: .zero, matchedSEK: .zero, otherCurrencies: [:])
        }
        return try await moveStagedSpend(
            importID: importID, officeID: officeID, organisationID: organisationID, files: summaryFiles, skipped: skipped,
            importedBy: userID, stepEnded: stepEnded)
    }

    /// Gives each staged line its category, its contract, its invoice's id and its own number,
    /// in `import_lines`, in the order of the invoices and of the lines in the files.
    ///
    /// Set-wise throughout: each (supplier, day, category) the lines have with a contracted
    /// supplier is matched once (tens of thousands instead of every line), and one sort numbers
    /// both the invoices and their lines. Nothing joins on the invoice's three-part key, whose
    /// join size the planner cannot estimate and then meets with nested loops.
    ///
    /// The invoices' ids are the import's id with its last twelve digits counting the invoices,
    /// not random: an import's invoices and lines then go to one place of each index, where
    /// random ids would touch a page of it per row (and at national scale the lines' index has
    /// tens of millions of entries). The import's id is random, so two imports' ids never meet.
    private func numberAndMatchLines(importID: UUID, officeID: UUID, organisationID: UUID, stepEnded: (String) -> Void) async throws {
        try await query("""
            CREATE TEMPORARY TABLE import_terms ON COMMIT DROP AS
            SELECT contract_id, supplier_key, cpv_group, start_on, end_on
              FROM spend_contract_terms(\(officeID), ARRAY[\(organisationID)]::uuid[])
            """)
        try await query("ANALYZE import_terms")
        stepEnded("contract terms")
        // A line's category: its CPV code's group, else its account's in the map (the member's
        // own row before the office's, the longest prefix first).
        try await query("""
            CREATE TEMPORARY TABLE import_categories ON COMMIT DROP AS
            SELECT p.account_key, p.cpv_key,
                   coalesce((SELECT left(c.code, 3) FROM cpv_codes c WHERE left(c.code, 8) = left(p.cpv_key, 8) LIMIT 1),
                            (SELECT left(m.cpv, 3) FROM spend_accounts m
                              WHERE (m.organisation_id = \(organisationID) OR m.organisation_id IS NULL)
                                AND left(p.account_key, length(m.account)) = m.account
                              ORDER BY m.organisation_id IS NULL, length(m.account) DESC LIMIT 1)) AS cpv_group
              FROM (SELECT DISTINCT coalesce(account, '') AS account_key, coalesce(cpv, '') AS cpv_key FROM spend_staging) p
            """)
        try await query("ANALYZE import_categories")
        stepEnded("categories")
        // The contract in force that day with the supplier, in the category (any, for a line
        // without one); of several, the latest started.
        try await query("""
            CREATE TEMPORARY TABLE import_matches ON COMMIT DROP AS
            SELECT DISTINCT ON (d.supplier_key, d.invoice_date, d.category)
                   d.supplier_key, d.invoice_date, d.category, t.contract_id, t.cpv_group
              FROM (SELECT DISTINCT g.supplier_key, g.invoice_date, coalesce(k.cpv_group, '') AS category
                      FROM spend_staging g
                      JOIN import_categories k ON k.account_key = coalesce(g.account, '') AND k.cpv_key = coalesce(g.cpv, '')
                     WHERE g.supplier_key IN (SELECT supplier_key FROM import_terms)) d
              JOIN import_terms t ON t.supplier_key = d.supplier_key AND d.invoice_date BETWEEN t.start_on AND t.end_on
                                 AND (d.category = '' OR d.category = t.cpv_group)
             ORDER BY d.supplier_key, d.invoice_date, d.category, t.start_on DESC, t.contract_id
            """)
        try await query("ANALYZE import_matches")
        stepEnded("match to contracts")
        try await query("""
            CREATE TEMPORARY TABLE import_lines ON COMMIT DROP AS
            SELECT (\(String(importID.uuidString.lowercased().prefix(24)))
                    || lpad(to_hex(dense_rank() OVER (ORDER BY g.supplier_key, g.number, g.kind)), 12, '0'))::uuid AS invoice_id,
                   row_number() OVER (PARTITION BY g.supplier_key, g.number, g.kind ORDER BY g.file_no, g.source_line)::integer
                       AS line_no,
                   g.file_no, g.source_line, g.supplier_key, g.supplier_name, g.number, g.kind, g.invoice_date, g.currency,
                   g.amount, g.account, g.cpv, g.text, m.contract_id, coalesce(k.cpv_group, m.cpv_group) AS cpv_group
              FROM spend_staging g
              JOIN import_categories k ON k.account_key = coalesce(g.account, '') AND k.cpv_key = coalesce(g.cpv, '')
              LEFT JOIN import_matches m ON m.supplier_key = g.supplier_key AND m.invoice_date = g.invoice_date
                                        AND m.category = coalesce(k.cpv_group, '')
            """)
        stepEnded("number lines")
    }

    /// One row per invoice of the import, with its digest; an invoice in two files is refused.
    private func stageInvoices(files: [SpendFileUpload]) async throws {
        try await query("""
            CREATE TEMPORARY TABLE staged_invoices ON COMMIT DROP AS
            SELECT invoice_id AS id, supplier_key, number, kind,
                   min(file_no) AS file_no, max(file_no) AS last_file_no, min(source_line) AS first_line,
                   max(supplier_name) AS supplier_name, min(invoice_date) AS invoice_date, min(currency) AS currency,
                   sum(amount) AS amount, count(*)::integer AS line_count,
                   md5(min(invoice_date)::text || '|' || min(currency) || E'\\n' || string_agg(
                       amount::text || '|' || coalesce(account, '') || '|' || coalesce(cpv, '') || '|' || coalesce(text, ''),
                       E'\\n' ORDER BY amount, account, cpv, text)) AS fingerprint
              FROM import_lines
             GROUP BY invoice_id, supplier_key, number, kind
            """)
        try await query("ANALYZE staged_invoices")
        if let row = try await query("""
            SELECT s.number, s.supplier_name, s.file_no, s.last_file_no,
                   (SELECT min(source_line) FROM import_lines l WHERE l.invoice_id = s.id AND l.file_no = s.file_no),
                   (SELECT min(source_line) FROM import_lines l WHERE l.invoice_id = s.id AND l.file_no = s.last_file_no)
              FROM staged_invoices s WHERE s.file_no <> s.last_file_no ORDER BY s.file_no, s.first_line LIMIT 1
            """).first {
            let first: Int = try row.decode(2), second: Int = try row.decode(3)
            throw SpendImportError.invoiceInTwoFiles(
                number: try row.decode(0), supplier: try row.decode(1),
                first: "\(files[first].name):\(try row.decode(4, as: Int.self))",
                second: "\(files[second].name):\(try row.decode(5, as: Int.self))")
        }
    }

    /// Drops the invoices the member has already, with the same lines, and their lines, and
    /// returns how many; one stored with other lines refuses the import.
    private func skipStoredInvoices(organisationID: UUID, files: [SpendFileUpload]) async throws -> Int {
        if let row = try await query("""
            SELECT s.number, s.supplier_name, s.file_no, s.first_line, (i.imported_at AT TIME ZONE 'Europe/Stockholm')::date
              FROM staged_invoices s
              JOIN (SELECT si.supplier_key, si.number, si.kind::text AS kind, si.fingerprint, imp.imported_at
                      FROM spend_invoices si
                      JOIN spend_imports imp ON imp.office_id = si.office_id AND imp.id = si.import_id
                     WHERE si.organisation_id = \(organisationID)) i
                ON i.supplier_key = s.supplier_key AND i.number = s.number AND i.kind = s.kind
             WHERE i.fingerprint <> s.fingerprint
             ORDER BY s.file_no, s.first_line LIMIT 1
            """).first {
            throw SpendImportError.invoiceConflicts(
                number: try row.decode(0), supplier: try row.decode(1), file: files[try row.decode(2, as: Int.self)].name,
                line: try row.decode(3), importedOn: try row.decode(4))
        }
        let deleted = try await query("""
            DELETE FROM staged_invoices s USING spend_invoices i
             WHERE i.organisation_id = \(organisationID) AND i.supplier_key = s.supplier_key AND i.number = s.number
               AND i.kind::text = s.kind
            RETURNING 1
            """)
        if !deleted.isEmpty {
            try await query("DELETE FROM import_lines l WHERE NOT EXISTS (SELECT FROM staged_invoices s WHERE s.id = l.invoice_id)")
        }
        return deleted.count
    }

    /// Moves the staged invoices and their lines in, adds to the monthly rollup, and records
    /// the import.
    private func moveStagedSpend(
        importID: UUID, officeID: UUID, organisationID: UUID, files: [SpendImportSummary.File], skipped: Int, importedBy userID: UUID?,
        stepEnded: (String) -> Void
    ) async throws -> SpendImportSummary {
        try await query("""
            WITH recorded AS (
                INSERT INTO spend_imports (office_id, id, organisation_id, files, formats, invoices_added, invoices_skipped,
                                           lines_added, amount_sek, imported_by)
                SELECT \(officeID), \(importID), \(organisationID), \(files.map(\.name)), \(files.map(\.format.rawValue)),
                       count(*), \(skipped), coalesce(sum(line_count), 0),
                       coalesce(sum(amount) FILTER (WHERE currency = 'SEK'), 0), \(userID)
                  FROM staged_invoices
                RETURNING id
            )
            INSERT INTO spend_invoices (office_id, id, organisation_id, import_id, supplier_key, supplier_name, number, kind,
                                        invoice_date, currency, amount, line_count, fingerprint)
            SELECT \(officeID), s.id, \(organisationID), (SELECT id FROM recorded), s.supplier_key, s.supplier_name, s.number,
                   s.kind::invoice_kind, s.invoice_date, s.currency, s.amount, s.line_count, s.fingerprint
              FROM staged_invoices s ORDER BY s.id
            """)
        stepEnded("insert invoices")
        try await query("""
            INSERT INTO spend_lines (office_id, invoice_id, line_no, organisation_id, amount, account, cpv, cpv_group,
                                     text, contract_id)
            SELECT \(officeID), invoice_id, line_no, \(organisationID), amount, account, cpv, cpv_group, text, contract_id
              FROM import_lines
            """)
        stepEnded("insert lines")
        try await query("""
            INSERT INTO spend_months AS m (office_id, organisation_id, month, cpv_group, supplier_key, supplier_name,
                                           contract_id, currency, amount, lines)
            SELECT \(officeID), \(organisationID), date_trunc('month', invoice_date)::date, coalesce(cpv_group, ''),
                   supplier_key, max(supplier_name), contract_id, currency, sum(amount), count(*)
              FROM import_lines
             GROUP BY date_trunc('month', invoice_date), coalesce(cpv_group, ''), supplier_key, contract_id, currency
            ON CONFLICT (office_id, organisation_id, month, cpv_group, supplier_key, contract_id, currency)
            DO UPDATE SET amount = m.amount + excluded.amount, lines = m.lines + excluded.lines,
                          supplier_name = excluded.supplier_name
            """)
        stepEnded("rollup")
        let summary = try await importSummary(importID: importID, files: files)
        stepEnded("summary")
        return summary
    }

    /// The figures of a recorded import, read back from its record and its temporary tables.
    private func importSummary(importID: UUID, files: [SpendImportSummary.File]) async throws -> SpendImportSummary {
        let row = try await query("""
            SELECT invoices_added, invoices_skipped, lines_added, amount_sek,
                   coalesce((SELECT sum(amount) FROM import_lines WHERE currency = 'SEK' AND contract_id IS NOT NULL), 0)
              FROM spend_imports WHERE id = \(importID)
            """).single
        guard let row else { throw StoreError.noOffice }
        var other: [String: Money] = [:]
        for currency in try await query("""
            SELECT currency, sum(amount) FROM staged_invoices WHERE currency <> 'SEK' GROUP BY currency
            """) {
            other[try currency.decode(0)] = try currency.decode(1)
        }
        return SpendImportSummary(
            importID: importID, files: files, invoicesAdded: try row.decode(0), invoicesSkipped: try row.decode(1),
            linesAdded: try row.decode(2), amountSEK: try row.decode(3), matchedSEK: try row.decode(4), otherCurrencies: other)
    }
}

/// The staging table's columns and one line as its COPY row; public for the benchmark, whose
/// baseline copies the same rows into the same table with `psql`.
public enum SpendStaging {
    /// The staging table as the import creates it, without `ON COMMIT DROP`.
    public static let definition = """
        file_no integer, source_line integer, supplier_key text, supplier_name text, number text, kind text,
        invoice_date date, currency text, amount numeric(16, 2), account text, cpv text, text text
        """

    public static let columns = [
        "file_no", "source_line", "supplier_key", "supplier_name", "number", "kind", "invoice_date", "currency", "amount",
        "account", "cpv", "text",
    ]

    public static func row(_ line: SpendLine, fileNumber: Int) -> [String?] {
        [
            String(fileNumber), String(line.sourceLine), line.supplier.identifier, line.supplier.name, line.invoiceNumber,
            line.kind == .creditNote ? "credit_note" : "invoice", line.invoiceDate.iso, line.currency,
            line.amount.decimalString, line.account, line.cpv?.code, line.text,
        ]
    }
}
