import Foundation
@testable import OpenContracting
import Procurement
import Testing

@Suite struct ReleasePackageBuilderTests {
    let package = Scenario.builder.build(Scenario.publication)
    var json: String { String(decoding: try! package.jsonData(), as: UTF8.self) }

    func release(_ id: UUID) throws -> OCDS.Release {
        try #require(package.releases.first { $0.ocid == "\(Scenario.prefix)-\(id.uuidString.lowercased())" })
    }

    @Test func thePackageDeclaresItsVersionPublisherAndExtensions() {
        #expect(package.version == "1.1")
        #expect(package.uri == "https://samverkan.example/kontor/jamtland/ocds.json")
        #expect(package.publisher.name == "Upphandlingssamverkan Jämtland")
        #expect(package.publishedDate == "2026-03-16T11:00:00+01:00")
        #expect(package.extensions == [OCDS.bidExtension, OCDS.lotsExtension])
    }

    @Test func oneReleasePerTenderAndPerDirectAwardByOCID() {
        let ids = [101, 102, 103, 104, 105, 301, 302].map { "ocds-abc123-" + Scenario.uuid($0).uuidString.lowercased() }
        #expect(package.releases.map(\.ocid) == ids.sorted())
        for release in package.releases {
            #expect(release.id.hasPrefix(release.ocid + "-"))
            #expect(release.initiationType == "tender")
        }
    }

    @Test func tagsAndStatusesFollowTheStages() throws {
        let expected: [(Int, [OCDS.Tag], OCDS.TenderStatus)] = [
            (101, [.planning], .planning), (102, [.tender], .active), (103, [.contract], .complete),
            (104, [.award], .complete), (105, [.tenderCancellation], .cancelled),
            (301, [.award, .contract], .complete), (302, [.award, .contract, .contractTermination], .complete),
        ]
        for (id, tags, status) in expected {
            let release = try release(Scenario.uuid(id))
            #expect(release.tag == tags, "tags of \(id)")
            #expect(release.tender.status == status, "status of \(id)")
        }
    }

    @Test func theReleaseDateIsTheLatestEventUpToThePublication() throws {
        // The framework's first option was used on 2026-02-15, after the contracts were activated.
        let awarded = try release(Scenario.awarded.id)
        #expect(awarded.date == "2026-02-15T00:00:00+01:00")
        #expect(awarded.id == awarded.ocid + "-20260215000000")
        // The planned early dialogue (2026-03-20) has not happened: the planning start is the latest event.
        #expect(try release(Scenario.planned.id).date == "2026-02-01T00:00:00+01:00")
        #expect(try release(Scenario.directAward.id).date == "2026-01-28T14:00:00+01:00")
    }

    @Test func theTenderWithItsLotsItemsAndPeriods() throws {
        let tender = try release(Scenario.awarded.id).tender
        #expect(tender.id == Scenario.awarded.id.uuidString.lowercased())
        #expect(tender.procuringEntity == OCDS.OrganizationReference(id: "ocds-abc123-office", name: "Upphandlingssamverkan Jämtland"))
        #expect(tender.procurementMethod == .open)
        #expect(tender.procurementMethodDetails == "Öppet förfarande")
        #expect(tender.mainProcurementCategory == .goods)
        #expect(tender.lots?.map(\.id) == ["1", "2"])
        #expect(tender.lots?.map(\.status) == [.complete, .complete])
        #expect(tender.items?.map(\.relatedLot) == ["1", "2"])
        #expect(tender.items?.first?.classification == OCDS.Classification(scheme: "CPV", id: "30192000", description: "Kontorsmateriel"))
        #expect(tender.tenderPeriod == OCDS.Period(startDate: "2025-09-01T00:00:00+02:00", endDate: "2025-10-01T12:00:00+02:00"))
        #expect(tender.awardPeriod == OCDS.Period(startDate: "2025-10-01T13:00:00+02:00", endDate: "2025-10-20T23:59:59+02:00"))
        #expect(try release(Scenario.cancelled.id).tender.procurementMethod == .selective)
        #expect(try release(Scenario.open.id).tender.mainProcurementCategory == .services)
    }

    @Test func planningMilestonesMetAndScheduled() throws {
        let planned = try #require(try release(Scenario.planned.id).planning?.milestones)
        #expect(planned.map(\.id) == ["planning", "early-dialogue"])
        #expect(planned.map(\.status) == ["met", "scheduled"])
        #expect(planned[1].dueDate == "2026-03-20T00:00:00+01:00")
        #expect(planned[1].dateMet == nil)
    }

