import Foundation
import Procurement

/// The demo office's procurement plan, answers, needs, direct purchases and pooled
/// procurements, dated around `today` so that deadlines are open whenever the demo runs:
/// - two published plan items: food (Östersund and Åre join, Bräcke declines, Krokom has
///   not answered yet) and office supplies, pooled with Östersund, Krokom and Strömsund;
/// - needs for snow clearing from Krokom, Åre and Ragunda that the office may pool, and one
///   for workwear from Östersund;
/// - IT consultancy bought directly by Krokom three times in a year, over the limit together;
/// - a pooled fuel procurement of 2025, classified by the 2024–2025 thresholds.
extension DemoData {
    struct PoolingSeed {
        var planItems: [PlanItem]
        var answers: [PlanAnswer]
        var needs: [Need]
        var directPurchases: [DirectPurchaseRecord]
        var pooled: [PooledProcurement]
        var participants: [Participant]
        var costShares: [UUID: (CostSharingTerms, [UUID: Money])]

        var rowCount: Int { planItems.count + answers.count + needs.count + directPurchases.count + pooled.count + participants.count }
    }

    /// How many rows of plans, answers, needs, purchases, pooled procurements and participants
    /// the demo adds to both offices.
    public static func poolingRowCount(today: CalendarDate) -> Int {
        jamtlandPooling(today: today).rowCount + mittnorrPooling(today: today).rowCount
    }

    /// Coordinators of the members that answer in the demo, beside Krokom's and Östersund's.
    static let jamtlandCoordinators: [(String, String, String)] = [
        ("are@jamtland.example", "Nils Åberg (demo)", "2321"),
        ("bracke@jamtland.example", "Ingrid Bäck (demo)", "2305"),
        ("stromsund@jamtland.example", "Olof Strömberg (demo)", "2313"),
        ("berg@jamtland.example", "Kerstin Berg (demo)", "2326"),
        ("ragunda@jamtland.example", "Anders Rask (demo)", "2303"),
    ]

