import Procurement

/// Reads an accounts-payable CSV export (*leverantörsreskontra*, the accounts payable ledger)
/// one record at a time, so that the importer can stream a million lines into a database COPY
/// without holding them all.
///
/// The file is parsed as bytes; Strings are made only for the values a `SpendLine` returns.
public struct CSVSpendReader: Sendable {
    /// The character that separates kronor from öre in the amount column.
    public enum DecimalSeparator: UInt8, Sendable, Codable {
        case comma = 0x2C
        case point = 0x2E
    }

    /// `;`, `,` or tab, the most frequent of them in the header line.
    public let delimiter: UInt8
    public let encoding: TextEncodingName
    /// Decided once for the whole file, because "1,234" alone could be either.
    public let decimalSeparator: DecimalSeparator
    /// The header as read, trimmed.
    public let columns: [String]
    /// The 1-based line of the header.
    public let headerLine: Int
    /// Which header each field was read from, for showing the user what was understood.
    public let recognisedColumns: [SpendField: String]

    let bytes: [UInt8]
    var position: Int
    var line: Int
    var fields: [FieldRange] = []
    var scratch: [UInt8] = []
    let column: ColumnIndexes
    var invoices: [InvoiceKey: FirstSighting] = [:]
    /// Suppliers recur on thousands of rows; their numbers are checked once, keyed by the digits as an integer.
    var organisationNumbers: [UInt64: OrganisationNumber] = [:]

    struct FieldRange {
        var start: Int
        var end: Int
        var quoted: Bool
        var escaped: Bool
    }

    /// Column positions, -1 when absent: plain integers keep the per-line path free of optionals
    /// and dictionary lookups.
    struct ColumnIndexes {
        var organisationNumber = -1, name = -1, invoiceNumber = -1, date = -1, amount = -1
        var account = -1, kind = -1, currency = -1, cpv = -1, text = -1
    }

    /// An invoice (supplier, number, kind) as a 64-bit fingerprint: a million invoices then
    /// cost some 30 MB and no String hashing. Two different invoices would have to collide in
    /// 64 bits *and* disagree on date or currency to raise a false alarm.
    struct InvoiceKey: Hashable {
        var fingerprint: UInt64

        init(supplier: String, number: String, kind: InvoiceKind) {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            func mix(_ byte: UInt8) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            for byte in supplier.utf8 { mix(byte) }
            mix(0xFF)
            for byte in number.utf8 { mix(byte) }
            mix(kind == .invoice ? 0xFE : 0xFD)
            // A final avalanche, because FNV-1a leaves similar keys' low bits similar.
            hash ^= hash >> 33
            hash = hash &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 33
            fingerprint = hash
        }
    }

    /// What the first row of an invoice said, packed into 16 bytes.
    struct FirstSighting {
        var line: Int
        var packedDate: Int32
        var packedCurrency: UInt32

        init(line: Int, date: CalendarDate, currency: String) {
            self.line = line
            packedDate = Int32(date.year << 9 | date.month << 5 | date.day)
            var packed: UInt32 = 0
            for byte in currency.utf8.prefix(3) { packed = packed << 8 | UInt32(byte) }
            packedCurrency = packed
        }

        var date: CalendarDate {
            CalendarDate(year: Int(packedDate >> 9), month: Int(packedDate >> 5 & 15), day: Int(packedDate & 31))!
        }

        var currency: String {
            String(decoding: [UInt8(packedCurrency >> 16 & 0xFF), UInt8(packedCurrency >> 8 & 0xFF), UInt8(packedCurrency & 0xFF)], as: UTF8.self)
        }
    }

