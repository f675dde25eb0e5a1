import Foundation
import Procurement
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects what spend needs from a UBL document as the parser streams it, keyed on element
/// paths; everything else in the (large) UBL vocabulary is ignored.
final class PEPPOLInvoiceReader: NSObject, XMLParserDelegate {
    static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"

    struct Party {
        var endpointID: String?
        var endpointScheme: String?
        var partyIdentification: String?
        var partyIdentificationScheme: String?
        var legalCompanyID: String?
        var legalCompanyScheme: String?
        var registrationName: String?
        var partyName: String?
        var taxCompanyIDs: [String] = []
    }

    struct RawLine {
        var sourceLine: Int
        var amount: String?
        var accountingCost: String?
        var name: String?
        var cpv: String?
        /// nil for an invoice line; true for a charge, false for an allowance.
        var charge: Bool?
        var chargeIndicator: String?
        var reason: String?
    }

    private var path: [String] = []
    private var text = ""
    private var attributes: [String: String] = [:]
    private(set) var rootName = ""
    private var rootNamespace = ""
    private var rootClosed = false
    var failure: SpendFileError?

    var customizationID: String?
    var number: String?
    var issueDate: String?
    var currency: String?
    var accountingCost: String?
    var taxExclusiveAmount: String?
    var supplier = Party()
    var buyer = Party()
    var lines: [RawLine] = []
    var allowances: [RawLine] = []
    private var currentLine: RawLine?
    private var currentAllowance: RawLine?

    static func read(_ bytes: [UInt8]) throws(SpendFileError) -> PEPPOLDocument {
        if TextEncoding.looksLikeUTF16(bytes) { throw SpendFileError(line: nil, reason: .utf16NotSupported) }
        try checkEncoding(bytes)
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let reader = PEPPOLInvoiceReader()
        parser.delegate = reader
        let parsed = parser.parse()
        if let failure = reader.failure { throw failure }
        guard parsed else { throw malformed(parser, bytes: bytes, rootClosed: reader.rootClosed, line: reader.errorLine) }
        // Foundation's parser on Linux can report success for input that simply stops.
        guard reader.rootClosed else {
            throw SpendFileError(line: TextEncoding.line(ofOffset: bytes.count, in: bytes), reason: .xmlMalformed(.endsTooEarly))
        }
        return try reader.document()
    }