    static func jamtlandPooling(today: CalendarDate) -> PoolingSeed {
        let org = { (code: String) in id("org/jamtland/\(code)") }
        let coordinator = { (email: String) in id("user/\(email)") }
        func cpv(_ code: String) -> CPVCode { CPVCode(code)! }
        func money(_ kronor: Int64) -> Money { Money(kronor: kronor) }
        func period(_ start: CalendarDate, _ months: Int, _ options: [Int] = []) -> ContractPeriod {
            try! ContractPeriod(start: start, months: months, optionMonths: options)
        }
        func volume(_ quantity: Int64, _ unit: String, _ kronor: Int64) -> Volume {
            Volume(quantity: Quantity(thousandths: quantity * 1000), unit: unit, yearlyValue: money(kronor))
        }
        let published = Date(timeIntervalSince1970: 1_780_000_000)
        let firstOfMonth = { (months: Int) in
            let date = today.adding(months: months)!
            return CalendarDate(year: date.year, month: date.month, day: 1)!
        }

        let food = PlanItem(
            id: id("plan/jamtland/livsmedel"), title: "Livsmedel till kök och skolor",
            description: "Ramavtal för livsmedel till skolor, äldreboenden och förskolor: kolonial, mejeri, kött, frukt och grönt.",
            cpv: cpv("15000000-8"), contractType: .supplies, law: .lou, framework: true,
            period: period(firstOfMonth(10), 24, [12, 12]), answerDeadline: today.adding(days: 30)!, publishedAt: published)
        let office = PlanItem(
            id: id("plan/jamtland/kontorsmateriel"), title: "Kontorsmateriel och papper",
            description: "Ramavtal för kontorsmateriel, kopieringspapper och arkivmaterial med leverans till alla förvaltningar.",
            cpv: cpv("30192000-1"), contractType: .supplies, law: .lou, framework: true,
            period: period(firstOfMonth(7), 24, [12, 12]), answerDeadline: today.adding(days: 14)!, publishedAt: published)
        let answers = [
            PlanAnswer(id: id("answer/livsmedel/2380"), planItemID: food.id, organisationID: org("2380"), decision: .join,
                       volume: volume(410_000, "kg", 18_000_000), comment: "Inklusive gymnasieskolornas kök.",
                       answeredBy: coordinator("ostersund@jamtland.example"), answeredAt: published),
            PlanAnswer(id: id("answer/livsmedel/2321"), planItemID: food.id, organisationID: org("2321"), decision: .join,
                       volume: volume(76_000, "kg", 3_400_000), comment: "",
                       answeredBy: coordinator("are@jamtland.example"), answeredAt: published),
            PlanAnswer(id: id("answer/livsmedel/2305"), planItemID: food.id, organisationID: org("2305"), decision: .decline,
                       volume: nil, comment: "Bräcke har eget avtal till 2028.",
                       answeredBy: coordinator("bracke@jamtland.example"), answeredAt: published),
            PlanAnswer(id: id("answer/kontor/2380"), planItemID: office.id, organisationID: org("2380"), decision: .join,
                       volume: volume(30_000, "st", 900_000), comment: "",
                       answeredBy: coordinator("ostersund@jamtland.example"), answeredAt: published),
            PlanAnswer(id: id("answer/kontor/2309"), planItemID: office.id, organisationID: org("2309"), decision: .join,
                       volume: volume(8_000, "st", 250_000), comment: "",
                       answeredBy: coordinator("krokom@jamtland.example"), answeredAt: published),
            PlanAnswer(id: id("answer/kontor/2313"), planItemID: office.id, organisationID: org("2313"), decision: .join,
                       volume: volume(6_000, "st", 180_000), comment: "",
                       answeredBy: coordinator("stromsund@jamtland.example"), answeredAt: published),
            PlanAnswer(id: id("answer/kontor/2326"), planItemID: office.id, organisationID: org("2326"), decision: .decline,
                       volume: nil, comment: "Köper via Regionens avtal.",
                       answeredBy: coordinator("berg@jamtland.example"), answeredAt: published),
        ]

        let needs = [
            Need(id: id("need/2309/snorojning"), organisationID: org("2309"), cpv: cpv("90620000-9"),
                 title: "Snöröjning av skolgårdar", description: "Plogning och sandning av sju skolgårdar i Krokom och Nälden.",
                 volume: volume(7, "skolgårdar", 450_000), period: period(firstOfMonth(11), 36),
                 createdBy: coordinator("krokom@jamtland.example"), createdAt: published),
            Need(id: id("need/2321/snorojning"), organisationID: org("2321"), cpv: cpv("90620000-9"),
                 title: "Snöröjning kommunala fastigheter", description: "Vinterväghållning vid kommunens fastigheter i Åre och Järpen.",
                 volume: volume(24, "fastigheter", 1_200_000), period: period(firstOfMonth(12), 36),
                 createdBy: coordinator("are@jamtland.example"), createdAt: published),
            Need(id: id("need/2303/snorojning"), organisationID: org("2303"), cpv: cpv("90620000-9"),
                 title: "Snöröjning", description: "Plogning av kommunens parkeringar och gångytor.",
                 volume: volume(9, "objekt", 300_000), period: period(firstOfMonth(14), 24),
                 createdBy: coordinator("ragunda@jamtland.example"), createdAt: published),
            Need(id: id("need/2380/arbetsklader"), organisationID: org("2380"), cpv: cpv("18100000-0"),
                 title: "Arbetskläder", description: "Arbets- och skyddskläder för park, gata och kost.",
                 volume: volume(1_500, "plagg", 600_000), period: period(firstOfMonth(8), 24),
                 createdBy: coordinator("ostersund@jamtland.example"), createdAt: published),
        ]

        let purchases = [(250, 280_000, "Konsultstöd vid byte av ekonomisystem", "Norrsken IT AB (demo)"),
                         (160, 240_000, "Programmering av e-tjänster", "Fjällkod AB (demo)"),
                         (60, 230_000, "Konsultstöd informationssäkerhet", "Norrsken IT AB (demo)")]
            .enumerated().map { index, entry in
                DirectPurchaseRecord(
                    id: id("direct/2309/\(index)"), organisationID: org("2309"), cpv: cpv("72000000-5"), description: entry.2,
                    supplierName: entry.3, supplierOrganisationNumber: organisationNumber(group: 5, serial: 300 + index),
                    date: today.adding(days: -entry.0)!, value: money(Int64(entry.1)),
                    registeredBy: coordinator("krokom@jamtland.example"), registeredAt: published)
            }

        let officePooled = PooledProcurement(
            id: id("pooled/jamtland/kontorsmateriel"), title: "Kontorsmateriel och papper",
            description: office.description, cpv: office.cpv, contractType: .supplies, law: .lou, buyer: .subCentral,
            framework: true, period: office.period, maximumValue: money(7_500_000), planItemID: office.id,
            confirmationDeadline: today.adding(days: 45)!, participantsPublished: false)
        let fuel = PooledProcurement(
            id: id("pooled/jamtland/drivmedel-2025"), title: "Drivmedel 2025",
            description: "Ramavtal för bensin och diesel vid publika stationer med tankkort.", cpv: cpv("09132000-3"),
            contractType: .supplies, law: .lou, buyer: .subCentral, framework: true,
            period: period(CalendarDate(year: 2025, month: 4, day: 1)!, 24, [12, 12]), maximumValue: money(24_000_000),
            planItemID: nil, confirmationDeadline: CalendarDate(year: 2025, month: 1, day: 31)!, participantsPublished: true)
        let decided = Date(timeIntervalSince1970: 1_736_000_000)
        let participants = [
            Participant(id: id("participant/kontor/2380"), pooledProcurementID: officePooled.id, organisationID: org("2380"),
                        quantity: Quantity(thousandths: 30_000_000), unit: "st", yearlyValue: money(900_000), status: .confirmed,
                        decidedBy: coordinator("ostersund@jamtland.example"), decidedAt: published),
            Participant(id: id("participant/kontor/2309"), pooledProcurementID: officePooled.id, organisationID: org("2309"),
                        quantity: Quantity(thousandths: 8_000_000), unit: "st", yearlyValue: money(250_000)),
            Participant(id: id("participant/kontor/2313"), pooledProcurementID: officePooled.id, organisationID: org("2313"),
                        quantity: Quantity(thousandths: 6_000_000), unit: "st", yearlyValue: money(180_000), status: .confirmed,
                        decidedBy: coordinator("stromsund@jamtland.example"), decidedAt: published),
        ] + [("2380", 2_600_000), ("2309", 700_000), ("2321", 550_000), ("2361", 450_000)].map { code, kronor in
            Participant(id: id("participant/drivmedel/\(code)"), pooledProcurementID: fuel.id, organisationID: org(code),
                        quantity: nil, unit: nil, yearlyValue: money(Int64(kronor)), status: .confirmed,
                        decidedBy: code == "2380" ? coordinator("ostersund@jamtland.example")
                            : code == "2309" ? coordinator("krokom@jamtland.example") : nil,
                        decidedAt: decided)
        }
        // The office's cost of the fuel procurement, shared by population.
        let fuelWeights = Dictionary(uniqueKeysWithValues: participants.filter { $0.pooledProcurementID == fuel.id }.map { participant in
            (participant.id, Int64(jamtland.organisations.first { $0.id == participant.organisationID }!.population!))
        })
        let fuelTerms = CostSharingTerms(total: money(96_000), basis: .population)
        return PoolingSeed(
            planItems: [food, office], answers: answers, needs: needs, directPurchases: purchases,
            pooled: [officePooled, fuel], participants: participants,
            costShares: [fuel.id: (fuelTerms, try! CostSharing.allocate(fuelTerms.total, by: fuelWeights))])
    }

