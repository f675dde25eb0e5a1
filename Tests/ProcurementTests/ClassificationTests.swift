import Procurement
import Testing

@Suite struct ClassificationTests {
    let table = ReferenceData.thresholds

    func procedure(
        _ value: String, _ type: ContractType = .services, buyer: BuyerCategory = .subCentral, law: ProcurementLaw = .lou,
        on date: String = "2024-06-01"
    ) throws(ClassificationProblem) -> Procedure {
        try Classifier.classify(value: kr(value), law: law, contractType: type, buyer: buyer, on: day(date), thresholds: table).procedure
    }

    @Test(arguments: [
        ("0", Procedure.directAward), ("700000.00", .directAward), ("700000.01", .national),
        ("2389584.99", .national), ("2389585.00", .eu), ("2389585.01", .eu), ("100000000", .eu),
    ])
    func subCentralServicesIn2024(value: String, expected: Procedure) throws {
        #expect(try procedure(value) == expected)
        #expect(try procedure(value, .supplies) == expected)
    }

    @Test func centralGovernmentHasALowerThreshold() throws {
        #expect(try procedure("1546201.99", buyer: .central) == .national)
        #expect(try procedure("1546202", buyer: .central) == .eu)
    }

    @Test func worksIn2024UseTheirOwnThreshold() throws {
        #expect(try procedure("2389585", .works) == .national)
        #expect(try procedure("59880178.99", .works) == .national)
        #expect(try procedure("59880179", .works) == .eu)
        #expect(try procedure("700000", .works) == .directAward)
    }

    @Test func socialServicesIn2022() throws {
        #expect(try procedure("7802549.99", .socialServices, on: "2023-03-01") == .national)
        #expect(try procedure("7802550", .socialServices, on: "2023-03-01") == .eu)
    }

    @Test func lufHasItsOwnDirectAwardLimit() throws {
        #expect(try procedure("1200000", law: .luf, on: "2023-06-01") == .directAward)
        #expect(try procedure("1200000.01", law: .luf, on: "2023-06-01") == .national)
        #expect(try procedure("4483865", law: .luf, on: "2023-06-01") == .eu)
    }

    @Test func january2022StillHasThe2020DirectAwardLimit() throws {
        let classification = try Classifier.classify(
            value: kr("615312.01"), law: .lou, contractType: .supplies, buyer: .subCentral, on: day("2022-01-15"), thresholds: table)
        #expect(classification.procedure == .national)
        #expect(classification.directAwardLimitSEK == kr("615312"))
        #expect(classification.euThresholdSEK == kr("2236731"))
        #expect(classification.directAwardLimit.validTo == day("2022-01-31"))
        #expect(classification.euThreshold.eur == 215_000)
        #expect(classification.value == kr("615312.01"))
        #expect(classification.date == day("2022-01-15"))
        #expect(try procedure("615312", .supplies, on: "2022-01-15") == .directAward)
        #expect(try procedure("615312.01", .supplies, on: "2022-02-01") == .directAward)
    }

    @Test func refusesAThresholdThatExistsOnlyInEuro() throws {
        let threshold = try #require(table.applicable(law: .lou, kind: .suppliesServices, buyer: .subCentral, on: day("2026-03-01")))
        #expect(throws: ClassificationProblem.missingSEKAmount(threshold)) { try procedure("1", on: "2026-03-01") }
        let problem = ClassificationProblem.missingSEKAmount(threshold)
        #expect(problem.swedishMessage.hasPrefix("Tröskelvärdet för varor och tjänster (LOU, från 2026-01-01) finns bara i euro: 216\u{202F}000\u{00A0}EUR."))
        #expect(problem.swedishMessage.contains("Ange beloppet i kronor (källa: Commission Delegated Regulation (EU) 2025/2152"))
        #expect(problem.description.contains("has no SEK amount"))
        #expect(problem.description.contains("216000 EUR, which is not converted"))
    }

    @Test func even2026WorksAndLUFNeedKronor() {
        #expect(throws: ClassificationProblem.self) { try procedure("1", .works, on: "2027-12-31") }
        #expect(throws: ClassificationProblem.self) { try procedure("1", law: .luf, on: "2026-01-01") }
        do {
            _ = try procedure("1", .works, on: "2026-06-01")
            Issue.record("classified against a threshold without kronor")
        } catch {
            guard case .missingSEKAmount(let threshold) = error else { Issue.record("\(error)"); return }
            #expect(threshold.kind == .works)
            #expect(error.swedishMessage.contains("5\u{202F}404\u{202F}000\u{00A0}EUR"))
        }
    }

