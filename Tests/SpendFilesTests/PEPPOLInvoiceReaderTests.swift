import Foundation
import Procurement
import Testing
@testable import SpendFiles

@Suite struct PEPPOLInvoiceReaderTests {
    @Test func readsTheBaseExample() throws {
        let document = try PEPPOLDocument.read(try TestFiles.peppol("base-example.xml"))
        #expect(document.format == .peppolInvoice)
        #expect(document.number == "Snippet1")
        #expect(document.issueDate == day("2017-11-13"))
        #expect(document.currency == "EUR")
        #expect(document.supplier.identifier == "0088:9482348239847239874")
        #expect(document.supplier.organisationNumber == nil)
        #expect(document.supplier.name == "SupplierOfficialName Ltd")
        #expect(document.taxExclusiveAmount == money("1325.00"))
        #expect(document.lines.map(\.amount) == [money("2800"), money("-1500"), money("25")])
        #expect(document.lines.map(\.text) == ["item name", "item name 2", "Avgift: Insurance"])
        #expect(document.lines.map(\.account) == ["Konteringsstreng", "4025:123:4343", "4025:123:4343"])
        #expect(document.lines.map(\.sourceLine) == [147, 179, 113])
        #expect(document.lines.allSatisfy { $0.kind == .invoice && $0.invoiceNumber == "Snippet1" && $0.cpv == nil })
    }

    @Test func readsTheCreditNoteAsNegative() throws {
        let document = try PEPPOLDocument.read(try TestFiles.peppol("base-creditnote-correction.xml"))
        #expect(document.format == .peppolCreditNote)
        #expect(document.number == "Snippet1")
        #expect(document.supplier.identifier == "0088:9482348239847239874")
        #expect(document.taxExclusiveAmount == money("-1325.00"))
        #expect(document.lines.reduce(Money.zero) { $0 + $1.amount } == money("-1325.00"))
        #expect(document.lines.map(\.amount) == [money("-2800"), money("1500"), money("-25")])
        #expect(document.lines.allSatisfy { $0.kind == .creditNote })
    }

