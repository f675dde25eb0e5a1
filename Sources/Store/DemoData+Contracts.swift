import Foundation
import Procurement

/// The demo tenders, suppliers and contracts:
/// - Jämtland's fuel tender of 2025 (assignment UK 2024/0001), awarded, its framework active
///   with two options open, ending within the year ahead with no successor assignment yet;
/// - the office supplies tender of four years ago, two lots, three ranked and single-supplier
///   contracts extended by both options to the end of this year, succeeded by the assignment
///   on the coming meeting's agenda;
/// - a food tender whose deadline has passed and whose opening is still ahead: bids are in,
///   and nobody can see them, nor how many;
/// - a work-clothes tender cancelled for want of acceptable bids;
/// - Ragunda's documented direct award of consultancy, and a draft snow-clearing contract
///   whose supplier lacks its checks;
/// - Mittnorr's furniture tender and a direct award, so every table has another office's rows.
/// Every organisationsnummer is invented (`99999` in digits 2–6). Dates follow the day of
/// loading; what the database checks against its own clock (supplier checks, bids received)
/// also follows the real day, so a demo loaded for another day still loads.
extension DemoData {
    struct ContractSeed {
        var suppliers: [Supplier]
        var checks: [SupplierCheck]
        var tenders: [TenderSeed]
        var contracts: [ContractPlan]
        var rowCount: Int {
            suppliers.count + checks.count
                + tenders.reduce(0) { $0 + 1 + $1.lots.count + $1.documents.count + $1.bids.count }
                + contracts.reduce(0) { count, plan in
                    count + 1 + (plan.documentation == nil ? 0 : 1) + plan.contract.options.count + plan.contract.supplierIDs.count
                        + plan.contract.partyIDs.count
                }
        }
    }

    /// How many tender and contract rows the demo adds to both offices.
    public static func contractRowCount(today: CalendarDate) -> Int {
        jamtlandContracts(today: today).rowCount + mittnorrContracts(today: today).rowCount
    }

    struct TenderSeed {
        var tender: Tender
        var lots: [Lot]
        var documents: [TenderDocument]
        var bids: [Bid]
        /// Set after the bids are in: the award decision and the contract day.
        var award: (on: CalendarDate, winners: [UUID], contractSignedOn: CalendarDate?)?
        var cancellation: (on: CalendarDate, reason: String)?
    }

    struct ContractPlan {
        var contract: Contract
        var ranked: Bool
        var activate: Bool
        var documentation: DirectAwardDocumentation?
        /// How many of its options have been used, in order.
        var exercisedOptions = 0
    }