    @Test func documentsWithTheirTypesLinksAndTheNoticeReference() throws {
        let documents = try #require(try release(Scenario.awarded.id).tender.documents)
        #expect(documents.map(\.documentType) == ["biddingDocuments", "awardNotice", "tenderNotice"])
        #expect(documents[0].url == "https://www.e-avrop.com/jamtland/e-Upphandling/Default.aspx?id=7")
        #expect(documents[1].url == nil)
        #expect(documents[1].description == "Dnr UK 2025/0014")
        #expect(documents[2].description == "TED 2025/S 170-123456")
        #expect(documents[2].datePublished == "2025-09-01T00:00:00+02:00")
    }

    @Test func awardsPerLotWithSuppliersAndValues() throws {
        let release = try release(Scenario.awarded.id)
        let awards = try #require(release.awards)
        #expect(awards.map(\.id) == ["lot-1", "lot-2"])
        #expect(awards.map(\.status) == [.active, .active])
        #expect(awards.map(\.relatedLots) == [["1"], ["2"]])
        #expect(awards[0].date == "2025-10-20T00:00:00+02:00")
        #expect(awards[0].suppliers?.map(\.name).sorted() == ["Kontorsvaror Norr AB", "Skrivbordsgruppen AB"])
        #expect(awards[0].value?.amount == Decimal(string: "900000.5"))
        #expect(awards[1].suppliers?.map(\.name) == ["Pappershandlaren i Åre"])
        // Within the standstill the award is decided but not in force, and no supplier is named.
        let pending = try #require(try self.release(Scenario.standstill.id).awards)
        #expect(pending.map(\.status) == [.pending])
        #expect(pending[0].suppliers == nil)
    }

