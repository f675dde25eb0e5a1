import Procurement
import Testing

@Suite struct ThresholdCSVTests {
    static let header = "law,kind,buyer,valid_from,valid_to,eur,sek,source\n"

    @Test func readsTheRealFile() throws {
        let rows = try ThresholdTable.parseCSV(ReferenceData.text("thresholds.csv"))
        #expect(rows.count == 18)
        #expect(rows.allSatisfy { !$0.source.isEmpty })
        #expect(rows.filter { $0.sek == nil }.count == 5)
        #expect(rows.first == Threshold(
            law: .lou, kind: .directAward, buyer: .all, validFrom: day("2022-02-01"), validTo: nil, eur: nil,
            sek: kr("700000"),
            source: "LOU 19 a kap. as amended by prop. 2021/22:5 (fixed amount since 2022-02-01); Konkurrensverket, gamla tröskelvärden 2022-2023"))
        let subCentral2024 = try #require(rows.first { $0.buyer == .subCentral && $0.validFrom == day("2024-01-01") })
        #expect(subCentral2024.eur == 221_000)
        #expect(subCentral2024.sek == kr("2389585"))
        #expect(subCentral2024.validTo == day("2025-12-31"))
    }

    @Test func readsQuotesCRLFAndDecimals() throws {
        let text = "law,kind,buyer,valid_from,valid_to,eur,sek,source\r\n"
            + "LUF,works,all,2024-01-01,2025-12-31,5538000,59880179.50,\"A \"\"quoted\"\", comma-laden\nsource\"\r\n"
            + "\r\n"
        let rows = try Threshold.parseCSV(text)
        #expect(rows == [Threshold(
            law: .luf, kind: .works, buyer: .all, validFrom: day("2024-01-01"), validTo: day("2025-12-31"),
            eur: 5_538_000, sek: Money(ore: 5_988_017_950), source: "A \"quoted\", comma-laden\nsource")])
    }

    @Test func aHeaderAloneIsAnEmptyTable() throws {
        #expect(try ThresholdTable.parseCSV(Self.header).isEmpty)
    }

    @Test(arguments: [
        ("LOU,direct_award,all,2022-02-31,,,700000,src", 2, "valid_from"),
        ("LOU,direct_award,all,2022-02-01,,,700000", 2, "expected 8 fields, found 7"),
        ("LAG,direct_award,all,2022-02-01,,,700000,src", 2, "unknown law"),
        ("LOU,direct,all,2022-02-01,,,700000,src", 2, "unknown kind"),
        ("LOU,direct_award,kommun,2022-02-01,,,700000,src", 2, "unknown buyer"),
        ("LOU,direct_award,all,2022-02-01,2021-01-01,,700000,src", 2, "before valid_from"),
        ("LOU,works,all,2022-01-01,,5382000.5,,src", 2, "eur"),
        ("LOU,works,all,2022-01-01,,-1,,src", 2, "eur"),
        ("LOU,direct_award,all,2022-02-01,,,700 000,src", 2, "sek"),
        ("LOU,direct_award,all,2022-02-01,,,700000.001,src", 2, "sek"),
        ("LOU,direct_award,all,2022-02-01,,,-700000,src", 2, "sek"),
        ("LOU,direct_award,all,2022-02-01,,,0,src", 2, "sek"),
        ("LOU,direct_award,all,2022-02-01,,,,src", 2, "neither"),
        ("LOU,direct_award,all,2022-02-01,,,700000,  ", 2, "source"),
        ("LOU,direct_award,all,2022-02-01,,,700000,\"src", 2, "not closed"),
        ("LOU,direct_award,all,2022-02-01,,,700000,\"src\"x", 2, "after the closing quote"),
        ("LOU,direct_award,all,2022-02-01,,,700000,a \"b\"", 2, "double quote inside"),
        ("LOU,direct_award,all,2022-02-01,,,700000,src\nLOU,works,all,2022-01-01,,,,src", 3, "neither"),
        ("LOU,direct_award,all,2022-02-01,,,700000,\"two\nlines\"\nLUF,x", 4, "expected 8 fields"),
    ] as [(String, Int, String)])
    func namesTheBadLine(body: String, line: Int, reason: String) {
        #expect {
            _ = try ThresholdTable.parseCSV(Self.header + body + "\n")
        } throws: { error in
            guard let error = error as? ThresholdCSVError else { return false }
            return error.line == line && error.reason.contains(reason) && error.description.contains("line \(line):")
        }
    }

    @Test func refusesAWrongHeaderOrAnEmptyFile() {
        #expect(throws: ThresholdCSVError.self) { try ThresholdTable.parseCSV("law,kind,buyer\n") }
        #expect(throws: ThresholdCSVError(line: 1, reason: "the file is empty")) { try ThresholdTable.parseCSV("") }
    }
}