    /// An instant on a Swedish calendar day at a whole hour, Swedish time.
    static func instant(_ day: CalendarDate, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .stockholm
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour))!
    }

    static func checks(of supplier: UUID, key: String, today: CalendarDate, kinds: [SupplierCheckKind] = SupplierCheckKind.allCases,
                       checkedBy: UUID) -> [SupplierCheck] {
        // Valid around both the demo's day and the database's own, whichever is later.
        let real = CalendarDate.today
        let checked = min(today, real).adding(days: -30)!
        let valid = max(today, real).adding(days: 150)!
        return kinds.map { kind in
            SupplierCheck(id: id("check/\(key)/\(kind.rawValue)"), supplierID: supplier, kind: kind, checkedOn: checked,
                          validUntil: valid, result: .passed, note: "Kontrollerad (demo)", checkedBy: checkedBy)
        }
    }

    static func jamtlandContracts(today: CalendarDate) -> ContractSeed {
        let org = { (code: String) in id("org/jamtland/\(code)") }
        let procurer = id("user/upphandlare@jamtland.example")
        let controller = id("user/controller@jamtland.example")
        let year = today.year
        func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }
        func supplier(_ key: String, _ name: String, serial: Int) -> Supplier {
            Supplier(id: id("supplier/jamtland/\(key)"), name: name, nationalID: organisationNumber(group: 5, serial: serial).digits)
        }
        let fjallbransle = supplier("fjallbransle", "Fjällbränsle AB (demo)", serial: 501)
        let norrdrivmedel = supplier("norrdrivmedel", "Norrdrivmedel AB (demo)", serial: 502)
        let storsjoenergi = supplier("storsjoenergi", "Storsjö Energi AB (demo)", serial: 503)
        let jamtkontor = supplier("jamtkontor", "Jämtkontor AB (demo)", serial: 504)
        let kontorsgrossisten = supplier("kontorsgrossisten", "Kontorsgrossisten Norr AB (demo)", serial: 505)
        let papperslagret = supplier("papperslagret", "Papperslagret i Mitt AB (demo)", serial: 506)
        let norrfrukt = supplier("norrfrukt", "Norrfrukt Grossist AB (demo)", serial: 507)
        let fjallmejeri = supplier("fjallmejeri", "Fjällmejeriet AB (demo)", serial: 508)
        let arkivkonsult = supplier("arkivkonsult", "Arkivkonsult Jämtland AB (demo)", serial: 509)
        let snorojning = supplier("snorojning", "Snöröj Norr AB (demo)", serial: 510)
        let cleared = [fjallbransle, norrdrivmedel, storsjoenergi, jamtkontor, kontorsgrossisten, papperslagret, norrfrukt, fjallmejeri, arkivkonsult]
        var allChecks = cleared.flatMap { checks(of: $0.id, key: $0.id.uuidString, today: today, checkedBy: controller) }
        // The snow-clearing firm has given references, but its tax and exclusion checks are not made.
        allChecks += checks(of: snorojning.id, key: snorojning.id.uuidString, today: today, kinds: [.references], checkedBy: controller)

        // Fuel 2025: the committee's assignment UK 2024/0001 carried out.
        let fuel = Tender(
            id: id("tender/jamtland/drivmedel-2025"), title: "Drivmedel 2025",
            description: "Ramavtal för bensin och diesel vid publika stationer med tankkort.", cpv: CPVCode("09132000-3")!,
            contractType: .supplies, procedure: .open, framework: true, assignmentID: id("assignment/jamtland/drivmedel-2025"),
            pooledProcurementID: id("pooled/jamtland/drivmedel-2025"), estimatedValue: Money(kronor: 17_200_000),
            schedule: TenderSchedule(
                planningFrom: day(2024, 11, 25), noticePublishedOn: day(2024, 12, 10), noticeReference: "e-Avrop UH-2024-0117 (demo)",
                tenderDeadline: instant(day(2025, 1, 20), hour: 23), openingAt: instant(day(2025, 1, 21), hour: 9)))
        let fuelLot = Lot(id: id("lot/jamtland/drivmedel-2025/1"), tenderID: fuel.id, number: 1, title: "Drivmedel vid publika stationer",
                          estimatedValue: Money(kronor: 17_200_000))
        let fuelBids = [(fjallbransle, 16_480_000), (norrdrivmedel, 17_050_000), (storsjoenergi, 17_900_000)].map { supplier, kronor in
            Bid(id: id("bid/drivmedel-2025/\(supplier.name)"), tenderID: fuel.id, lotID: fuelLot.id, supplierID: supplier.id,
                price: Money(kronor: Int64(kronor)), receivedAt: instant(day(2025, 1, 17), hour: 14))
        }

        // Office supplies, four years ago: two lots, extended twice to the end of this year.
        let older = year - 4
        let supplies = Tender(
            id: id("tender/jamtland/kontorsmateriel-\(older)"), title: "Kontorsmateriel och papper \(older)",
            description: "Ramavtal för kontorsmateriel och kopieringspapper.", cpv: CPVCode("30192000-1")!, contractType: .supplies,
            procedure: .open, framework: true, estimatedValue: Money(kronor: 4_600_000),
            schedule: TenderSchedule(
                planningFrom: day(older, 3, 1), earlyDialogueOn: day(older, 4, 5), noticePublishedOn: day(older, 5, 2),
                noticeReference: "e-Avrop UH-\(older)-0042 (demo)", tenderDeadline: instant(day(older, 6, 15), hour: 23),
                openingAt: instant(day(older, 6, 16), hour: 9)))
        let suppliesLots = [
            Lot(id: id("lot/jamtland/kontorsmateriel/1"), tenderID: supplies.id, number: 1, title: "Kontorsmateriel", estimatedValue: Money(kronor: 3_400_000)),
            Lot(id: id("lot/jamtland/kontorsmateriel/2"), tenderID: supplies.id, number: 2, title: "Kopieringspapper", estimatedValue: Money(kronor: 1_200_000)),
        ]
        let suppliesBids = [
            (suppliesLots[0], jamtkontor, 3_150_000), (suppliesLots[0], kontorsgrossisten, 3_280_000), (suppliesLots[0], papperslagret, 3_610_000),
            (suppliesLots[1], papperslagret, 1_090_000), (suppliesLots[1], kontorsgrossisten, 1_170_000),
        ].map { lot, supplier, kronor in
            Bid(id: id("bid/kontorsmateriel/\(lot.number)/\(supplier.name)"), tenderID: supplies.id, lotID: lot.id, supplierID: supplier.id,
                price: Money(kronor: Int64(kronor)), receivedAt: instant(day(older, 6, 14), hour: 10))
        }

        // Food: the deadline has passed, the opening is ahead; the bids stay sealed until then.
        // Yesterday noon and three days ahead at nine, by the demo's day and by the real one,
        // whichever keeps the deadline past and the opening ahead on the database's clock.
        let realToday = CalendarDate.today
        let deadline = min(instant(today.adding(days: -1)!, hour: 12), instant(realToday.adding(days: -1)!, hour: 12))
        let food = Tender(
            id: id("tender/jamtland/livsmedel"), title: "Livsmedel \(year + 1)",
            description: "Ramavtal för livsmedel till skolor och äldreomsorg.", cpv: CPVCode("15000000-8")!, contractType: .supplies,
            procedure: .open, framework: true, estimatedValue: Money(kronor: 38_000_000),
            schedule: TenderSchedule(
                planningFrom: today.adding(days: -120)!, earlyDialogueOn: today.adding(days: -90)!,
                noticePublishedOn: today.adding(days: -40)!, noticeReference: "TED \(year)/S 201-000123 (demo)",
                tenderDeadline: deadline, openingAt: max(instant(today.adding(days: 3)!, hour: 9), instant(realToday.adding(days: 3)!, hour: 9))))
        let foodLots = [
            Lot(id: id("lot/jamtland/livsmedel/1"), tenderID: food.id, number: 1, title: "Kolonial, frukt och grönt", estimatedValue: Money(kronor: 26_000_000)),
            Lot(id: id("lot/jamtland/livsmedel/2"), tenderID: food.id, number: 2, title: "Mejeriprodukter", estimatedValue: Money(kronor: 12_000_000)),
        ]
        let foodBids = [(foodLots[0], norrfrukt, 24_900_000), (foodLots[0], jamtkontor, 27_300_000), (foodLots[1], fjallmejeri, 11_450_000)]
            .map { lot, supplier, kronor in
                Bid(id: id("bid/livsmedel/\(lot.number)/\(supplier.name)"), tenderID: food.id, lotID: lot.id, supplierID: supplier.id,
                    price: Money(kronor: Int64(kronor)), receivedAt: deadline.addingTimeInterval(-20 * 3600))
            }

        let clothes = Tender(
            id: id("tender/jamtland/arbetsklader"), title: "Arbetskläder och skyddsskor",
            description: "Ramavtal för arbetskläder till teknisk förvaltning och räddningstjänst.", cpv: CPVCode("18100000-0")!,
            contractType: .supplies, procedure: .simplified, framework: true, estimatedValue: Money(kronor: 1_800_000),
            schedule: TenderSchedule(
                planningFrom: today.adding(days: -220)!, noticePublishedOn: today.adding(days: -180)!,
                noticeReference: "e-Avrop UH-\(year)-0009 (demo)", tenderDeadline: instant(today.adding(days: -150)!, hour: 23),
                openingAt: instant(today.adding(days: -149)!, hour: 9)))
        let clothesLot = Lot(id: id("lot/jamtland/arbetsklader/1"), tenderID: clothes.id, number: 1, title: "Arbetskläder och skyddsskor")

        let documents = [
            TenderDocument(id: id("document/drivmedel/annons"), tenderID: fuel.id, kind: .notice, title: "Annons",
                           reference: "e-Avrop UH-2024-0117 (demo)", dated: day(2024, 12, 10)),
            TenderDocument(id: id("document/drivmedel/underlag"), tenderID: fuel.id, kind: .procurementDocuments,
                           title: "Upphandlingsdokument drivmedel", reference: "e-Avrop UH-2024-0117/dokument (demo)", dated: day(2024, 12, 10)),
            TenderDocument(id: id("document/drivmedel/tilldelning"), tenderID: fuel.id, kind: .awardDecision, title: "Tilldelningsbeslut",
                           reference: "Diarium UK 2024/0001-14 (demo)", dated: day(2025, 2, 10)),
            TenderDocument(id: id("document/livsmedel/annons"), tenderID: food.id, kind: .notice, title: "Annons",
                           reference: "TED \(year)/S 201-000123 (demo)", dated: today.adding(days: -40)!),
            TenderDocument(id: id("document/livsmedel/fragor"), tenderID: food.id, kind: .clarification, title: "Frågor och svar 1",
                           reference: "TED \(year)/S 201-000123/fragor-1 (demo)", dated: today.adding(days: -25)!),
        ]

        let fuelContract = Contract(
            id: id("contract/jamtland/drivmedel-2025"), reference: "UK 2024/0001-1", title: "Drivmedel 2025",
            description: fuel.description, cpv: fuel.cpv, framework: true, tenderID: fuel.id, lotID: fuelLot.id,
            start: day(2025, 4, 1), end: day(2027, 3, 31), options: [ContractOption(ordinal: 1, months: 12), ContractOption(ordinal: 2, months: 12)],
            estimatedValue: Money(kronor: 16_480_000), maximumValue: Money(kronor: 24_000_000), callOffMethod: .singleSupplier,
            managerID: procurer, supplierIDs: [fjallbransle.id], partyIDs: ["2380", "2309", "2321", "2361"].map(org))
        let members = ["2380", "2309", "2313"].map(org)
        let suppliesContract = Contract(
            id: id("contract/jamtland/kontorsmateriel/1"), reference: "KM-\(older)-1", title: "Kontorsmateriel",
            description: "Kontorsmateriel med avrop enligt rangordning.", cpv: CPVCode("30192000-1")!, framework: true,
            tenderID: supplies.id, lotID: suppliesLots[0].id, start: day(older + 1, 1, 1), end: day(older + 2, 12, 31),
            options: [ContractOption(ordinal: 1, months: 12), ContractOption(ordinal: 2, months: 12)],
            estimatedValue: Money(kronor: 3_150_000), maximumValue: Money(kronor: 4_500_000), callOffMethod: .ranking,
            managerID: controller, successorAssignmentID: id("assignment/jamtland/kontorsmateriel"),
            supplierIDs: [jamtkontor.id, kontorsgrossisten.id], partyIDs: members)
        let paperContract = Contract(
            id: id("contract/jamtland/kontorsmateriel/2"), reference: "KM-\(older)-2", title: "Kopieringspapper",
            description: "Kopieringspapper, leverans till varje förvaltning.", cpv: CPVCode("30197630-1")!, framework: true,
            tenderID: supplies.id, lotID: suppliesLots[1].id, start: day(older + 1, 1, 1), end: day(older + 2, 12, 31),
            options: [ContractOption(ordinal: 1, months: 12), ContractOption(ordinal: 2, months: 12)],
            estimatedValue: Money(kronor: 1_090_000), maximumValue: Money(kronor: 1_500_000), callOffMethod: .singleSupplier,
            managerID: controller, successorAssignmentID: id("assignment/jamtland/kontorsmateriel"),
            supplierIDs: [papperslagret.id], partyIDs: members)
        let archive = Contract(
            id: id("contract/jamtland/e-arkiv"), reference: "DU-\(year)-3", title: "Konsultstöd vid införande av e-arkiv",
            description: "Stöd till Ragunda kommun vid införandet av e-arkiv.", cpv: CPVCode("72224000-1")!, framework: false,
            start: today.adding(days: -60)!, end: today.adding(days: 120)!, estimatedValue: Money(kronor: 180_000),
            callOffMethod: .singleSupplier, managerID: procurer, supplierIDs: [arkivkonsult.id], partyIDs: [org("2303")])
        let snow = Contract(
            id: id("contract/jamtland/snorojning"), reference: "DU-\(year)-4", title: "Snöröjning av skolgårdar, Åre",
            description: "Snöröjning vintersäsongen.", cpv: CPVCode("90620000-9")!, framework: false,
            start: today.adding(days: 20)!, end: today.adding(days: 140)!, estimatedValue: Money(kronor: 85_000),
            callOffMethod: .singleSupplier, managerID: procurer, supplierIDs: [snorojning.id], partyIDs: [org("2321")])
        return ContractSeed(
            suppliers: cleared + [snorojning], checks: allChecks,
            tenders: [
                TenderSeed(tender: fuel, lots: [fuelLot], documents: documents.filter { $0.tenderID == fuel.id }, bids: fuelBids,
                           award: (day(2025, 2, 10), [fuelBids[0].id], day(2025, 3, 3)), cancellation: nil),
                TenderSeed(tender: supplies, lots: suppliesLots, documents: [], bids: suppliesBids,
                           award: (day(older, 9, 1), [suppliesBids[0].id, suppliesBids[1].id, suppliesBids[3].id], day(older, 10, 15)),
                           cancellation: nil),
                TenderSeed(tender: food, lots: foodLots, documents: documents.filter { $0.tenderID == food.id }, bids: foodBids,
                           award: nil, cancellation: nil),
                TenderSeed(tender: clothes, lots: [clothesLot], documents: [], bids: [], award: nil,
                           cancellation: (today.adding(days: -120)!, "Inget anbud uppfyllde de obligatoriska kraven. Upphandlingen görs om med ändrade krav.")),
            ],
            contracts: [
                ContractPlan(contract: fuelContract, ranked: false, activate: true, documentation: nil),
                ContractPlan(contract: suppliesContract, ranked: true, activate: true, documentation: nil, exercisedOptions: 2),
                ContractPlan(contract: paperContract, ranked: false, activate: true, documentation: nil, exercisedOptions: 2),
                ContractPlan(contract: archive, ranked: false, activate: true, documentation: DirectAwardDocumentation(
                    competitionMethod: "Skriftlig förfrågan via e-post till tre leverantörer med erfarenhet av e-arkiv.",
                    suppliersAsked: 3, answersReceived: 2, winnerReason: "Lägst pris och erfarenhet av kommunens e-arkivsystem.",
                    documentedOn: today.adding(days: -55)!)),
                ContractPlan(contract: snow, ranked: false, activate: false, documentation: nil),
            ])
    }

    static func mittnorrContracts(today: CalendarDate) -> ContractSeed {
        let admin = id("user/admin@mittnorr.example")
        let sundsvall = id("org/mittnorr/2281")
        let year = today.year
        func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }
        let furniture = Supplier(id: id("supplier/mittnorr/mobel"), name: "Möbelverkstan Mitt AB (demo)",
                                 nationalID: organisationNumber(group: 5, serial: 601).digits)
        let translator = Supplier(id: id("supplier/mittnorr/tolk"), name: "Tolkhuset Norr AB (demo)",
                                  nationalID: organisationNumber(group: 5, serial: 400).digits)
        let tender = Tender(
            id: id("tender/mittnorr/moebler"), title: "Skol- och kontorsmöbler", description: "Ramavtal för möbler.",
            cpv: CPVCode("39100000-3")!, contractType: .supplies, procedure: .open, framework: true,
            assignmentID: id("assignment/mittnorr/moebler"), estimatedValue: Money(kronor: 6_000_000),
            schedule: TenderSchedule(
                planningFrom: day(year - 2, 1, 10), noticePublishedOn: day(year - 2, 2, 1), noticeReference: "Mercell M-\(year - 2)-77 (demo)",
                tenderDeadline: instant(day(year - 2, 3, 10), hour: 23), openingAt: instant(day(year - 2, 3, 11), hour: 9)))
        let lot = Lot(id: id("lot/mittnorr/moebler/1"), tenderID: tender.id, number: 1, title: "Möbler")
        let bid = Bid(id: id("bid/mittnorr/moebler"), tenderID: tender.id, lotID: lot.id, supplierID: furniture.id,
                      price: Money(kronor: 5_700_000), receivedAt: instant(day(year - 2, 3, 9), hour: 11))
        return ContractSeed(
            suppliers: [furniture, translator],
            checks: checks(of: furniture.id, key: "mittnorr/mobel", today: today, checkedBy: admin)
                + checks(of: translator.id, key: "mittnorr/tolk", today: today, checkedBy: admin),
            tenders: [TenderSeed(
                tender: tender, lots: [lot],
                documents: [TenderDocument(id: id("document/mittnorr/annons"), tenderID: tender.id, kind: .notice, title: "Annons",
                                           reference: "Mercell M-\(year - 2)-77 (demo)", dated: day(year - 2, 2, 1))],
                bids: [bid], award: (day(year - 2, 4, 2), [bid.id], day(year - 2, 5, 2)), cancellation: nil)],
            contracts: [
                ContractPlan(contract: Contract(
                    id: id("contract/mittnorr/moebler"), reference: "IM \(year - 2)/0001-1", title: "Skol- och kontorsmöbler",
                    cpv: tender.cpv, framework: true, tenderID: tender.id, lotID: lot.id, start: day(year - 2, 6, 1), end: day(year, 5, 31),
                    options: [ContractOption(ordinal: 1, months: 12)], estimatedValue: Money(kronor: 5_700_000),
                    maximumValue: Money(kronor: 8_000_000), callOffMethod: .singleSupplier, managerID: admin,
                    supplierIDs: [furniture.id], partyIDs: [sundsvall]), ranked: false, activate: true, documentation: nil),
                ContractPlan(contract: Contract(
                    id: id("contract/mittnorr/tolk"), reference: "DU-\(year)-1", title: "Tolkning vid medborgardialog",
                    cpv: CPVCode("79540000-1")!, framework: false, start: today.adding(days: -10)!, end: today.adding(days: 80)!,
                    estimatedValue: Money(kronor: 120_000), callOffMethod: .singleSupplier, managerID: admin,
                    supplierIDs: [translator.id], partyIDs: [sundsvall]),
                    ranked: false, activate: true, documentation: DirectAwardDocumentation(
                        competitionMethod: "Prisförfrågan till två tolkförmedlingar.", suppliersAsked: 2, answersReceived: 2,
                        winnerReason: "Lägst pris.", documentedOn: today.adding(days: -9)!)),
            ])
    }

    /// Adds an office's tenders and contracts unless its suppliers are there already. The
    /// demo goes through the stages as the office would: bids before the award, the award
    /// before the contract, checks before the activation; the database checks each step.
    static func loadContracts(_ seed: ContractSeed, createdBy: UUID, in transaction: Transaction) async throws -> Int {
        guard try await transaction.supplierDirectory().isEmpty else { return 0 }
        for supplier in seed.suppliers { try await transaction.insertSupplier(supplier, createdBy: createdBy) }
        for check in seed.checks { try await transaction.insertSupplierCheck(check) }
        for entry in seed.tenders {
            try await transaction.insertTender(entry.tender, createdBy: createdBy)
            for lot in entry.lots { try await transaction.insertLot(lot) }
            for document in entry.documents { try await transaction.insertTenderDocument(document) }
            for bid in entry.bids { try await transaction.insertBid(bid, registeredBy: createdBy) }
            var tender = entry.tender
            if let award = entry.award {
                // The award and the contract day of a tender of the past, as they happened.
                tender.schedule.awardDecisionOn = award.on
                try await transaction.updateTender(tender)
                try await transaction.markAwardedBids(tenderID: tender.id, winners: award.winners)
                if let signed = award.contractSignedOn {
                    tender.schedule.contractSignedOn = signed
                    try await transaction.updateTender(tender)
                }
            }
            if let cancellation = entry.cancellation {
                tender.schedule.cancelledOn = cancellation.on
                tender.schedule.cancellationReason = cancellation.reason
                try await transaction.updateTender(tender)
            }
        }
        for plan in seed.contracts {
            try await transaction.insertContract(plan.contract, ranked: plan.ranked, createdBy: createdBy)
            if let documentation = plan.documentation {
                try await transaction.insertDirectAwardDocumentation(documentation, contractID: plan.contract.id, by: createdBy)
            }
            if plan.activate { try await transaction.activateContract(id: plan.contract.id) }
        }
        // Options used a year at a time, each decided four months before the period it extends.
        for plan in seed.contracts {
            for option in plan.contract.options.prefix(plan.exercisedOptions) {
                let decided = plan.contract.end.adding(months: (option.ordinal - 1) * 12)!.adding(days: -120)!
                try await transaction.decideOption(contractID: plan.contract.id, ordinal: option.ordinal, decision: .exercised,
                                                   on: decided, by: nil)
            }
        }
        return seed.rowCount
    }
}
