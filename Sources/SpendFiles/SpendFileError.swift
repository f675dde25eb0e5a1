import Procurement

/// Why a spend file cannot be read, with the line, in English and in Swedish.
///
/// Every message says what is wrong and how to fix it, because the people who see them are
/// buyers uploading an export, not developers.
public struct SpendFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line in the file; nil when the problem is not about one line.
    public var line: Int?
    public var reason: Reason

    public init(line: Int?, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public enum Reason: Equatable, Sendable {
        case emptyFile
        /// UTF-16 or UTF-32 text (a byte-order mark or NUL bytes).
        case utf16NotSupported
        /// A byte that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
        case undecodable(byte: UInt8, byteOffset: Int)
        /// XML must be UTF-8; this byte sequence is not.
        case notUTF8(byteOffset: Int)
        case unsupportedXMLEncoding(String)
        /// A document type declaration, which UBL never uses and which could define entities.
        case xmlDoctypeNotAllowed
        case xmlMalformed(XMLProblem)
        case notPEPPOL(NotPEPPOL)
        /// A required element is absent; the path is written with UBL prefixes (`cbc:IssueDate`).
        case missingElement(String)
        /// The lines (with document-level allowances and charges) do not sum to `TaxExclusiveAmount`.
        case totalsDoNotAddUp(expected: Money, found: Money)
        /// Required fields without a column; `found` lists the headers that are in the file.
        case columnMissing(fields: [SpendField], found: [String])
        /// An explicit `CSVColumnMapping` names a header the file does not have.
        case mappedColumnMissing(field: SpendField, header: String, found: [String])
        case wrongColumnCount(expected: Int, found: Int)
        /// A double quote opens a field that never ends.
        case unterminatedQuote
        /// Text follows the closing quote of a field.
        case textAfterQuote(column: String)
        case emptyValue(column: String)
        case notANumber(column: String, value: String)
        case tooManyDecimals(column: String, value: String)
        case badDate(column: String, value: String)
        case badOrganisationNumber(value: String, problem: OrganisationNumber.Problem)
        case unknownKind(column: String, value: String)
        case badCurrency(column: String, value: String)
        case badCPV(column: String, value: String)
        /// Two rows share supplier, invoice number and kind but disagree about date or currency:
        /// most likely two different invoices with one number.
        case duplicateInvoice(number: String, supplier: String, firstLine: Int, conflict: Conflict)
    }

    public enum XMLProblem: Equatable, Sendable {
        /// The file stops in the middle, as when an upload was cut off.
        case endsTooEarly
        /// Any other well-formedness error; the code is libxml2's.
        case notWellFormed(code: Int)
    }

    public enum NotPEPPOL: Equatable, Sendable {
        /// The root element is not a UBL 2.1 Invoice or CreditNote.
        case root(name: String, namespace: String)
        /// `cbc:CustomizationID` is absent (nil) or does not name EN 16931.
        case customizationID(String?)
    }

    public enum Conflict: Equatable, Sendable {
        case date(first: CalendarDate, found: CalendarDate)
        case currency(first: String, found: String)
    }

    public var description: String {
        guard let line else { return reason.english }
        return "line \(line): " + reason.english
    }

    /// The same message in Swedish, for the web pages.
    public var swedish: String {
        guard let line else { return reason.swedish }
        return "rad \(line): " + reason.swedish
    }
}