    /// Reads the header and decides encoding, delimiter and decimal separator; throws when the
    /// file cannot be a spend export at all, so that the user learns it before any line is stored.
    public init(bytes input: [UInt8], mapping: CSVColumnMapping = .automatic) throws(SpendFileError) {
        if TextEncoding.looksLikeUTF16(input) { throw SpendFileError(line: nil, reason: .utf16NotSupported) }
        var bytes = input
        if TextEncoding.hasUTF8BOM(bytes) { bytes.removeFirst(3) }
        let invalid = bytes.withUnsafeBufferPointer { TextEncoding.firstInvalidUTF8($0) }
        if invalid == nil {
            encoding = .utf8
        } else {
            encoding = .windows1252
            bytes = try TextEncoding.decodeWindows1252(bytes)
        }
        self.bytes = bytes
        // Roughly one invoice per two 100-byte rows; growing the table is the costliest part otherwise.
        invoices.reserveCapacity(min(bytes.count / 200, 4_000_000))

        let storage = bytes
        var headerFields: [FieldRange] = []
        var position = 0
        var line = 1
        var headerLine = 1
        var delimiter = UInt8(ascii: ";")
        var outcome: Result<Bool, SpendFileError> = .success(false)
        storage.withUnsafeBufferPointer { buffer in
            do throws(SpendFileError) {
                delimiter = Self.detectDelimiter(buffer)
                while let start = try Self.readRecord(buffer, delimiter: delimiter, position: &position, line: &line, fields: &headerFields, headers: []) {
                    if !Self.isBlank(buffer, headerFields) { headerLine = start; outcome = .success(true); return }
                }
            } catch { outcome = .failure(error) }
        }
        guard try outcome.get() else { throw SpendFileError(line: nil, reason: .emptyFile) }
        self.delimiter = delimiter
        self.headerLine = headerLine
        self.position = position
        self.line = line
        let columns = storage.withUnsafeBufferPointer { buffer in
            headerFields.map { Self.string(buffer, $0) }
        }
        self.columns = columns
        let resolved = try Self.resolveColumns(columns, mapping: mapping, headerLine: headerLine)
        recognisedColumns = resolved.mapValues { columns[$0] }
        var indexes = ColumnIndexes()
        indexes.organisationNumber = resolved[.supplierOrganisationNumber] ?? -1
        indexes.name = resolved[.supplierName] ?? -1
        indexes.invoiceNumber = resolved[.invoiceNumber] ?? -1
        indexes.date = resolved[.invoiceDate] ?? -1
        indexes.amount = resolved[.amount] ?? -1
        indexes.account = resolved[.account] ?? -1
        indexes.kind = resolved[.kind] ?? -1
        indexes.currency = resolved[.currency] ?? -1
        indexes.cpv = resolved[.cpv] ?? -1
        indexes.text = resolved[.text] ?? -1
        self.column = indexes
        decimalSeparator = storage.withUnsafeBufferPointer { buffer in
            Self.decideDecimalSeparator(
                buffer, delimiter: delimiter, from: position, line: line, amountColumn: indexes.amount, columnCount: columns.count)
        }
    }

    /// The next spend line, or nil at the end of the file.
    public mutating func next() throws(SpendFileError) -> SpendLine? {
        let storage = bytes
        var outcome: Result<SpendLine?, SpendFileError> = .success(nil)
        storage.withUnsafeBufferPointer { buffer in
            do throws(SpendFileError) {
                outcome = .success(try nextLine(buffer))
            } catch { outcome = .failure(error) }
        }
        return try outcome.get()
    }

    private mutating func nextLine(_ buffer: UnsafeBufferPointer<UInt8>) throws(SpendFileError) -> SpendLine? {
        while true {
            guard let start = try Self.readRecord(
                buffer, delimiter: delimiter, position: &position, line: &line, fields: &fields, headers: columns)
            else { return nil }
            if Self.isBlank(buffer, fields) { continue }
            guard fields.count == columns.count else {
                throw SpendFileError(line: start, reason: .wrongColumnCount(expected: columns.count, found: fields.count))
            }
            return try spendLine(buffer, line: start)
        }
    }

