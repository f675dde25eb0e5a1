import Foundation
import Procurement
import Testing
@testable import SpendFiles

@Suite struct CSVSpendReaderTests {
    @Test func readsSemicolonDecimalCommaWindows1252() throws {
        let bytes = try TestFiles.fixture("leverantorsreskontra-1252.csv")
        var reader = try CSVSpendReader(bytes: bytes)
        #expect(reader.encoding == .windows1252)
        #expect(reader.delimiter == UInt8(ascii: ";"))
        #expect(reader.decimalSeparator == .comma)
        #expect(reader.columns.first == "Leverantörens organisationsnummer")
        #expect(reader.recognisedColumns == [
            .supplierOrganisationNumber: "Leverantörens organisationsnummer", .supplierName: "Leverantörsnamn",
            .invoiceNumber: "Fakturanummer", .invoiceDate: "Fakturadatum", .amount: "Belopp exkl moms", .account: "Konto",
            .text: "Benämning",
        ])
        var lines: [SpendLine] = []
        while let line = try reader.next() { lines.append(line) }
        #expect(lines.count == 3)
        #expect(lines[0].supplier.name == "Blåbär & Äpple Öst AB")
        #expect(lines[0].supplier.identifier == "5560360793")
        #expect(lines[0].supplier.organisationNumber == (try OrganisationNumber("556036-0793")))
        #expect(lines[0].amount == money("1234.50"))
        #expect(lines[0].currency == "SEK")
        #expect(lines[0].account == "4010")
        #expect(lines[0].text == "Frukt till förskolor")
        #expect(lines[1].amount == money("-100"))
        #expect(lines[1].text == "Returnerade lådor – kredit")
        #expect(lines[2].sourceLine == 5)
        #expect(lines[2].amount == money("12.50"))
    }

    @Test func decodesWindows1252Letters() throws {
        // å ä ö as Windows-1252 bytes, which are not valid UTF-8.
        // The header too is Windows-1252 ("Leverantör" with 0xF6), as Excel writes it.
        var bytes = header.unicodeScalars.map { UInt8($0.value) } + csv("5560360793;")
        bytes += [0xE5, 0xE4, 0xF6]
        bytes += csv(" AB;1;2026-01-02;10;4010\n")
        let reader = try CSVSpendReader(bytes: bytes)
        #expect(reader.encoding == .windows1252)
        let lines = try readAll(bytes)
        #expect(lines[0].supplier.name == "åäö AB")
    }

    @Test func readsCommaDecimalPointUTF8WithBOM() throws {
        let text = "Supplier organisation number,Supplier name,Invoice number,Invoice date,Amount excl VAT,Account,Currency\r\n"
            + "5560125790,Volvo Lastvagnar AB,INV-9,20260401,\"1,234.50\",Vehicles,eur\r\n"
            + "5560125790,Volvo Lastvagnar AB,INV-10,2026-04-02 00:00:00,99.9,Vehicles,\r\n"
        let bytes = TextEncoding.byteOrderMark + csv(text)
        let reader = try CSVSpendReader(bytes: bytes)
        #expect(reader.encoding == .utf8)
        #expect(reader.delimiter == UInt8(ascii: ","))
        #expect(reader.decimalSeparator == .point)
        #expect(reader.columns.first == "Supplier organisation number")
        let lines = try readAll(bytes)
        #expect(lines.map(\.amount) == [money("1234.50"), money("99.90")])
        #expect(lines.map(\.currency) == ["EUR", "SEK"])
        #expect(lines.map(\.invoiceDate) == [day("2026-04-01"), day("2026-04-02")])
        #expect(lines.map(\.sourceLine) == [2, 3])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndNewlines() throws {
        let text = header
            + "5560360793;\"Bygg; Anläggning \"\"Norr\"\" AB\";A1;2026-01-02;10;\"40\n10\"\n"
            + "5560360793;Bygg AB;A2;2026-01-03;20;4010\n"
        let lines = try readAll(csv(text))
        #expect(lines.count == 2)
        #expect(lines[0].supplier.name == "Bygg; Anläggning \"Norr\" AB")
        #expect(lines[0].account == "40\n10")
        #expect(lines[0].sourceLine == 2)
        #expect(lines[1].sourceLine == 4)
    }

    @Test func recognisesHeaderSynonymsInBothLanguages() throws {
        let swedish = "Lev. org-nr;Leverantörens namn;Faktura nr;Datum;Nettobelopp;Kategori;Typ;Valuta;CPV-kod;Beskrivning\n"
            + "556036-0793;Frukt AB;9;2026-02-01;100;Livsmedel;kreditfaktura;sek;03222000-3;Äpplen\n"
        let line = try #require(try readAll(csv(swedish)).first)
        #expect(line.kind == .creditNote)
        #expect(line.account == "Livsmedel")
        #expect(line.cpv == CPVCode("03222000-3"))
        #expect(line.text == "Äpplen")
        let english = "Supplier ID\tSupplier\tInvoice No\tDate\tNet amount\tCategory\tType\tDescription\tIgnored\n"
            + "GB983294\tBritish Supplies Ltd\tX1\t2026-02-01\t12.5\tIT\tCredit note\tLaptops\tz\n"
        var reader = try CSVSpendReader(bytes: csv(english))
        #expect(reader.delimiter == 0x09)
        let english1 = try #require(try reader.next())
        #expect(english1.kind == .creditNote)
        #expect(english1.supplier.organisationNumber == nil)
        #expect(english1.supplier.identifier == "GB983294")
        #expect(english1.amount == money("12.50"))
    }

    @Test func explicitMappingChoosesColumns() throws {
        let text = "Motpart;Namn;Verifikat;Bokf.dag;Summa;Belopp\n"
            + "5560360793;Frukt AB;V1;2026-02-01;100;999\n"
        let mapping = CSVColumnMapping(
            supplierOrganisationNumber: "Motpart", supplierName: "namn", invoiceNumber: "Verifikat",
            invoiceDate: "Bokf.dag", amount: "Summa")
        let line = try #require(try readAll(csv(text), mapping: mapping).first)
        #expect(line.amount == money("100"))
        #expect(line.invoiceNumber == "V1")

        let error = try #require(csvError(csv(text), mapping: CSVColumnMapping(amount: "Netto")))
        #expect(error.line == 1)
        #expect(error.description.contains("\"Netto\""))
        #expect(error.swedish.hasPrefix("rad 1: kolumnen ”Netto”"))
    }

    @Test func missingColumnsAreAllNamed() throws {
        let error = try #require(csvError(csv("Leverantör;Belopp;Övrigt\nA;1;x\n")))
        #expect(error.line == 1)
        #expect(error.reason == .columnMissing(
            fields: [.supplierOrganisationNumber, .invoiceNumber, .invoiceDate], found: ["Leverantör", "Belopp", "Övrigt"]))
        #expect(error.description.hasPrefix("line 1: no column for the supplier's organisation number, the invoice number and the invoice date"))
        #expect(error.description.contains("\"Leverantör\", \"Belopp\" and \"Övrigt\""))
        #expect(error.swedish.contains("leverantörens organisationsnummer, fakturanummer och fakturadatum"))
    }

    @Test func textInTheAmountColumnNamesLineAndColumn() throws {
        let text = "Orgnr;Leverantör;Fakturanr;Fakturadatum;Belopp exkl moms\n"
            + String(repeating: "5560360793;Frukt AB;1;2026-01-01;1\n", count: 5)
            + "5560360793;Frukt AB;2;2026-01-01;tolv\n"
        let error = try #require(csvError(csv(text)))
        #expect(error.line == 7)
        #expect(error.reason == .notANumber(column: "Belopp exkl moms", value: "tolv"))
        #expect(error.description == "line 7: the amount \"tolv\" in column \"Belopp exkl moms\" is not a number")
        #expect(error.swedish == "rad 7: beloppet ”tolv” i kolumnen ”Belopp exkl moms” är inte ett tal")
    }

    @Test(arguments: [
        ("1234", "1234"), ("1234,50", "1234.50"), ("1234.50", "1234.50"), ("-1 234,50", "-1234.50"),
        ("1\u{00A0}234,50", "1234.50"), ("1\u{202F}234,50", "1234.50"), ("1.234,50", "1234.50"), ("1,234.50", "1234.50"),
        ("1234,50 kr", "1234.50"), ("1234 SEK", "1234"), ("500-", "-500"), ("(500,25)", "-500.25"), ("12,5", "12.50"),
        ("0,500", "0.50"), ("1.234.567", "1234567"), ("\u{2212}7", "-7"), ("1,230", "1.23"),
    ] as [(String, String)])
    func parsesAmounts(text: String, expected: String) throws {
        // The second row ("0,5") settles the file on decimal comma.
        let file = header + "5560360793;A;1;2026-01-01;\(text);1\n5560360793;A;2;2026-01-01;0,5;1\n"
        let lines = try readAll(csv(file))
        #expect(lines.first?.amount == money(expected))
    }

    @Test func ambiguousThousandsFollowTheRestOfTheFile() throws {
        let pointFile = header + "5560360793;A;1;2026-01-01;1,234;1\n5560360793;A;2;2026-01-01;1.5;1\n"
        var reader = try CSVSpendReader(bytes: csv(pointFile))
        #expect(reader.decimalSeparator == .point)
        #expect(try reader.next()?.amount == money("1234"))
        let onlyAmbiguous = header + "5560360793;A;1;2026-01-01;1.234;1\n"
        let semicolon = try CSVSpendReader(bytes: csv(onlyAmbiguous))
        #expect(semicolon.decimalSeparator == .comma)
        #expect(try readAll(csv(onlyAmbiguous)).first?.amount == money("1234"))
    }

    @Test func threeDecimalsAreRefusedNotRounded() throws {
        let error = try #require(csvError(csv(header + "5560360793;A;1;2026-01-01;12,345;1\n5560360793;A;2;2026-01-01;1,5;1\n")))
        #expect(error.line == 2)
        #expect(error.reason == .tooManyDecimals(column: "Belopp exkl moms", value: "12,345"))
        #expect(try readAll(csv(header + "5560360793;A;1;2026-01-01;12,3400;1\n")).first?.amount == money("12.34"))
    }

    @Test func emptyAmountIsAnError() throws {
        let error = try #require(csvError(csv(header + "5560360793;A;1;2026-01-01;;1\n")))
        #expect(error.reason == .emptyValue(column: "Belopp exkl moms"))
        #expect(error.description == "line 2: the column \"Belopp exkl moms\" is empty")
    }

    @Test(arguments: [
        ("2026-03-15", "2026-03-15"), ("20260315", "2026-03-15"), ("2026-03-15 00:00", "2026-03-15"),
        ("2026-03-15 00:00:00", "2026-03-15"), ("2026-03-15T10:00:00+01:00", "2026-03-15"), ("15.03.2026", "2026-03-15"),
        ("15/03/2026", "2026-03-15"),
    ] as [(String, String)])
    func readsDates(text: String, expected: String) throws {
        #expect(try readAll(csv(header + "5560360793;A;1;\(text);1;1\n")).first?.invoiceDate == day(expected))
    }

    @Test(arguments: ["2026-02-30", "03/04/2026", "15 mars", "2026-13-01", "2026-03-15X"])
    func refusesBadDates(text: String) throws {
        let error = try #require(csvError(csv(header + "5560360793;A;1;\(text);1;1\n")))
        #expect(error.line == 2)
        #expect(error.reason == .badDate(column: "Fakturadatum", value: text))
        #expect(error.swedish.hasPrefix("rad 2: datumet ”\(text)”"))
    }

    @Test func luhnTypoIsRefused() throws {
        let error = try #require(csvError(csv(header + "556036-0794;A;1;2026-01-01;1;1\n")))
        #expect(error.line == 2)
        #expect(error.reason == .badOrganisationNumber(value: "556036-0794", problem: .checkDigit))
        #expect(error.description.hasPrefix("line 2: the organisation number \"556036-0794\" is not valid"))
        #expect(error.swedish.hasPrefix("rad 2: organisationsnumret ”556036-0794” är inte giltigt"))
    }

    @Test func identifiesSuppliersInEveryForm() throws {
        let text = header
            + "800101-1231;Enskild firma;1;2026-01-01;1;1\n"
            + "SE556036079301;Moms AB;2;2026-01-01;1;1\n"
            + "16 5560360793;Sekel AB;3;2026-01-01;1;1\n"
            + "no 123456789 mva;Norsk AS;4;2026-01-01;1;1\n"
        let lines = try readAll(csv(text))
        #expect(lines[0].supplier.organisationNumber == nil)
        #expect(lines[0].supplier.identifier == "8001011231")
        #expect(lines[1].supplier.organisationNumber?.digits == "5560360793")
        #expect(lines[1].supplier.identifier == "5560360793")
        #expect(lines[2].supplier.identifier == "5560360793")
        #expect(lines[3].supplier.organisationNumber == nil)
        #expect(lines[3].supplier.identifier == "NO123456789MVA")
    }

    @Test func emptySupplierNameOrNumberIsAnError() throws {
        #expect(csvError(csv(header + ";A;1;2026-01-01;1;1\n"))?.reason == .emptyValue(column: "Organisationsnummer"))
        #expect(csvError(csv(header + "5560360793; ;1;2026-01-01;1;1\n"))?.reason == .emptyValue(column: "Leverantör"))
        #expect(csvError(csv(header + "5560360793;A;;2026-01-01;1;1\n"))?.reason == .emptyValue(column: "Fakturanummer"))
    }

    @Test func invoicesSplitOverRowsAreOneInvoiceButConflictingDatesAreNot() throws {
        let split = header
            + "5560360793;A;F1;2026-01-01;100;4010\n"
            + "5566778899;B;F1;2026-01-09;5;4010\n"
            + "5560360793;A;F1;2026-01-01;50;4020\n"
        #expect(try readAll(csv(split)).count == 3)
        let conflicting = split + "5560360793;A;F1;2026-01-02;1;4010\n"
        let error = try #require(csvError(csv(conflicting)))
        #expect(error.line == 5)
        #expect(error.reason == .duplicateInvoice(
            number: "F1", supplier: "A (5560360793)", firstLine: 2, conflict: .date(first: day("2026-01-01"), found: day("2026-01-02"))))
        #expect(error.description.hasPrefix("line 5: invoice \"F1\" from A (5560360793) was dated 2026-01-01 on line 2"))
        #expect(error.swedish.hasPrefix("rad 5: faktura ”F1” från A (5560360793) hade datum 2026-01-01 på rad 2"))
        // A credit note may share its number with an invoice.
        let credit = "Orgnr;Leverantör;Fakturanr;Datum;Belopp;Typ\n"
            + "5560360793;A;F1;2026-01-01;100;faktura\n5560360793;A;F1;2026-02-01;-100;kredit\n"
        #expect(try readAll(csv(credit)).map(\.kind) == [.invoice, .creditNote])
    }

    @Test func unknownKindIsAnError() throws {
        let text = "Orgnr;Leverantör;Fakturanr;Datum;Belopp;Typ\n5560360793;A;F1;2026-01-01;100;påminnelse\n"
        #expect(csvError(csv(text))?.reason == .unknownKind(column: "Typ", value: "påminnelse"))
    }

    @Test func wrongColumnCountNamesTheLine() throws {
        let error = try #require(csvError(csv(header + "5560360793;A;1;2026-01-01;1;1\n5560360793;A;2;2026-01-01;1,5;1;extra\n")))
        #expect(error.line == 3)
        #expect(error.reason == .wrongColumnCount(expected: 6, found: 7))
        #expect(error.description.hasPrefix("line 3: the row has 7 fields but the header has 6"))
        #expect(error.swedish.hasPrefix("rad 3: raden har 7 fält"))
    }

    @Test func blankAndDelimiterOnlyLinesAreSkipped() throws {
        let lines = try readAll(csv("\n\r\n" + header + "\n5560360793;A;1;2026-01-01;1;1\n;;;;;\n\n"))
        #expect(lines.count == 1)
        #expect(lines[0].sourceLine == 5)
    }

    @Test func unterminatedQuoteIsAnError() throws {
        #expect(csvError(csv(header + "5560360793;\"A;1;2026-01-01;1;1\n"))?.line == 2)
        #expect(csvError(csv(header + "5560360793;\"A\"x;1;2026-01-01;1;1\n"))?.reason == .textAfterQuote(column: "Leverantör"))
    }

    @Test func emptyFileAndUTF16AreRefused() throws {
        #expect(csvError([]) == SpendFileError(line: nil, reason: .emptyFile))
        #expect(csvError(csv("\n\r\n  \n"))?.reason == .emptyFile)
        let utf16: [UInt8] = [0xFF, 0xFE] + Array(header.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let error = try #require(csvError(utf16))
        #expect(error.reason == .utf16NotSupported)
        #expect(error.description.contains("save the file as UTF-8 or Windows-1252"))
        #expect(error.swedish.contains("spara filen som UTF-8 eller Windows-1252"))
        // Without a BOM, the NUL bytes give UTF-16 away.
        let withoutBOM: [UInt8] = Array(header.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(csvError(withoutBOM)?.reason == .utf16NotSupported)
    }

    @Test func undefinedWindows1252ByteIsAnError() throws {
        var bytes = csv(header + "5560360793;A")
        bytes.append(0x81)
        bytes += csv(";1;2026-01-01;1;1\n")
        let error = try #require(csvError(bytes))
        #expect(error.line == 2)
        #expect(error.reason == .undecodable(byte: 0x81, byteOffset: header.utf8.count + 12))
    }

    @Test func frontDoorReadsCSV() throws {
        var reader = try SpendFileReader(bytes: csv(header + "5560360793;A;1;2026-01-01;1;1\n"))
        #expect(reader.format == .csv)
        #expect(reader.document == nil)
        #expect(try reader.next()?.invoiceNumber == "1")
        #expect(try reader.next() == nil)
    }
}
