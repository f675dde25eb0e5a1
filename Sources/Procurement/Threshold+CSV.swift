/// Why a threshold file could not be read: the line and what is wrong with it.
public struct ThresholdCSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The line (from 1, the header) where the bad record starts.
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "thresholds CSV, line \(line): \(reason)" }

    public var swedishMessage: String { "Filen med tröskelvärden kunde inte läsas, rad \(line): \(reason)" }
}

extension ThresholdTable {
    /// The header a threshold file must start with.
    public static let csvHeader = ["law", "kind", "buyer", "valid_from", "valid_to", "eur", "sek", "source"]

    /// Reads the rows of a threshold file (`thresholds.csv`): RFC 4180 CSV with the header
    /// `law,kind,buyer,valid_from,valid_to,eur,sek,source`, fields quoted when they hold commas,
    /// an empty field meaning "none". Dates are `YYYY-MM-DD`, `eur` whole euro, `sek` kronor
    /// with at most two decimals. Nothing is guessed: the first bad line stops the reading.
    public static func parseCSV(_ text: String) throws(ThresholdCSVError) -> [Threshold] {
        let records = try CSVRecords.parse(text)
        guard let header = records.first else { throw ThresholdCSVError(line: 1, reason: "the file is empty") }
        guard header.fields == csvHeader else {
            throw ThresholdCSVError(line: header.line, reason: "expected the header \(csvHeader.joined(separator: ","))")
        }
        var thresholds: [Threshold] = []
        for record in records.dropFirst() {
            thresholds.append(try threshold(record))
        }
        return thresholds
    }

    private static func threshold(_ record: CSVRecords.Record) throws(ThresholdCSVError) -> Threshold {
        func fail(_ reason: String) -> ThresholdCSVError { ThresholdCSVError(line: record.line, reason: reason) }
        let f = record.fields
        guard f.count == csvHeader.count else { throw fail("expected \(csvHeader.count) fields, found \(f.count)") }
        guard let law = ProcurementLaw(rawValue: f[0]) else { throw fail("unknown law \"\(f[0])\" (LOU or LUF)") }
        guard let kind = ThresholdKind(rawValue: f[1]) else {
            throw fail("unknown kind \"\(f[1])\" (\(ThresholdKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let buyer = BuyerCategory(rawValue: f[2]) else {
            throw fail("unknown buyer \"\(f[2])\" (\(BuyerCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let validFrom = CalendarDate(iso: f[3]) else { throw fail("valid_from \"\(f[3])\" is not a date YYYY-MM-DD") }
        var validTo: CalendarDate?
        if !f[4].isEmpty {
            guard let date = CalendarDate(iso: f[4]) else { throw fail("valid_to \"\(f[4])\" is not a date YYYY-MM-DD") }
            guard validFrom <= date else { throw fail("valid_to \(date) is before valid_from \(validFrom)") }
            validTo = date
        }
        var eur: Int64?
        if !f[5].isEmpty {
            guard f[5].allSatisfy(\.isASCIIDigit), let value = Int64(f[5]), value > 0 else {
                throw fail("eur \"\(f[5])\" is not a positive whole number of euro")
            }
            eur = value
        }
        var sek: Money?
        if !f[6].isEmpty {
            guard let value = Money(decimal: f[6]), value > .zero, !f[6].hasPrefix("+") else {
                throw fail("sek \"\(f[6])\" is not a positive amount of kronor (digits, at most two decimals after a point)")
            }
            sek = value
        }
        guard eur != nil || sek != nil else { throw fail("the row has neither an eur nor a sek figure") }
        guard !f[7].trimmingSpaces().isEmpty else { throw fail("the source is empty: every figure needs one") }
        return Threshold(law: law, kind: kind, buyer: buyer, validFrom: validFrom, validTo: validTo, eur: eur, sek: sek, source: f[7])
    }
}

extension Threshold {
    /// The same as `ThresholdTable.parseCSV(_:)`.
    public static func parseCSV(_ text: String) throws(ThresholdCSVError) -> [Threshold] {
        try ThresholdTable.parseCSV(text)
    }
}

/// A small RFC 4180 reader: commas, double quotes with `""` for a quote, CRLF or LF line ends,
/// quoted fields that span lines. Blank lines are skipped.
enum CSVRecords {
    struct Record {
        /// The line the record starts on, from 1.
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String) throws(ThresholdCSVError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var afterClosingQuote = false
        var characters = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if let first = characters.next(), first != "\u{FEFF}" { pending = first }

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
            afterClosingQuote = false
        }

        while let scalar = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
                afterClosingQuote = false
            case "\r":
                let next = characters.next()
                guard next == "\n" else {
                    throw ThresholdCSVError(line: line, reason: "a carriage return without a line feed")
                }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw ThresholdCSVError(line: line, reason: "a double quote inside an unquoted field (quote the whole field and double the quote)")
                }
                inQuotes = true
                fieldWasQuoted = true
            default:
                guard !afterClosingQuote else {
                    throw ThresholdCSVError(line: line, reason: "text after the closing quote of a field")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw ThresholdCSVError(line: recordLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
