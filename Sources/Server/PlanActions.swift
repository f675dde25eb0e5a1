import Foundation
import Procurement
import Store

/// The procurement plan and what members tell the office: plan items and answers, members'
/// own needs, their direct purchases. The pages and the API both come here, so a rule is
/// checked in one place; the database's policies and triggers check it again.
struct PlanActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    struct NewPlanItem: Decodable, Sendable {
        var title: String
        var description: String?
        var cpv: String
        var contractType: ContractType
        var law: ProcurementLaw?
        var framework: Bool?
        var plannedStart: CalendarDate
        var contractMonths: Int
        var optionMonths: [Int]?
        var answerDeadline: CalendarDate
        /// Publish to the members at once (otherwise a draft only the office sees).
        var publish: Bool?
    }

    func createPlanItem(_ signedIn: Authenticated, _ input: NewPlanItem) async throws -> PlanItem {
        try await createPlanItem(signedIn, input) { $1 }
    }

    func createPlanItem<T>(_ signedIn: Authenticated, _ input: NewPlanItem, respond: (Transaction, PlanItem) async throws -> T) async throws -> T {
        let title = try Input.text(input.title, field: "title", label: "en rubrik", maxLength: 200)
        let description = try Input.text(input.description, field: "description", label: "beskrivningen", maxLength: 4000, required: false)
        let period = try Input.period(start: input.plannedStart, months: input.contractMonths, optionMonths: input.optionMonths ?? [])
        guard input.answerDeadline >= configuration.today() else {
            throw AppError.invalid("`answerDeadline` is in the past").swedish("Sista svarsdag har redan passerat.")
        }
        guard input.answerDeadline < input.plannedStart else {
            throw AppError.invalid("`answerDeadline` must be before `plannedStart`")
                .swedish("Sista svarsdag måste ligga före planerad avtalsstart.")
        }
        return try await database.transaction(as: signedIn.identity) { transaction in
            let cpv = try await Input.cpv(input.cpv, in: transaction)
            let item = PlanItem(
                id: UUID(), title: title, description: description, cpv: cpv.code, contractType: input.contractType,
                law: input.law ?? .lou, framework: input.framework ?? true, period: period,
                answerDeadline: input.answerDeadline, publishedAt: input.publish == true ? Date() : nil)
            try await transaction.insertPlanItem(item, createdBy: signedIn.userID)
            return try await respond(transaction, item)
        }
    }

    func publishPlanItem(_ signedIn: Authenticated, id: UUID) async throws {
        try await publishPlanItem(signedIn, id: id) { _ in }
    }

    func publishPlanItem<T>(_ signedIn: Authenticated, id: UUID, respond: (Transaction) async throws -> T) async throws -> T {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard let item = try await transaction.planItem(id: id) else { throw AppError.notFound("plan item \(id)") }
            guard !item.isPublished else {
                throw AppError.conflict("the plan item is published already").swedish("Planposten är redan publicerad.")
            }
            guard try await transaction.publishPlanItem(id: id) else { throw AppError.forbidden }
            return try await respond(transaction)
        }
    }

    struct Answer: Decodable, Sendable {
        var decision: PlanDecision
        var quantity: String?
        var unit: String?
        /// SEK excluding VAT, as decimal text.
        var yearlyValue: String?
        var comment: String?
    }

    /// A coordinator answers for their own member; a later answer replaces an earlier one
    /// until the deadline.
    func answer(_ signedIn: Authenticated, planItemID: UUID, _ input: Answer) async throws -> PlanAnswer {
        try await answer(signedIn, planItemID: planItemID, input) { $1 }
    }

    func answer<T>(
        _ signedIn: Authenticated, planItemID: UUID, _ input: Answer, respond: (Transaction, PlanAnswer) async throws -> T
    ) async throws -> T {
        let today = configuration.today()
        guard let organisationID = signedIn.activeRole?.organisationID, signedIn.activeRole?.role == .coordinator else {
            throw AppError.forbidden.swedish("Bara medlemmens inköpssamordnare svarar på planen. Byt roll om du har den rollen.")
        }
        var volume: Volume?
        if input.decision == .join {
            volume = Volume(
                quantity: try Input.quantity(input.quantity, field: "quantity", label: "mängden per år"),
                unit: try Input.text(input.unit, field: "unit", label: "enheten", maxLength: 40),
                yearlyValue: try Input.money(input.yearlyValue, field: "yearlyValue", label: "värdet per år"))
        }
        let comment = try Input.text(input.comment, field: "comment", label: "kommentaren", maxLength: 2000, required: false)
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard let item = try await transaction.planItem(id: planItemID) else { throw AppError.notFound("plan item \(planItemID)") }
            guard item.isOpen(on: today) else {
                throw AppError.conflict("the answer deadline \(item.answerDeadline) has passed")
                    .swedish("Sista svarsdag (\(item.answerDeadline)) har passerat. Kontakta upphandlingskontoret.")
            }
            let saved = try await transaction.savePlanAnswer(PlanAnswer(
                id: UUID(), planItemID: planItemID, organisationID: organisationID, decision: input.decision, volume: volume,
                comment: comment, answeredBy: signedIn.userID, answeredAt: Date()))
            return try await respond(transaction, saved)
        }
    }

    struct NewNeed: Decodable, Sendable {
        var cpv: String
        var title: String
        var description: String?
        var quantity: String
        var unit: String
        var yearlyValue: String
        var wantedStart: CalendarDate
        var months: Int
    }

    func registerNeed(_ signedIn: Authenticated, _ input: NewNeed) async throws -> Need {
        try await registerNeed(signedIn, input) { _, need in need }
    }

    /// Registers the need and builds the answer in the same transaction: an answer read in a
    /// second one could fail (the database restarting between them) after the need was
    /// committed, and the client, told 503, would register it again.
    func registerNeed<T>(
        _ signedIn: Authenticated, _ input: NewNeed, respond: (Transaction, Need) async throws -> T
    ) async throws -> T {
        guard let organisationID = signedIn.activeRole?.organisationID, signedIn.activeRole?.role == .coordinator else {
            throw AppError.forbidden.swedish("Bara medlemmens inköpssamordnare anmäler behov. Byt roll om du har den rollen.")
        }
        let title = try Input.text(input.title, field: "title", label: "en rubrik", maxLength: 200)
        let description = try Input.text(input.description, field: "description", label: "beskrivningen", maxLength: 4000, required: false)
        let volume = Volume(
            quantity: try Input.quantity(input.quantity, field: "quantity", label: "mängden per år"),
            unit: try Input.text(input.unit, field: "unit", label: "enheten", maxLength: 40),
            yearlyValue: try Input.money(input.yearlyValue, field: "yearlyValue", label: "värdet per år"))
        let period = try Input.period(start: input.wantedStart, months: input.months, optionMonths: [])
        return try await database.transaction(as: signedIn.identity) { transaction in
            let cpv = try await Input.cpv(input.cpv, in: transaction)
            let need = Need(
                id: UUID(), organisationID: organisationID, cpv: cpv.code, title: title, description: description,
                volume: volume, period: period, createdBy: signedIn.userID, createdAt: Date())
            try await transaction.insertNeed(need)
            return try await respond(transaction, need)
        }
    }

    func withdrawNeed(_ signedIn: Authenticated, id: UUID) async throws {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard let need = try await transaction.need(id: id) else { throw AppError.notFound("need \(id)") }
            guard need.pooledProcurementID == nil else {
                throw AppError.conflict("the need is pooled already; withdraw from the pooled procurement instead")
                    .swedish("Behovet ingår redan i en samordnad upphandling. Utträd ur den i stället.")
            }
            guard need.status == .submitted else {
                throw AppError.conflict("the need is withdrawn already").swedish("Behovet är redan återkallat.")
            }
            guard try await transaction.withdrawNeed(id: id) else { throw AppError.forbidden }
        }
    }

    struct NewDirectPurchase: Decodable, Sendable {
        var cpv: String
        var description: String
        var supplierName: String
        var supplierOrganisationNumber: String?
        var date: CalendarDate
        var value: String
    }

    func registerDirectPurchase(_ signedIn: Authenticated, _ input: NewDirectPurchase) async throws -> DirectPurchaseRecord {
        try await registerDirectPurchase(signedIn, input) { $1 }
    }

    func registerDirectPurchase<T>(
        _ signedIn: Authenticated, _ input: NewDirectPurchase, respond: (Transaction, DirectPurchaseRecord) async throws -> T
    ) async throws -> T {
        let today = configuration.today()
        guard let organisationID = signedIn.activeRole?.organisationID,
              [.coordinator, .orderer].contains(signedIn.activeRole?.role) else {
            throw AppError.forbidden.swedish("Direktupphandlingar registreras av medlemmens inköpssamordnare eller beställare.")
        }
        let description = try Input.text(input.description, field: "description", label: "vad som köptes", maxLength: 500)
        let supplier = try Input.text(input.supplierName, field: "supplierName", label: "leverantörens namn", maxLength: 200)
        var number: OrganisationNumber?
        if let text = input.supplierOrganisationNumber, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do { number = try OrganisationNumber(text) } catch {
                throw AppError.invalid("`supplierOrganisationNumber` is not a valid organisationsnummer")
                    .swedish("Leverantörens organisationsnummer är inte giltigt.")
            }
        }
        guard input.date <= today else {
            throw AppError.invalid("`date` is in the future").swedish("Köpet kan inte ha ett datum i framtiden.")
        }
        let value = try Input.money(input.value, field: "value", label: "värdet")
        guard value.ore > 0 else { throw AppError.invalid("`value` must be greater than zero").swedish("Värdet måste vara större än noll.") }
        return try await database.transaction(as: signedIn.identity) { transaction in
            let cpv = try await Input.cpv(input.cpv, in: transaction)
            let record = DirectPurchaseRecord(
                id: UUID(), organisationID: organisationID, cpv: cpv.code, description: description, supplierName: supplier,
                supplierOrganisationNumber: number, date: input.date, value: value, registeredBy: signedIn.userID,
                registeredAt: Date())
            try await transaction.insertDirectPurchase(record)
            return try await respond(transaction, record)
        }
    }
}