    @Test(arguments: [
        ("base-example.xml", "Snippet1", "0088:9482348239847239874", "EUR", "1325", 3),
        ("base-creditnote-correction.xml", "Snippet1", "0088:9482348239847239874", "EUR", "-1325", 3),
        ("Allowance-example.xml", "Snippet1", "0088:7300010000001", "EUR", "5900", 5),
        ("Vat-category-S.xml", "Snippet1", "0088:7300010000001", "EUR", "7000", 5),
        ("vat-category-E.xml", "Vat-Z", "0088:7300010000001", "GBP", "1200.00", 1),
    ] as [(String, String, String, String, String, Int)])
    func readsEveryOfficialExample(file: String, number: String, supplier: String, currency: String, total: String, lines: Int) throws {
        let bytes = try TestFiles.peppol(file)
        let document = try PEPPOLDocument.read(bytes)
        #expect(document.number == number)
        #expect(document.supplier.identifier == supplier)
        #expect(document.currency == currency)
        #expect(document.taxExclusiveAmount == money(total))
        #expect(document.lines.count == lines)
        #expect(document.lines.reduce(Money.zero) { $0 + $1.amount } == document.taxExclusiveAmount)
        #expect(try SpendFileFormat.detect(bytes) == document.format)
        var reader = try SpendFileReader(bytes: bytes)
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == lines)
    }

    @Test func allowancesAndChargesBecomeLinesButLineLevelOnesDoNot() throws {
        let document = try PEPPOLDocument.read(try TestFiles.peppol("Allowance-example.xml"))
        #expect(document.lines.map(\.amount) == [money("4000"), money("1000"), money("900"), money("200"), money("-200")])
        #expect(document.lines.suffix(2).map(\.text) == ["Avgift: Cleaning", "Rabatt: Discount"])
        #expect(document.buyer.name == "Buyer Official Name")
    }

    @Test func readsSwedishOrganisationNumberAndCPV() throws {
        var text = String(decoding: try TestFiles.peppol("base-example.xml"), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "<cbc:ItemClassificationCode listID=\"SRV\">09348023</cbc:ItemClassificationCode>",
            with: "<cbc:ItemClassificationCode listID=\"CPV\">03222000-3</cbc:ItemClassificationCode>")
        text = text.replacingOccurrences(
            of: "<cbc:EndpointID schemeID=\"0088\">9482348239847239874</cbc:EndpointID>",
            with: "<cbc:EndpointID schemeID=\"0007\">5560360793</cbc:EndpointID>")
        let document = try PEPPOLDocument.read(Array(text.utf8))
        #expect(document.supplier.identifier == "5560360793")
        #expect(document.supplier.organisationNumber?.formatted == "556036-0793")
        #expect(document.lines[0].cpv == CPVCode("03222000-3"))
    }

    @Test func truncatedXMLSaysItEndsTooEarly() throws {
        let bytes = try TestFiles.peppol("base-example.xml")
        let error = try #require(peppolError(Array(bytes.prefix(bytes.count / 2))))
        #expect(error.reason == .xmlMalformed(.endsTooEarly))
        #expect(error.line != nil)
        #expect(error.description.contains("the XML ends before the document is complete"))
        #expect(error.swedish.hasPrefix("rad "))
        #expect(throws: SpendFileError.self) { try SpendFileReader(bytes: Array(bytes.prefix(bytes.count / 2))) }
    }

    @Test func otherXMLIsNotPEPPOL() throws {
        let bytes = Array("<?xml version=\"1.0\"?>\n<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>".utf8)
        let expected = SpendFileError.Reason.notPEPPOL(.root(name: "Order", namespace: "urn:oasis:names:specification:ubl:schema:xsd:Order-2"))
        #expect(peppolError(bytes)?.reason == expected)
        #expect(throws: SpendFileError(line: nil, reason: expected)) { try SpendFileFormat.detect(bytes) }
        #expect(peppolError(Array("<Invoice/>".utf8))?.reason == .notPEPPOL(.root(name: "Invoice", namespace: "")))
    }

    @Test func invoiceWithoutCustomizationIDIsNotPEPPOL() throws {
        let text = String(decoding: try TestFiles.peppol("base-example.xml"), as: UTF8.self)
            .replacingOccurrences(
                of: "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>",
                with: "")
        let error = try #require(peppolError(Array(text.utf8)))
        #expect(error.reason == .notPEPPOL(.customizationID(nil)))
        #expect(error.description.contains("no cbc:CustomizationID"))
        #expect(error.swedish.contains("saknar cbc:CustomizationID"))
    }

    @Test func latin1ByteInXMLIsNotUTF8() throws {
        var bytes = try TestFiles.peppol("base-example.xml")
        let at = try #require(String(decoding: bytes, as: UTF8.self).utf8.firstRange(of: "item name 2".utf8)).lowerBound
        let offset = String(decoding: bytes, as: UTF8.self).utf8.distance(from: String(decoding: bytes, as: UTF8.self).utf8.startIndex, to: at)
        bytes[offset] = 0xE5
        let error = try #require(peppolError(bytes))
        #expect(error.reason == .notUTF8(byteOffset: offset))
        #expect(error.line == 188)
        #expect(error.description.hasPrefix("line 188: the XML is not valid UTF-8"))
    }

    @Test func declaredOtherEncodingIsRefused() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Invoice/>".utf8)
        #expect(peppolError(bytes)?.reason == .unsupportedXMLEncoding("ISO-8859-1"))
    }

    @Test func totalsThatDoNotAddUpAreRefused() throws {
        let text = String(decoding: try TestFiles.peppol("base-example.xml"), as: UTF8.self)
            .replacingOccurrences(
                of: "<cbc:LineExtensionAmount currencyID=\"EUR\">-1500</cbc:LineExtensionAmount>",
                with: "<cbc:LineExtensionAmount currencyID=\"EUR\">-1400</cbc:LineExtensionAmount>")
        let error = try #require(peppolError(Array(text.utf8)))
        #expect(error.reason == .totalsDoNotAddUp(expected: money("1325"), found: money("1425")))
        #expect(error.description == "the lines, allowances and charges sum to 1425.00 but cbc:TaxExclusiveAmount says 1325.00")
    }

    @Test func threeDecimalsInXMLAreRefused() throws {
        let text = String(decoding: try TestFiles.peppol("base-example.xml"), as: UTF8.self)
            .replacingOccurrences(
                of: "<cbc:LineExtensionAmount currencyID=\"EUR\">-1500</cbc:LineExtensionAmount>",
                with: "<cbc:LineExtensionAmount currencyID=\"EUR\">-1500.005</cbc:LineExtensionAmount>")
        let error = try #require(peppolError(Array(text.utf8)))
        #expect(error.reason == .tooManyDecimals(column: "cac:InvoiceLine/cbc:LineExtensionAmount", value: "-1500.005"))
        #expect(error.line == 179)
    }

    @Test func malformedXMLInTheMiddleIsNotWellFormed() throws {
        let text = String(decoding: try TestFiles.peppol("base-example.xml"), as: UTF8.self)
            .replacingOccurrences(of: "<cbc:IssueDate>2017-11-13</cbc:IssueDate>", with: "<cbc:IssueDate>2017-11-13</cbc:IssueDat>")
        let error = try #require(peppolError(Array(text.utf8)))
        guard case .xmlMalformed(.notWellFormed) = error.reason else {
            Issue.record("expected notWellFormed, got \(error.reason)")
            return
        }
        #expect(error.line == 8)
        #expect(error.description.hasPrefix("line 8: the XML is not well-formed"))
        #expect(error.swedish.hasPrefix("rad 8: XML-filen är inte välformad"))
    }

    @Test func doctypeIsRefused() throws {
        let bytes = Array("<?xml version=\"1.0\"?>\n<!DOCTYPE Invoice [<!ENTITY a \"b\">]>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>".utf8)
        #expect(peppolError(bytes) == SpendFileError(line: 2, reason: .xmlDoctypeNotAllowed))
    }
}
