import Testing
@testable import SpendFiles

@Suite struct SpendFileFormatTests {
    @Test func detectsFromContent() throws {
        #expect(try SpendFileFormat.detect(csv(header)) == .csv)
        #expect(try SpendFileFormat.detect(TextEncoding.byteOrderMark + csv("  \n<?xml version=\"1.0\"?><CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"/>")) == .peppolCreditNote)
        #expect(throws: SpendFileError(line: nil, reason: .emptyFile)) { try SpendFileFormat.detect(csv(" \n")) }
        #expect(throws: SpendFileError(line: nil, reason: .utf16NotSupported)) { try SpendFileFormat.detect([0xFE, 0xFF, 0, 0x3C]) }
    }
}
