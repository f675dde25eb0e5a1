import Foundation
import OpenContracting
import Procurement

/// A full, fixed publication: every id and date is set, so the package is the same on every
/// run. Published on 2026-03-16 at 11:00 Swedish time; in it:
/// - a tender still in planning (no notice), and one open for bids (a bid count is given
///   for it, which must not be published before the award decision);
/// - a tender in two lots, awarded and under contract: a framework with two ranked
///   suppliers and options for lot 1, a sole trader for lot 2, and a draft contract that is
///   not yet activated;
/// - a tender awarded last week, within its standstill;
/// - a cancelled tender;
/// - two direct awards, one of them terminated early.
enum Scenario {
    static func uuid(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    static let officeID = uuid(1)
    static let prefix = "ocds-abc123"
    static let office = Publication.OfficeInfo(id: officeID, slug: "jamtland", name: "Upphandlingssamverkan Jämtland", ocidPrefix: prefix)

    static func orgNumber(_ serial: Int, group: Int = 2) -> OrganisationNumber {
        let payload = [group, 9, 9, 9, 9, 9] + String(format: "%03d", serial).map { Int(String($0))! }
        return try! OrganisationNumber(payload.map(String.init).joined() + String(Luhn.checkDigit(for: payload)))
    }

    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static let publishedDate = instant("2026-03-16T10:00:00Z")

    static let ostersund = Organisation(
        id: uuid(11), officeID: officeID, kind: .municipality, name: "Östersunds kommun", organisationNumber: orgNumber(1),
        kommunkod: Kommunkod("2380"), population: 64_700, memberFrom: day("2019-01-01"))
    static let krokom = Organisation(
        id: uuid(12), officeID: officeID, kind: .municipality, name: "Krokoms kommun", organisationNumber: orgNumber(2),
        kommunkod: Kommunkod("2309"), population: 15_700, memberFrom: day("2019-01-01"))
    static let are = Organisation(
        id: uuid(13), officeID: officeID, kind: .municipality, name: "Åre kommun", organisationNumber: orgNumber(3),
        kommunkod: Kommunkod("2321"), population: 12_300, memberFrom: day("2019-01-01"))
    static let bracke = Organisation(
        id: uuid(14), officeID: officeID, kind: .municipality, name: "Bräcke kommun", organisationNumber: orgNumber(4),
        kommunkod: Kommunkod("2305"), population: 6_300, memberFrom: day("2019-01-01"))
    /// A member that is party to nothing published: it must not appear.
    static let ragunda = Organisation(
        id: uuid(15), officeID: officeID, kind: .municipality, name: "Ragunda kommun", organisationNumber: orgNumber(5),
        kommunkod: Kommunkod("2303"), population: 5_300, memberFrom: day("2019-01-01"))

    static let kontorsvaror = Supplier(id: uuid(21), name: "Kontorsvaror Norr AB", nationalID: orgNumber(21, group: 5).digits)
    static let skrivbord = Supplier(id: uuid(22), name: "Skrivbordsgruppen AB", nationalID: orgNumber(22, group: 5).digits)
    /// A sole trader (*enskild firma*): its number is the owner's personnummer, never published.
    static let soleTraderNumber = "8001019998"
    static let soleTrader = Supplier(id: uuid(23), name: "Pappershandlaren i Åre", nationalID: soleTraderNumber)
    static let foreign = Supplier(id: uuid(24), name: "Nordisk Papir AS", country: "NO", nationalID: "987654321")
    /// Not on any published contract: it must not appear.
    static let unpublished = Supplier(id: uuid(25), name: "Hemliga Anbudsgivaren AB", nationalID: orgNumber(25, group: 5).digits)

    static let cpv = CPVCode("30192000-1")!

    // Planning only: the notice is not published.
    static let planned = Tender(
        id: uuid(101), title: "Skolmöbler", cpv: CPVCode("39160000-1")!, contractType: .supplies, procedure: .open, framework: true,
        schedule: TenderSchedule(planningFrom: day("2026-02-01"), earlyDialogueOn: day("2026-03-20")))
    // Open for bids until 2026-03-20.
    static let open = Tender(
        id: uuid(102), title: "Städtjänster", description: "Lokalvård i kommunernas lokaler", cpv: CPVCode("90910000-9")!,
        contractType: .services, procedure: .simplified, framework: true, estimatedValue: Money(kronor: 4_000_000),
        schedule: TenderSchedule(
            planningFrom: day("2025-12-01"), noticePublishedOn: day("2026-02-10"), noticeReference: "https://www.e-avrop.com/jamtland/e-Upphandling/Default.aspx?id=1",
            tenderDeadline: instant("2026-03-20T11:00:00Z"), openingAt: instant("2026-03-20T12:00:00Z")))
    static let openLot = Lot(id: uuid(1021), tenderID: uuid(102), number: 1, title: "Lokalvård")
    // Two lots, awarded on 2025-10-20, contracts signed on 2025-11-10.
    static let awarded = Tender(
        id: uuid(103), title: "Kontorsmaterial och papper", description: "Ramavtal för kontorsmaterial och kopieringspapper",
        cpv: cpv, contractType: .supplies, procedure: .open, framework: true, estimatedValue: Money(ore: 1_234_567_89),
        schedule: TenderSchedule(
            planningFrom: day("2025-05-01"), earlyDialogueOn: day("2025-06-10"), noticePublishedOn: day("2025-09-01"),
            noticeReference: "TED 2025/S 170-123456", tenderDeadline: instant("2025-10-01T10:00:00Z"),
            openingAt: instant("2025-10-01T11:00:00Z"), awardDecisionOn: day("2025-10-20"), contractSignedOn: day("2025-11-10")))
    static let awardedLot1 = Lot(id: uuid(1031), tenderID: uuid(103), number: 1, title: "Kontorsmaterial", estimatedValue: Money(kronor: 900_000))
    static let awardedLot2 = Lot(id: uuid(1032), tenderID: uuid(103), number: 2, title: "Kopieringspapper", estimatedValue: Money(ore: 334_567_89))
    // Awarded on 2026-03-10: within the standstill on 2026-03-16.
    static let standstill = Tender(
        id: uuid(104), title: "Livsmedel, mejeri", cpv: CPVCode("15500000-3")!, contractType: .supplies, procedure: .open, framework: true,
        schedule: TenderSchedule(
            planningFrom: day("2025-10-01"), noticePublishedOn: day("2025-12-15"), noticeReference: "Annonsdatabas 2025-4711",
            tenderDeadline: instant("2026-02-01T12:00:00Z"), openingAt: instant("2026-02-02T08:00:00Z"), awardDecisionOn: day("2026-03-10")))
    static let standstillLot = Lot(id: uuid(1041), tenderID: uuid(104), number: 1, title: "Mejeriprodukter")
    // Cancelled on 2026-01-15.
    static let cancelled = Tender(
        id: uuid(105), title: "Fordonsleasing", cpv: CPVCode("34100000-8")!, contractType: .services, procedure: .restricted, framework: false,
        schedule: TenderSchedule(
            planningFrom: day("2025-09-01"), noticePublishedOn: day("2025-12-01"), noticeReference: "TED 2025/S 230-654321",
            tenderDeadline: instant("2026-01-10T12:00:00Z"), cancelledOn: day("2026-01-15"),
            cancellationReason: "Inga anbud uppfyllde kraven."))
    static let cancelledLot = Lot(id: uuid(1051), tenderID: uuid(105), number: 1, title: "Personbilar")

    static let framework = Contract(
        id: uuid(201), reference: "UK 2025/0007-1", title: "Kontorsmaterial", cpv: cpv, framework: true,
        tenderID: awarded.id, lotID: awardedLot1.id, start: day("2025-12-01"), end: day("2027-11-30"),
        options: [ContractOption(ordinal: 1, months: 12, decision: .exercised, decidedOn: day("2026-02-15")), ContractOption(ordinal: 2, months: 12)],
        estimatedValue: Money(ore: 90_000_050), maximumValue: Money(kronor: 1_500_000), callOffMethod: .ranking,
        activatedAt: instant("2025-11-12T09:30:00Z"), supplierIDs: [skrivbord.id, kontorsvaror.id], partyIDs: [krokom.id, ostersund.id])
    static let paper = Contract(
        id: uuid(202), reference: "UK 2025/0007-2", title: "Kopieringspapper", cpv: cpv, framework: true,
        tenderID: awarded.id, lotID: awardedLot2.id, start: day("2025-12-01"), end: day("2027-11-30"),
        estimatedValue: Money(ore: 33_456_789), callOffMethod: .singleSupplier,
        activatedAt: instant("2025-11-12T09:45:00Z"), supplierIDs: [soleTrader.id], partyIDs: [are.id])
    /// Registered, never activated: not published.
    static let draft = Contract(
        id: uuid(203), reference: "UK 2025/0007-3", title: "Kopieringspapper, tillägg", cpv: cpv, framework: true,
        tenderID: awarded.id, lotID: awardedLot2.id, start: day("2026-01-01"), end: day("2026-12-31"),
        estimatedValue: Money(kronor: 50_000), callOffMethod: .singleSupplier,
        supplierIDs: [unpublished.id], partyIDs: [ragunda.id])
    static let directAward = Contract(
        id: uuid(301), reference: "UK 2026/0003", title: "Specialpapper för tryckeri", cpv: CPVCode("30197630-1")!, framework: false,
        start: day("2026-02-01"), end: day("2026-12-31"), estimatedValue: Money(ore: 9_500_050), callOffMethod: .singleSupplier,
        activatedAt: instant("2026-01-28T13:00:00Z"), supplierIDs: [foreign.id], partyIDs: [bracke.id])
    static let terminatedAward = Contract(
        id: uuid(302), reference: "UK 2025/0011", title: "Konsultstöd, upphandlingsjuridik", cpv: CPVCode("79100000-5")!, framework: false,
        start: day("2025-06-01"), end: day("2026-05-31"), estimatedValue: Money(kronor: 120_000), callOffMethod: .singleSupplier,
        activatedAt: instant("2025-05-20T08:00:00Z"), terminatedOn: day("2026-02-28"), supplierIDs: [kontorsvaror.id], partyIDs: [ostersund.id])

    static let publication = Publication(
        office: office,
        organisations: [ostersund, krokom, are, bracke, ragunda],
        tenders: [
            .init(tender: planned, lots: []),
            .init(tender: open, lots: [openLot]),
            .init(tender: awarded, lots: [awardedLot2, awardedLot1], documents: [
                TenderDocument(id: uuid(1101), tenderID: awarded.id, kind: .procurementDocuments, title: "Förfrågningsunderlag",
                               reference: "https://www.e-avrop.com/jamtland/e-Upphandling/Default.aspx?id=7", dated: day("2025-09-01")),
                TenderDocument(id: uuid(1102), tenderID: awarded.id, kind: .awardDecision, title: "Tilldelningsbeslut",
                               reference: "Dnr UK 2025/0014", dated: day("2025-10-20")),
            ]),
            .init(tender: standstill, lots: [standstillLot]),
            .init(tender: cancelled, lots: [cancelledLot]),
        ],
        contracts: [framework, paper, draft, directAward, terminatedAward],
        suppliers: [kontorsvaror, skrivbord, soleTrader, foreign, unpublished],
        bidCounts: [
            .init(tenderID: open.id, lotID: openLot.id, bids: 5),
            .init(tenderID: awarded.id, lotID: awardedLot1.id, bids: 4),
            .init(tenderID: awarded.id, lotID: awardedLot2.id, bids: 2),
            .init(tenderID: standstill.id, lotID: standstillLot.id, bids: 3),
        ],
        cpvLabels: [cpv: "Kontorsmateriel"],
        publishedDate: publishedDate)

    static let builder = ReleasePackageBuilder(packageURI: "https://samverkan.example/kontor/jamtland/ocds.json")
}