    @Test func aMissingKronorDirectAwardLimitIsNamedToo() {
        let limit = Threshold(law: .lou, kind: .directAward, buyer: .all, validFrom: day("2030-01-01"), validTo: nil,
                              eur: nil, sek: nil, source: "a future amendment")
        let eu = Threshold(law: .lou, kind: .suppliesServices, buyer: .subCentral, validFrom: day("2030-01-01"), validTo: nil,
                           eur: 250_000, sek: kr("2800000"), source: "test")
        #expect(throws: ClassificationProblem.missingSEKAmount(limit)) {
            try Classifier.classify(value: .zero, law: .lou, contractType: .services, buyer: .subCentral,
                                    on: day("2030-01-01"), thresholds: ThresholdTable([eu, limit]))
        }
        #expect(ClassificationProblem.missingSEKAmount(limit).swedishMessage
            == "Direktupphandlingsgränsen (LOU, från 2030-01-01) saknar belopp i kronor. Ange beloppet i kronor (källa: a future amendment) innan upphandlingen kan klassas.")
    }

    @Test func refusesADateWithoutThresholds() {
        #expect(throws: ClassificationProblem.noThreshold(law: .lou, kind: .directAward, buyer: .subCentral, date: day("2017-06-01"))) {
            try procedure("1", on: "2017-06-01")
        }
        // 2020–2021 has a direct-award limit in the file but no EU threshold.
        #expect(throws: ClassificationProblem.noThreshold(law: .lou, kind: .suppliesServices, buyer: .subCentral, date: day("2021-06-01"))) {
            try procedure("1", on: "2021-06-01")
        }
        // LUF has no 2024–2025 row.
        #expect(throws: ClassificationProblem.noThreshold(law: .luf, kind: .suppliesServices, buyer: .subCentral, date: day("2024-06-01"))) {
            try procedure("1", law: .luf)
        }
        let problem = ClassificationProblem.noThreshold(law: .lou, kind: .works, buyer: .all, date: day("2017-06-01"))
        #expect(problem.swedishMessage.hasPrefix("Tröskelvärdet för byggentreprenader enligt LOU för alla upphandlande myndigheter som gäller 2017-06-01 saknas."))
        #expect(problem.description == "no LOU works threshold for buyer category all is valid on 2017-06-01")
    }

    @Test func theEUTestComesFirst() throws {
        // A table whose direct-award limit is above the threshold must not hide an EU procurement.
        let rows = [
            Threshold(law: .lou, kind: .directAward, buyer: .all, validFrom: day("2030-01-01"), validTo: nil, eur: nil, sek: kr("3000000"), source: "t"),
            Threshold(law: .lou, kind: .suppliesServices, buyer: .all, validFrom: day("2030-01-01"), validTo: nil, eur: nil, sek: kr("2000000"), source: "t"),
        ]
        let classification = try Classifier.classify(value: kr("2500000"), law: .lou, contractType: .supplies, buyer: .central,
                                                     on: day("2030-01-01"), thresholds: ThresholdTable(rows))
        #expect(classification.procedure == .eu)
    }

    @Test func namesProceduresInSwedish() {
        #expect(Procedure.directAward.swedishName == "Direktupphandling")
        #expect(Procedure.national.swedishName == "Upphandling enligt LOU 19 kap. (under tröskelvärdet)")
        #expect(Procedure.national.swedishName(law: .luf) == "Upphandling enligt LUF 19 kap. (under tröskelvärdet)")
        #expect(Procedure.eu.swedishName(law: .luf) == "Upphandling över EU:s tröskelvärde")
        #expect(Procedure.directAward < .national && Procedure.national < .eu)
        #expect(ContractType.services.thresholdKind == .suppliesServices)
        #expect(ContractType.socialServices.thresholdKind == .socialServices)
        #expect(ContractType.works.swedishName == "Byggentreprenad")
        #expect(ThresholdKind.socialServices.swedishName == "Sociala tjänster och andra särskilda tjänster")
    }
}