    private mutating func spendLine(_ buffer: UnsafeBufferPointer<UInt8>, line: Int) throws(SpendFileError) -> SpendLine {
        func fail(_ reason: SpendFileError.Reason) -> SpendFileError { SpendFileError(line: line, reason: reason) }
        func required(_ index: Int) throws(SpendFileError) -> String {
            let value = Self.string(buffer, fields[index])
            guard !value.isEmpty else { throw fail(.emptyValue(column: columns[index])) }
            return value
        }
        func optional(_ index: Int) -> String? {
            guard index >= 0 else { return nil }
            let value = Self.string(buffer, fields[index])
            return value.isEmpty ? nil : value
        }

        let supplier = try supplierReference(buffer, line: line)
        let invoiceNumber = try required(column.invoiceNumber)

        let dateField = fields[column.date]
        guard let invoiceDate = Self.parseDate(buffer, dateField.start, dateField.end) else {
            let value = Self.string(buffer, dateField)
            throw fail(value.isEmpty ? .emptyValue(column: columns[column.date]) : .badDate(column: columns[column.date], value: value))
        }

        let amountField = fields[column.amount]
        let amount: Money
        switch Self.parseAmount(buffer, amountField.start, amountField.end, decimal: decimalSeparator.rawValue) {
        case .amount(let ore): amount = Money(ore: ore)
        case .empty: throw fail(.emptyValue(column: columns[column.amount]))
        case .notANumber: throw fail(.notANumber(column: columns[column.amount], value: Self.string(buffer, amountField)))
        case .tooManyDecimals: throw fail(.tooManyDecimals(column: columns[column.amount], value: Self.string(buffer, amountField)))
        }

        var kind = InvoiceKind.invoice
        if let text = optional(column.kind) {
            guard let parsed = Self.kind(text) else { throw fail(.unknownKind(column: columns[column.kind], value: text)) }
            kind = parsed
        }

        var currency = "SEK"
        if let text = optional(column.currency) {
            let upper = text.uppercased()
            guard upper.utf8.count == 3, upper.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
                throw fail(.badCurrency(column: columns[column.currency], value: text))
            }
            currency = upper
        }

        var cpv: CPVCode?
        if let text = optional(column.cpv) {
            guard let code = CPVCode(text) else { throw fail(.badCPV(column: columns[column.cpv], value: text)) }
            cpv = code
        }

        try checkDuplicate(
            InvoiceKey(supplier: supplier.identifier, number: invoiceNumber, kind: kind),
            FirstSighting(line: line, date: invoiceDate, currency: currency), number: invoiceNumber, supplier: supplier)

        return SpendLine(
            sourceLine: line, supplier: supplier, invoiceNumber: invoiceNumber, kind: kind, invoiceDate: invoiceDate,
            amount: amount, currency: currency, account: optional(column.account), cpv: cpv, text: optional(column.text))
    }

    /// Rows of one invoice may be split over accounts, even far apart; only a disagreement on
    /// date or currency shows that one number was used for two invoices.
    private mutating func checkDuplicate(
        _ key: InvoiceKey, _ sighting: FirstSighting, number: String, supplier: SupplierReference
    ) throws(SpendFileError) {
        // One hash per row: the defaulted subscript inserts this row when the invoice is new.
        let first = Self.read(&invoices[key, default: sighting])
        if first.line == sighting.line { return }
        let conflict: SpendFileError.Conflict
        if first.packedDate != sighting.packedDate {
            conflict = .date(first: first.date, found: sighting.date)
        } else if first.packedCurrency != sighting.packedCurrency {
            conflict = .currency(first: first.currency, found: sighting.currency)
        } else {
            return
        }
        throw SpendFileError(
            line: sighting.line,
            reason: .duplicateInvoice(
                number: number, supplier: "\(supplier.name) (\(supplier.identifier))", firstLine: first.line, conflict: conflict))
    }

    @inline(__always)
    private static func read(_ value: inout FirstSighting) -> FirstSighting { value }

    static func kind(_ text: String) -> InvoiceKind? {
        switch text.lowercased() {
        case "faktura", "debet", "debetfaktura", "invoice", "debit": .invoice
        case "kreditfaktura", "kredit", "kreditnota", "credit", "credit note", "creditnote", "credit-note": .creditNote
        default: nil
        }
    }
}