    /// XMLParser would transcode other encodings silently; refusing them keeps one path for
    /// every byte, and the offending byte can be named.
    static func checkEncoding(_ bytes: [UInt8]) throws(SpendFileError) {
        var start = TextEncoding.hasUTF8BOM(bytes) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let prefix = Array("<?xml".utf8)
        if bytes.count >= start + prefix.count, Array(bytes[start..<(start + prefix.count)]) == prefix,
           let close = bytes[start...].firstIndex(of: UInt8(ascii: ">")) {
            let declaration = String(decoding: bytes[start..<close], as: UTF8.self)
            if let range = declaration.range(of: "encoding") {
                let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    let name = rest.dropFirst().prefix { $0 != quote }
                    if !["utf-8", "utf8"].contains(name.lowercased()) {
                        throw SpendFileError(line: 1, reason: .unsupportedXMLEncoding(String(name)))
                    }
                }
            }
        }
        let invalid = bytes.withUnsafeBufferPointer { TextEncoding.firstInvalidUTF8($0) }
        if let invalid {
            throw SpendFileError(line: TextEncoding.line(ofOffset: invalid, in: bytes), reason: .notUTF8(byteOffset: invalid))
        }
        // Uploaded XML is untrusted; refusing DTDs rules out entity expansion of any kind.
        if let doctype = bytes.firstRange(of: Array("<!DOCTYPE".utf8)) {
            throw SpendFileError(line: TextEncoding.line(ofOffset: doctype.lowerBound, in: bytes), reason: .xmlDoctypeNotAllowed)
        }
    }

    static func malformed(_ parser: XMLParser, bytes: [UInt8], rootClosed: Bool = false, line: Int? = nil) -> SpendFileError {
        let errorLine = line ?? parser.lineNumber
        let code = (parser.parserError as NSError?)?.code ?? 0
        let lastLine = TextEncoding.line(ofOffset: bytes.count, in: bytes)
        // libxml2 reports a cut-off file in several ways (premature end, unclosed tag); what
        // they share is that the parser fails at the very end with the root still open.
        let endsTooEarly = !rootClosed && (errorLine >= lastLine - 1 || code == 5 || code == 77)
        return SpendFileError(
            line: errorLine > 0 ? errorLine : nil,
            reason: .xmlMalformed(endsTooEarly ? .endsTooEarly : .notWellFormed(code: code)))
    }

    private func fail(_ error: SpendFileError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        let namespace = namespaceURI ?? ""
        if path.isEmpty {
            rootName = elementName
            rootNamespace = namespace
            do throws(SpendFileError) {
                _ = try SpendFileFormat.format(ofRoot: elementName, namespace: namespace)
            } catch {
                fail(SpendFileError(line: parser.lineNumber, reason: error.reason), parser)
                return
            }
            path.append(elementName)
            return
        }
        let prefix = namespace == Self.cbc ? "cbc:" : namespace == Self.cac ? "cac:" : "?:"
        let name = prefix + elementName
        path.append(name)
        text = ""
        self.attributes = attributes
        if path.count == 2 {
            switch name {
            case "cac:InvoiceLine", "cac:CreditNoteLine":
                currentLine = RawLine(sourceLine: parser.lineNumber)
            case "cac:AllowanceCharge":
                currentAllowance = RawLine(sourceLine: parser.lineNumber)
            default: break
            }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard failure == nil else { return }
        defer {
            path.removeLast()
            text = ""
        }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch path.count {
        case 1:
            rootClosed = true
        case 2:
            switch path[1] {
            case "cbc:CustomizationID": customizationID = value
            case "cbc:ID": number = value
            case "cbc:IssueDate": issueDate = value
            case "cbc:DocumentCurrencyCode": currency = value
            case "cbc:AccountingCost": accountingCost = value
            case "cac:InvoiceLine", "cac:CreditNoteLine":
                if let line = currentLine { lines.append(line) }
                currentLine = nil
            case "cac:AllowanceCharge":
                if let allowance = currentAllowance { allowances.append(allowance) }
                currentAllowance = nil
            default: break
            }
        default:
            record(value, parser)
        }
    }

    private func record(_ value: String, _ parser: XMLParser) {
        let top = path[1]
        let rest = path[2...]
        switch top {
        case "cac:AccountingSupplierParty":
            party(&supplier, rest)
        case "cac:AccountingCustomerParty":
            party(&buyer, rest)
        case "cac:LegalMonetaryTotal" where rest.count == 1 && rest.last == "cbc:TaxExclusiveAmount":
            taxExclusiveAmount = value
        case "cac:InvoiceLine", "cac:CreditNoteLine":
            switch Array(rest) {
            case ["cbc:LineExtensionAmount"]: currentLine?.amount = value
            case ["cbc:AccountingCost"]: currentLine?.accountingCost = value
            case ["cac:Item", "cbc:Name"]: currentLine?.name = value
            case ["cac:Item", "cac:CommodityClassification", "cbc:ItemClassificationCode"]
                where attributes["listID"]?.uppercased() == "CPV":
                currentLine?.cpv = value
            default: break
            }
        case "cac:AllowanceCharge":
            switch Array(rest) {
            case ["cbc:ChargeIndicator"]: currentAllowance?.chargeIndicator = value
            case ["cbc:Amount"]: currentAllowance?.amount = value
            case ["cbc:AllowanceChargeReason"]: currentAllowance?.reason = value
            default: break
            }
        default:
            break
        }

        func party(_ party: inout Party, _ rest: ArraySlice<String>) {
            guard rest.first == "cac:Party" else { return }
            switch Array(rest.dropFirst()) {
            case ["cbc:EndpointID"]:
                party.endpointID = value
                party.endpointScheme = attributes["schemeID"]
            case ["cac:PartyIdentification", "cbc:ID"] where party.partyIdentification == nil:
                party.partyIdentification = value
                party.partyIdentificationScheme = attributes["schemeID"]
            case ["cac:PartyLegalEntity", "cbc:CompanyID"]:
                party.legalCompanyID = value
                party.legalCompanyScheme = attributes["schemeID"]
            case ["cac:PartyLegalEntity", "cbc:RegistrationName"]:
                party.registrationName = value
            case ["cac:PartyName", "cbc:Name"]:
                party.partyName = value
            case ["cac:PartyTaxScheme", "cbc:CompanyID"]:
                party.taxCompanyIDs.append(value)
            default: break
            }
        }
    }

    /// The parser's line once parsing has stopped is not always where the error was.
    private(set) var errorLine: Int?

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if errorLine == nil { errorLine = parser.lineNumber }
    }
}