    @Test func contractsWithPeriodOptionsValueAndStatus() throws {
        let contracts = try #require(try release(Scenario.awarded.id).contracts)
        #expect(contracts.map(\.id) == [Scenario.framework.id, Scenario.paper.id].map { $0.uuidString.lowercased() })
        let framework = contracts[0]
        #expect(framework.awardID == "lot-1")
        #expect(framework.status == .active)
        #expect(framework.period == OCDS.Period(
            startDate: "2025-12-01T00:00:00+01:00", endDate: "2028-11-30T23:59:59+01:00", maxExtentDate: "2029-11-30T23:59:59+01:00"))
        #expect(framework.dateSigned == "2025-11-10T00:00:00+01:00")
        #expect(contracts[1].awardID == "lot-2")
        #expect(contracts[1].period.maxExtentDate == nil)
        let terminated = try #require(try release(Scenario.terminatedAward.id).contracts?.first)
        #expect(terminated.status == .terminated)
        #expect(terminated.period.endDate == "2026-02-28T23:59:59+01:00")
    }

    @Test func aDirectAwardIsAProcessOfItsOwn() throws {
        let release = try release(Scenario.directAward.id)
        #expect(release.tender.procurementMethod == .direct)
        #expect(release.tender.procurementMethodDetails == "Direktupphandling")
        #expect(release.awards?.map(\.id) == ["award"])
        #expect(release.contracts?.map(\.awardID) == ["award"])
        #expect(release.contracts?.first?.dateSigned == "2026-01-28T14:00:00+01:00")
        #expect(release.buyer?.name == "Bräcke kommun")
        let supplier = try #require(release.parties?.first { $0.roles == [.supplier] })
        #expect(supplier.name == "Nordisk Papir AS")
        #expect(supplier.id == "ocds-abc123-supplier-" + Scenario.foreign.id.uuidString.lowercased())
        #expect(supplier.identifier == nil)
    }

    @Test func moneyIsExactDecimalKronorInSEK() {
        #expect(json.contains(#"{"amount":1234567.89,"currency":"SEK"}"#))
        #expect(json.contains(#"{"amount":334567.89,"currency":"SEK"}"#))
        #expect(json.contains(#"{"amount":95000.5,"currency":"SEK"}"#))
        #expect(json.contains(#"{"amount":900000.5,"currency":"SEK"}"#))
        #expect(OCDS.Value(Money(ore: -1)).amount == Decimal(string: "-0.01"))
        #expect(OCDS.Value(Money(ore: Int64.max)).amount == Decimal(string: "92233720368547758.07"))
    }

    @Test func partiesBySwedishOrganisationNumberWithTheirRoles() throws {
        let parties = try #require(try release(Scenario.awarded.id).parties)
        let ostersund = try #require(parties.first { $0.name == "Östersunds kommun" })
        let digits = Scenario.ostersund.organisationNumber.digits
        #expect(ostersund.id == "SE-ORG-\(digits)")
        #expect(ostersund.identifier == OCDS.Identifier(scheme: "SE-BLV", id: digits, legalName: "Östersunds kommun"))
        #expect(ostersund.roles == [.buyer])
        #expect(parties.first { $0.name == "Kontorsvaror Norr AB" }?.roles == [.supplier, .tenderer])
        #expect(parties.first { $0.id == "ocds-abc123-office" }?.roles == [.procuringEntity])
        #expect(parties.map(\.id) == parties.map(\.id).sorted())
        // Three buyers: a joint procurement has no single `buyer`.
        #expect(try release(Scenario.awarded.id).buyer == nil)
    }

    @Test func aSoleTraderIsNamedButItsPersonnummerIsNot() throws {
        let parties = try #require(try release(Scenario.awarded.id).parties)
        let trader = try #require(parties.first { $0.name == "Pappershandlaren i Åre" })
        #expect(trader.id == "ocds-abc123-supplier-" + Scenario.soleTrader.id.uuidString.lowercased())
        #expect(trader.identifier == nil)
        #expect(!json.contains(Scenario.soleTraderNumber))
        #expect(!json.contains("800101"))
    }

    @Test func bidCountsOnlyAfterTheAwardDecision() throws {
        let open = try release(Scenario.open.id)
        #expect(open.tender.numberOfTenderers == nil)
        #expect(open.bids == nil)
        #expect(open.awards == nil)
        // One lot: the lot's count is the number of tenderers.
        #expect(try release(Scenario.standstill.id).tender.numberOfTenderers == 3)
        // Two lots: a supplier may bid for both, so only the counts per lot are known.
        let awarded = try release(Scenario.awarded.id)
        #expect(awarded.tender.numberOfTenderers == nil)
        #expect(awarded.bids?.statistics == [
            OCDS.Statistic(id: "1-bids", measure: "bids", value: 4, relatedLot: "1"),
            OCDS.Statistic(id: "2-bids", measure: "bids", value: 2, relatedLot: "2"),
        ])
    }

    @Test func aLotWithoutBidsIsUnsuccessful() throws {
        var publication = Scenario.publication
        publication.bidCounts.removeAll { $0.tenderID == Scenario.standstill.id }
        let release = try #require(Scenario.builder.build(publication).releases.first { $0.tender.id == Scenario.standstill.id.uuidString.lowercased() })
        #expect(release.tender.status == .unsuccessful)
        #expect(release.tender.lots?.map(\.status) == [.unsuccessful])
        #expect(release.awards?.map(\.status) == [.unsuccessful])
        #expect(release.tender.numberOfTenderers == 0)
    }

    @Test func theCancellationAndItsReason() throws {
        let release = try release(Scenario.cancelled.id)
        #expect(release.tender.lots?.map(\.status) == [.cancelled])
        #expect(release.awards == nil)
        let cancellation = try #require(release.tender.documents?.first { $0.documentType == "cancellationDetails" })
        #expect(cancellation.description == "Inga anbud uppfyllde kraven.")
        #expect(cancellation.datePublished == "2026-01-15T00:00:00+01:00")
    }

    @Test func nothingUnpublishedAndNoPersonalData() {
        #expect(!json.contains(Scenario.draft.id.uuidString.lowercased()))
        #expect(!json.contains("Hemliga Anbudsgivaren"))
        #expect(!json.contains("Ragunda"))
        #expect(!json.contains("@"))
        #expect(!json.contains("contactPoint"))
        // Internal references and the framework's maximum are the office's, not the feed's.
        #expect(!json.contains("UK 2025/0007-1"))
        #expect(!json.contains(#""amount":1500000"#))
    }

    @Test func theSameDataInAnyOrderGivesTheSameBytes() throws {
        var shuffled = Scenario.publication
        shuffled.tenders.reverse()
        shuffled.contracts.reverse()
        shuffled.organisations.reverse()
        shuffled.suppliers.reverse()
        shuffled.bidCounts.reverse()
        shuffled.tenders = shuffled.tenders.map { var record = $0; record.lots.reverse(); record.documents.reverse(); return record }
        let first = try Scenario.builder.build(Scenario.publication).jsonData()
        #expect(try Scenario.builder.build(Scenario.publication).jsonData() == first)
        #expect(try Scenario.builder.build(shuffled).jsonData() == first)
    }

    @Test func ocidPrefixesAsTheRegistryAssignsThem() {
        #expect(Publication.OfficeInfo.isValidPrefix("ocds-abc123"))
        #expect(!Publication.OfficeInfo.isValidPrefix("ocds-ABC123"))
        #expect(!Publication.OfficeInfo.isValidPrefix("ocds-abc12"))
        #expect(!Publication.OfficeInfo.isValidPrefix("ocds-abc1234"))
        #expect(!Publication.OfficeInfo.isValidPrefix("ocds-abc12ä"))
        #expect(!Publication.OfficeInfo.isValidPrefix("xxxx-abc123"))
    }
}
