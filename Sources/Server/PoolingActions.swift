import Foundation
import Procurement
import Store

/// What the office does with the members' volumes: pooled procurements from a plan item's
/// answers or from members' needs, their participants, the sharing of its costs; and what a
/// member does with its place in one: confirm or withdraw.
struct PoolingActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    struct NewPooledProcurement: Decodable, Sendable {
        /// Pool the members that joined this plan item …
        var planItemID: UUID?
        /// … or these needs (from a suggestion, or chosen by hand).
        var needIDs: [UUID]?
        /// Defaults: the plan item's, or the first need's.
        var title: String?
        var description: String?
        var cpv: String?
        var contractType: ContractType?
        var law: ProcurementLaw?
        var framework: Bool?
        var plannedStart: CalendarDate?
        var contractMonths: Int?
        var optionMonths: [Int]?
        var maximumValue: String?
        var confirmationDeadline: CalendarDate
        var participantsPublished: Bool?
    }

    func create(_ signedIn: Authenticated, _ input: NewPooledProcurement) async throws -> PooledProcurement {
        try await create(signedIn, input) { $1 }
    }

    func create<T>(_ signedIn: Authenticated, _ input: NewPooledProcurement, respond: (Transaction, PooledProcurement) async throws -> T) async throws -> T {
        let today = configuration.today()
        guard (input.planItemID == nil) != (input.needIDs?.isEmpty ?? true) else {
            throw AppError.invalid("give either `planItemID` or `needIDs`")
                .swedish("Välj antingen en planpost eller ett urval av behov att samordna.")
        }
        guard input.confirmationDeadline >= today else {
            throw AppError.invalid("`confirmationDeadline` is in the past").swedish("Sista dag för bekräftelse har redan passerat.")
        }
        let maximumValue = try Input.optionalMoney(input.maximumValue, field: "maximumValue", label: "takvärdet")
        return try await database.transaction(as: signedIn.identity) { transaction in
            var participants: [Participant] = []
            var defaults: (title: String, description: String, cpv: CPVCode, type: ContractType?, law: ProcurementLaw, framework: Bool, period: ContractPeriod)
            var needIDs: [UUID] = []
            let id = UUID()
            if let planItemID = input.planItemID {
                guard let item = try await transaction.planItem(id: planItemID) else { throw AppError.notFound("plan item \(planItemID)") }
                defaults = (item.title, item.description, item.cpv, item.contractType, item.law, item.framework, item.period)
                for answer in try await transaction.planAnswers(planItemID: planItemID) where answer.decision == .join {
                    guard let volume = answer.volume else { continue }
                    participants.append(Participant(
                        id: UUID(), pooledProcurementID: id, organisationID: answer.organisationID, quantity: volume.quantity,
                        unit: volume.unit, yearlyValue: volume.yearlyValue))
                }
            } else {
                let wanted = Set(input.needIDs ?? [])
                let needs = try await transaction.needs().filter { wanted.contains($0.id) && $0.pooledProcurementID == nil }
                guard needs.count == wanted.count, let first = needs.first else {
                    throw AppError.invalid("\(wanted.count - needs.count) of the needs are unknown, withdrawn or pooled already")
                        .swedish("Några av behoven finns inte, är återkallade eller redan samordnade. Ladda om och välj igen.")
                }
                let start = needs.map(\.period.start).min()!
                let end = needs.map(\.period.end).max()!
                let months = max(1, ContractPeriod.months(from: start, through: end))
                defaults = (first.title, first.description, first.cpv, nil, .lou, true,
                            try Input.period(start: start, months: months, optionMonths: []))
                // One participant per member: its needs added up (a unit only when they agree).
                for (organisationID, own) in Dictionary(grouping: needs, by: \.organisationID).sorted(by: { $0.key < $1.key }) {
                    let units = Set(own.map(\.volume.unit))
                    participants.append(Participant(
                        id: UUID(), pooledProcurementID: id, organisationID: organisationID,
                        quantity: units.count == 1 ? Quantity(thousandths: own.reduce(0) { $0 + $1.volume.quantity.thousandths }) : nil,
                        unit: units.count == 1 ? units.first : nil,
                        yearlyValue: own.reduce(Money.zero) { $0 + $1.volume.yearlyValue }))
                }
                needIDs = needs.map(\.id)
            }
            guard !participants.isEmpty else {
                throw AppError.invalid("no member has joined; there is nothing to pool")
                    .swedish("Ingen medlem har anslutit sig ännu. Det finns inget att samordna.")
            }
            var cpv = defaults.cpv
            if let text = input.cpv { cpv = try await Input.cpv(text, in: transaction).code }
            guard let contractType = input.contractType ?? defaults.type else {
                throw AppError.invalid("`contractType` is required when pooling needs")
                    .swedish("Ange om det är varor, tjänster eller byggentreprenad.")
            }
            let period = try Input.period(
                start: input.plannedStart ?? defaults.period.start, months: input.contractMonths ?? defaults.period.months,
                optionMonths: input.optionMonths ?? defaults.period.optionMonths)
            let procurement = PooledProcurement(
                id: id,
                title: try Input.text(input.title ?? defaults.title, field: "title", label: "en rubrik", maxLength: 200),
                description: try Input.text(input.description ?? defaults.description, field: "description", label: "beskrivningen",
                                            maxLength: 4000, required: false),
                cpv: cpv, contractType: contractType, law: input.law ?? defaults.law, buyer: .subCentral,
                framework: input.framework ?? defaults.framework, period: period, maximumValue: maximumValue,
                planItemID: input.planItemID, confirmationDeadline: input.confirmationDeadline,
                participantsPublished: input.participantsPublished ?? false)
            if let planItemID = input.planItemID,
               try await transaction.pooledProcurements().contains(where: { $0.planItemID == planItemID }) {
                throw AppError.conflict("the plan item is pooled already").swedish("Planposten har redan en samordnad upphandling.")
            }
            try await transaction.insertPooledProcurement(procurement, createdBy: signedIn.userID)
            for participant in participants { try await transaction.insertParticipant(participant) }
            if !needIDs.isEmpty {
                guard try await transaction.poolNeeds(needIDs, into: id) == needIDs.count else {
                    throw AppError.conflict("a need changed meanwhile").swedish("Ett behov ändrades under tiden. Försök igen.")
                }
            }
            return try await respond(transaction, procurement)
        }
    }

    struct Patch: Decodable, Sendable {
        var title: String?
        var description: String?
        var framework: Bool?
        var plannedStart: CalendarDate?
        var contractMonths: Int?
        var optionMonths: [Int]?
        /// Decimal text; an empty string removes it.
        var maximumValue: String?
        var confirmationDeadline: CalendarDate?
        var participantsPublished: Bool?
    }

    func update(_ signedIn: Authenticated, id: UUID, _ patch: Patch) async throws -> PooledProcurement {
        try await update(signedIn, id: id, patch) { $1 }
    }

    func update<T>(_ signedIn: Authenticated, id: UUID, _ patch: Patch, respond: (Transaction, PooledProcurement) async throws -> T) async throws -> T {
        try await database.transaction(as: signedIn.identity) { transaction in
            guard var procurement = try await transaction.lockPooledProcurement(id: id) else { throw AppError.notFound("pooled procurement \(id)") }
            if let title = patch.title { procurement.title = try Input.text(title, field: "title", label: "en rubrik", maxLength: 200) }
            if let description = patch.description {
                procurement.description = try Input.text(description, field: "description", label: "beskrivningen", maxLength: 4000, required: false)
            }
            if let framework = patch.framework { procurement.framework = framework }
            procurement.period = try Input.period(
                start: patch.plannedStart ?? procurement.period.start, months: patch.contractMonths ?? procurement.period.months,
                optionMonths: patch.optionMonths ?? procurement.period.optionMonths)
            if let maximum = patch.maximumValue {
                procurement.maximumValue = try Input.optionalMoney(maximum, field: "maximumValue", label: "takvärdet")
            }
            if let deadline = patch.confirmationDeadline { procurement.confirmationDeadline = deadline }
            if let published = patch.participantsPublished { procurement.participantsPublished = published }
            guard try await transaction.updatePooledProcurement(procurement) else { throw AppError.forbidden }
            return try await respond(transaction, procurement)
        }
    }

    /// A coordinator confirms (a recorded commitment) or withdraws their member's participation
    /// before the deadline.
    func decide(_ signedIn: Authenticated, procurementID: UUID, status: ParticipationStatus) async throws -> Participant {
        try await decide(signedIn, procurementID: procurementID, status: status) { $1 }
    }

    func decide<T>(_ signedIn: Authenticated, procurementID: UUID, status: ParticipationStatus, respond: (Transaction, Participant) async throws -> T) async throws -> T {
        let today = configuration.today()
        guard let organisationID = signedIn.activeRole?.organisationID, signedIn.activeRole?.role == .coordinator else {
            throw AppError.forbidden.swedish("Bara medlemmens inköpssamordnare bekräftar eller utträder. Byt roll om du har den rollen.")
        }
        return try await database.transaction(as: signedIn.identity) { transaction in
            // Read, not locked: a member may not lock the office's row (FOR UPDATE needs the
            // office's update policy); the participant row the update takes is lock enough.
            guard let procurement = try await transaction.pooledProcurement(id: procurementID) else {
                throw AppError.notFound("pooled procurement \(procurementID)")
            }
            guard var participant = try await transaction.participants(of: procurementID).first(where: { $0.organisationID == organisationID }) else {
                throw AppError.notFound("participation of your organisation in \(procurementID)")
                    .swedish("Din organisation är inte deltagare i den här upphandlingen.")
            }
            guard procurement.isOpenForConfirmation(on: today) else {
                throw AppError.conflict("the confirmation deadline \(procurement.confirmationDeadline) has passed")
                    .swedish("Sista dag för bekräftelse (\(procurement.confirmationDeadline)) har passerat. Kontakta upphandlingskontoret.")
            }
            guard participant.status != .withdrawn else {
                throw AppError.conflict("your organisation has withdrawn; ask the office to add it again")
                    .swedish("Din organisation har redan utträtt. Kontakta upphandlingskontoret för att delta igen.")
            }
            guard participant.status != status else { return try await respond(transaction, participant) }
            guard try await transaction.decideParticipation(id: participant.id, status: status, by: signedIn.userID) else {
                throw AppError.forbidden
            }
            participant.status = status
            participant.decidedBy = signedIn.userID
            participant.decidedAt = Date()
            return try await respond(transaction, participant)
        }
    }

    struct CostInput: Decodable, Sendable {
        /// SEK, as decimal text.
        var total: String
        var basis: CostBasis
    }

    /// Shares the office's cost among the participants that have not withdrawn, by volume or
    /// by population, in öre that add up to the total exactly.
    func allocateCost(_ signedIn: Authenticated, procurementID: UUID, _ input: CostInput) async throws -> [UUID: Money] {
        try await allocateCost(signedIn, procurementID: procurementID, input) { $1 }
    }

    func allocateCost<T>(_ signedIn: Authenticated, procurementID: UUID, _ input: CostInput, respond: (Transaction, [UUID: Money]) async throws -> T) async throws -> T {
        let total = try Input.money(input.total, field: "total", label: "kostnaden")
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard try await transaction.lockPooledProcurement(id: procurementID) != nil else {
                throw AppError.notFound("pooled procurement \(procurementID)")
            }
            let participants = try await transaction.participants(of: procurementID).filter(\.counts)
            let organisations = Dictionary(uniqueKeysWithValues: try await transaction.organisations().map { ($0.id, $0) })
            var weights: [UUID: Int64] = [:]
            for participant in participants {
                switch input.basis {
                case .volume:
                    weights[participant.id] = participant.yearlyValue.ore
                case .population:
                    guard let population = organisations[participant.organisationID]?.population else {
                        let name = organisations[participant.organisationID]?.name ?? "en deltagare"
                        throw AppError.invalid("a participant has no population on record")
                            .swedish("\(name) saknar invånarantal. Fördela efter volym eller ange invånarantalet först.")
                    }
                    weights[participant.id] = Int64(population)
                }
            }
            let shares: [UUID: Money]
            do { shares = try CostSharing.allocate(total, by: weights) } catch let problem as CostSharingProblem {
                throw AppError.invalid(problem.description).swedish(problem.swedishMessage)
            }
            try await transaction.storeCostAllocation(
                procurementID: procurementID, terms: CostSharingTerms(total: total, basis: input.basis), shares: shares)
            return try await respond(transaction, shares)
        }
    }
}
