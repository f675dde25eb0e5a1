import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The kinds of spend file the importer reads.
public enum SpendFileFormat: String, Sendable, Codable, CaseIterable {
    /// An accounts-payable export (*leverantörsreskontra*, the accounts payable ledger).
    case csv
    case peppolInvoice = "peppol-invoice"
    case peppolCreditNote = "peppol-credit-note"

    static let invoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    static let creditNoteNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"

    /// Recognised from the content, never from a file name, because uploads arrive named
    /// anything: after an optional UTF-8 BOM and whitespace, `<` means XML (a UBL 2.1 Invoice or
    /// CreditNote, or an error), anything else a CSV.
    public static func detect(_ bytes: [UInt8]) throws(SpendFileError) -> SpendFileFormat {
        if TextEncoding.looksLikeUTF16(bytes) { throw SpendFileError(line: nil, reason: .utf16NotSupported) }
        var index = TextEncoding.hasUTF8BOM(bytes) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { throw SpendFileError(line: nil, reason: .emptyFile) }
        guard bytes[index] == UInt8(ascii: "<") else { return .csv }
        try PEPPOLInvoiceReader.checkEncoding(bytes)
        let root = try RootElementSniffer.root(of: bytes)
        return try format(ofRoot: root.name, namespace: root.namespace)
    }

    static func format(ofRoot name: String, namespace: String) throws(SpendFileError) -> SpendFileFormat {
        switch (name, namespace) {
        case ("Invoice", invoiceNamespace): return .peppolInvoice
        case ("CreditNote", creditNoteNamespace): return .peppolCreditNote
        default: throw SpendFileError(line: nil, reason: .notPEPPOL(.root(name: name, namespace: namespace)))
        }
    }
}

/// Reads only as far as the root element, so that detection costs nothing on large files.
private final class RootElementSniffer: NSObject, XMLParserDelegate {
    var name: String?
    var namespace = ""

    static func root(of bytes: [UInt8]) throws(SpendFileError) -> (name: String, namespace: String) {
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        let sniffer = RootElementSniffer()
        parser.delegate = sniffer
        _ = parser.parse()
        if let name = sniffer.name { return (name, sniffer.namespace) }
        throw PEPPOLInvoiceReader.malformed(parser, bytes: bytes)
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        name = elementName
        namespace = namespaceURI ?? ""
        parser.abortParsing()
    }
}