@Suite struct ThresholdTableTests {
    let table = ReferenceData.thresholds

    @Test func aRowIsValidThroughItsLastDay() {
        let row = table.applicable(law: .lou, kind: .works, buyer: .all, on: day("2025-12-31"))
        #expect(row?.sek == kr("59880179"))
        #expect(row?.isValid(on: day("2026-01-01")) == false)
        #expect(row?.isValid(on: day("2023-12-31")) == false)
    }

    @Test(arguments: [
        ("2019-06-01", "586907"), ("2020-01-01", "615312"), ("2021-06-01", "615312"), ("2022-01-31", "615312"),
        ("2022-02-01", "700000"), ("2026-06-01", "700000"), ("2040-01-01", "700000"),
    ])
    func findsTheDirectAwardLimitOfTheDay(date: String, sek: String) {
        #expect(table.applicable(law: .lou, kind: .directAward, buyer: .subCentral, on: day(date))?.sek == kr(sek))
        #expect(table.directAwardLimit(law: .lou, buyer: .central, on: day(date)) == kr(sek))
    }

    @Test func separatesCentralFromSubCentralBuyers() {
        let date = day("2024-06-01")
        #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .central, on: date)?.sek == kr("1546202"))
        #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .subCentral, on: date)?.sek == kr("2389585"))
        // No row is for "all" supplies and services buyers under LOU.
        #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .all, on: date) == nil)
    }

    @Test func prefersTheBuyersOwnRowThenTheLatest() {
        func row(_ buyer: BuyerCategory, _ from: String, _ to: String?, _ sek: String) -> Threshold {
            Threshold(law: .lou, kind: .suppliesServices, buyer: buyer, validFrom: day(from), validTo: to.map(day),
                      eur: nil, sek: kr(sek), source: "test \(sek)")
        }
        let rows = [
            row(.subCentral, "2024-01-01", "2025-12-31", "2"),
            row(.all, "2025-01-01", nil, "1"),
            row(.subCentral, "2020-01-01", nil, "3"),
            row(.central, "2025-01-01", nil, "4"),
        ]
        for order in [rows, rows.reversed()] {
            let table = ThresholdTable(order)
            #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .subCentral, on: day("2025-06-01"))?.sek == kr("2"))
            #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .subCentral, on: day("2026-06-01"))?.sek == kr("3"))
            #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .central, on: day("2025-06-01"))?.sek == kr("4"))
            #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .central, on: day("2024-06-01")) == nil)
            #expect(table.applicable(law: .lou, kind: .suppliesServices, buyer: .all, on: day("2025-06-01"))?.sek == kr("1"))
            #expect(table.applicable(law: .luf, kind: .suppliesServices, buyer: .subCentral, on: day("2025-06-01")) == nil)
        }
    }

    @Test func formatsEuroAsSwedesWriteThem() {
        let row = table.applicable(law: .lou, kind: .works, buyer: .all, on: day("2026-06-01"))
        #expect(row?.eurText == "5\u{202F}404\u{202F}000\u{00A0}EUR")
        #expect(table.applicable(law: .lou, kind: .directAward, buyer: .all, on: day("2026-06-01"))?.eurText == nil)
    }
}