extension SpendFileError.Reason {
    var english: String {
        switch self {
        case .emptyFile:
            "the file is empty"
        case .utf16NotSupported:
            "the file is UTF-16 text, which is not supported: save the file as UTF-8 or Windows-1252"
        case .undecodable(let byte, let offset):
            "the byte 0x\(hex(byte)) at byte \(offset) is neither UTF-8 nor Windows-1252: save the file as UTF-8"
        case .notUTF8(let offset):
            "the XML is not valid UTF-8 at byte \(offset): e-invoices must be UTF-8"
        case .unsupportedXMLEncoding(let name):
            "the XML declares the encoding \"\(name)\": only UTF-8 e-invoices are read"
        case .xmlDoctypeNotAllowed:
            "the XML has a document type declaration (<!DOCTYPE …>), which a PEPPOL invoice never has"
        case .xmlMalformed(.endsTooEarly):
            "the XML ends before the document is complete: the file may have been cut off, upload it again"
        case .xmlMalformed(.notWellFormed(let code)):
            "the XML is not well-formed (parser error \(code)): check the file with an XML validator"
        case .notPEPPOL(.root(let name, let namespace)):
            "the XML is a \"\(name)\"\(namespace.isEmpty ? "" : " in \(namespace)"), not a UBL 2.1 Invoice or CreditNote (PEPPOL BIS Billing 3)"
        case .notPEPPOL(.customizationID(nil)):
            "the document has no cbc:CustomizationID, so it is not a PEPPOL BIS Billing 3 (EN 16931) invoice"
        case .notPEPPOL(.customizationID(let id?)):
            "the cbc:CustomizationID \"\(id)\" does not name EN 16931 (urn:cen.eu:en16931:2017), so it is not a PEPPOL BIS Billing 3 invoice"
        case .missingElement(let path):
            "the element \(path) is missing"
        case .totalsDoNotAddUp(let expected, let found):
            "the lines, allowances and charges sum to \(found.decimalString) but cbc:TaxExclusiveAmount says \(expected.decimalString)"
        case .columnMissing(let fields, let found):
            "no column for \(list(fields.map(\.english))); the headers found are \(list(found.map { "\"\($0)\"" })): rename the headers or choose the columns by hand"
        case .mappedColumnMissing(let field, let header, let found):
            "the column \"\(header)\" chosen for \(field.english) is not in the file; the headers found are \(list(found.map { "\"\($0)\"" }))"
        case .wrongColumnCount(let expected, let found):
            "the row has \(found) fields but the header has \(expected): check for a delimiter inside a value that is not in double quotes"
        case .unterminatedQuote:
            "a value starts with a double quote that is never closed"
        case .textAfterQuote(let column):
            "in column \"\(column)\" text follows the closing double quote: write a double quote inside a value as two"
        case .emptyValue(let column):
            "the column \"\(column)\" is empty"
        case .notANumber(let column, let value):
            "the amount \"\(value)\" in column \"\(column)\" is not a number"
        case .tooManyDecimals(let column, let value):
            "the amount \"\(value)\" in column \"\(column)\" has more than two decimals: amounts are in öre/cents and are never rounded"
        case .badDate(let column, let value):
            "the date \"\(value)\" in column \"\(column)\" is not a valid date: write it as YYYY-MM-DD"
        case .badOrganisationNumber(let value, let problem):
            "the organisation number \"\(value)\" is not valid (\(problem.description))"
        case .unknownKind(let column, let value):
            "the invoice type \"\(value)\" in column \"\(column)\" is neither an invoice nor a credit note"
        case .badCurrency(let column, let value):
            "the currency \"\(value)\" in column \"\(column)\" is not a three-letter ISO 4217 code such as SEK"
        case .badCPV(let column, let value):
            "the CPV code \"\(value)\" in column \"\(column)\" is not eight digits, a hyphen and a check digit (e.g. 03111000-2)"
        case .duplicateInvoice(let number, let supplier, let firstLine, let conflict):
            switch conflict {
            case .date(let first, let found):
                "invoice \"\(number)\" from \(supplier) was dated \(first.iso) on line \(firstLine) but \(found.iso) here: two invoices cannot share a number"
            case .currency(let first, let found):
                "invoice \"\(number)\" from \(supplier) was in \(first) on line \(firstLine) but \(found) here: two invoices cannot share a number"
            }
        }
    }

    var swedish: String {
        switch self {
        case .emptyFile:
            "filen är tom"
        case .utf16NotSupported:
            "filen är UTF-16-text, som inte stöds: spara filen som UTF-8 eller Windows-1252"
        case .undecodable(let byte, let offset):
            "byten 0x\(hex(byte)) vid byte \(offset) är varken UTF-8 eller Windows-1252: spara filen som UTF-8"
        case .notUTF8(let offset):
            "XML-filen är inte giltig UTF-8 vid byte \(offset): e-fakturor ska vara UTF-8"
        case .unsupportedXMLEncoding(let name):
            "XML-filen anger teckenkodningen ”\(name)”: bara e-fakturor i UTF-8 kan läsas"
        case .xmlDoctypeNotAllowed:
            "XML-filen har en dokumenttypdeklaration (<!DOCTYPE …>), vilket en PEPPOL-faktura aldrig har"
        case .xmlMalformed(.endsTooEarly):
            "XML-filen tar slut innan dokumentet är komplett: filen kan ha kapats, ladda upp den igen"
        case .xmlMalformed(.notWellFormed(let code)):
            "XML-filen är inte välformad (tolkningsfel \(code)): kontrollera filen med en XML-validerare"
        case .notPEPPOL(.root(let name, let namespace)):
            "XML-filen är en ”\(name)”\(namespace.isEmpty ? "" : " i \(namespace)"), inte en UBL 2.1 Invoice eller CreditNote (PEPPOL BIS Billing 3)"
        case .notPEPPOL(.customizationID(nil)):
            "dokumentet saknar cbc:CustomizationID och är därför ingen PEPPOL BIS Billing 3-faktura (EN 16931)"
        case .notPEPPOL(.customizationID(let id?)):
            "cbc:CustomizationID ”\(id)” anger inte EN 16931 (urn:cen.eu:en16931:2017) och är därför ingen PEPPOL BIS Billing 3-faktura"
        case .missingElement(let path):
            "elementet \(path) saknas"
        case .totalsDoNotAddUp(let expected, let found):
            "raderna, rabatterna och avgifterna blir sammanlagt \(found.decimalString) men cbc:TaxExclusiveAmount anger \(expected.decimalString)"
        case .columnMissing(let fields, let found):
            "kolumn saknas för \(lista(fields.map(\.swedish))); kolumnrubrikerna i filen är \(lista(found.map { "”\($0)”" })): byt namn på rubrikerna eller välj kolumnerna själv"
        case .mappedColumnMissing(let field, let header, let found):
            "kolumnen ”\(header)” som valts för \(field.swedish) finns inte i filen; kolumnrubrikerna i filen är \(lista(found.map { "”\($0)”" }))"
        case .wrongColumnCount(let expected, let found):
            "raden har \(found) fält men rubrikraden har \(expected): kontrollera om ett värde innehåller avgränsaren utan att stå inom citattecken"
        case .unterminatedQuote:
            "ett värde börjar med ett citattecken som aldrig avslutas"
        case .textAfterQuote(let column):
            "i kolumnen ”\(column)” står text efter det avslutande citattecknet: skriv citattecken i ett värde som två"
        case .emptyValue(let column):
            "kolumnen ”\(column)” är tom"
        case .notANumber(let column, let value):
            "beloppet ”\(value)” i kolumnen ”\(column)” är inte ett tal"
        case .tooManyDecimals(let column, let value):
            "beloppet ”\(value)” i kolumnen ”\(column)” har fler än två decimaler: belopp anges i öre och avrundas aldrig"
        case .badDate(let column, let value):
            "datumet ”\(value)” i kolumnen ”\(column)” är inget giltigt datum: skriv det som ÅÅÅÅ-MM-DD"
        case .badOrganisationNumber(let value, let problem):
            "organisationsnumret ”\(value)” är inte giltigt (\(problem.swedish))"
        case .unknownKind(let column, let value):
            "fakturatypen ”\(value)” i kolumnen ”\(column)” är varken faktura eller kreditfaktura"
        case .badCurrency(let column, let value):
            "valutan ”\(value)” i kolumnen ”\(column)” är ingen tre bokstäver lång ISO 4217-kod som SEK"
        case .badCPV(let column, let value):
            "CPV-koden ”\(value)” i kolumnen ”\(column)” är inte åtta siffror, bindestreck och kontrollsiffra (t.ex. 03111000-2)"
        case .duplicateInvoice(let number, let supplier, let firstLine, let conflict):
            switch conflict {
            case .date(let first, let found):
                "faktura ”\(number)” från \(supplier) hade datum \(first.iso) på rad \(firstLine) men \(found.iso) här: två fakturor kan inte ha samma nummer"
            case .currency(let first, let found):
                "faktura ”\(number)” från \(supplier) var i \(first) på rad \(firstLine) men i \(found) här: två fakturor kan inte ha samma nummer"
            }
        }
    }
}

extension OrganisationNumber.Problem {
    var swedish: String {
        switch self {
        case .wrongLength: "ett organisationsnummer har tio siffror (NNNNNN-NNNN)"
        case .notDigits: "ett organisationsnummer består bara av siffror och ett bindestreck"
        case .notALegalPerson: "tredje siffran i ett organisationsnummer är minst 2"
        case .checkDigit: "kontrollsiffran (den sista) stämmer inte"
        }
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
}

private func list(_ items: [String]) -> String { join(items, "and") }
private func lista(_ items: [String]) -> String { join(items, "och") }

private func join(_ items: [String], _ conjunction: String) -> String {
    switch items.count {
    case 0: "none"
    case 1: items[0]
    default: items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }
}