    /// The second office's smaller plan: Sundsvall's answer, need and direct purchase, and
    /// one pooled procurement, so that every table has another office's rows beside Jämtland's.
    static func mittnorrPooling(today: CalendarDate) -> PoolingSeed {
        let sundsvall = id("org/mittnorr/2281")
        let coordinator = id("user/sundsvall@mittnorr.example")
        let published = Date(timeIntervalSince1970: 1_780_000_000)
        let start = today.adding(months: 9)!
        let item = PlanItem(
            id: id("plan/mittnorr/moebler"), title: "Skol- och kontorsmöbler", description: "Ramavtal för möbler.",
            cpv: CPVCode("39100000-3")!, contractType: .supplies, law: .lou, framework: true,
            period: try! ContractPeriod(start: CalendarDate(year: start.year, month: start.month, day: 1)!, months: 36, optionMonths: [12]),
            answerDeadline: today.adding(days: 20)!, publishedAt: published)
        let volume = Volume(quantity: Quantity(thousandths: 2_000_000), unit: "st", yearlyValue: Money(kronor: 1_500_000))
        let pooled = PooledProcurement(
            id: id("pooled/mittnorr/moebler"), title: item.title, description: item.description, cpv: item.cpv,
            contractType: .supplies, law: .lou, buyer: .subCentral, framework: true, period: item.period,
            maximumValue: Money(kronor: 9_000_000), planItemID: item.id, confirmationDeadline: today.adding(days: 40)!,
            participantsPublished: false)
        return PoolingSeed(
            planItems: [item],
            answers: [PlanAnswer(id: id("answer/moebler/2281"), planItemID: item.id, organisationID: sundsvall, decision: .join,
                                 volume: volume, comment: "", answeredBy: coordinator, answeredAt: published)],
            needs: [Need(id: id("need/2281/tolkning"), organisationID: sundsvall, cpv: CPVCode("79540000-1")!,
                         title: "Tolktjänster", description: "Språktolkning på plats och på distans.",
                         volume: Volume(quantity: Quantity(thousandths: 3_000_000), unit: "timmar", yearlyValue: Money(kronor: 2_100_000)),
                         period: try! ContractPeriod(start: item.period.start, months: 24), createdBy: coordinator, createdAt: published)],
            directPurchases: [DirectPurchaseRecord(
                id: id("direct/2281/0"), organisationID: sundsvall, cpv: CPVCode("79540000-1")!, description: "Tolkning vid möte",
                supplierName: "Tolkhuset Norr AB (demo)", supplierOrganisationNumber: organisationNumber(group: 5, serial: 400),
                date: today.adding(days: -30)!, value: Money(kronor: 45_000), registeredBy: coordinator, registeredAt: published)],
            pooled: [pooled],
            participants: [Participant(id: id("participant/moebler/2281"), pooledProcurementID: pooled.id, organisationID: sundsvall,
                                       quantity: volume.quantity, unit: volume.unit, yearlyValue: volume.yearlyValue)],
            costShares: [:])
    }

    /// Adds an office's pooling demo unless its plan is there already.
    static func loadPooling(_ seed: PoolingSeed, createdBy: UUID, in transaction: Transaction) async throws -> Int {
        guard try await transaction.planItem(id: seed.planItems[0].id) == nil else { return 0 }
        for item in seed.planItems { try await transaction.insertPlanItem(item, createdBy: createdBy) }
        for answer in seed.answers { _ = try await transaction.savePlanAnswer(answer) }
        for need in seed.needs { try await transaction.insertNeed(need) }
        for purchase in seed.directPurchases { try await transaction.insertDirectPurchase(purchase) }
        for procurement in seed.pooled {
            try await transaction.insertPooledProcurement(procurement, createdBy: createdBy)
        }
        for participant in seed.participants { try await transaction.insertParticipant(participant) }
        for (procurementID, (terms, shares)) in seed.costShares {
            try await transaction.storeCostAllocation(procurementID: procurementID, terms: terms, shares: shares)
        }
        return seed.rowCount
    }
}
