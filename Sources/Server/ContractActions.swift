import Foundation
import Procurement
import Store

/// What the office does with contracts: turn an award into contracts, register a direct
/// award with its documentation, activate a contract once its suppliers are cleared, decide
/// its options, name the assignment that procures its successor, terminate it. The domain's
/// rules say what is missing; the database refuses again what must never happen.
struct ContractActions: Sendable {
    let database: Database
    let configuration: ServerConfiguration

    /// Who keeps the contract register.
    static let keepers: Set<Role> = [.administrator, .procurer, .controller]

    struct Terms: Decodable, Sendable {
        var reference: String?
        var title: String?
        var description: String?
        var start: CalendarDate
        var end: CalendarDate
        var optionMonths: [Int]?
        var estimatedValue: String
        var maximumValue: String?
        var callOffMethod: CallOffMethod?
        var managerID: UUID?
    }

    struct FromAward: Decodable, Sendable {
        var lotID: UUID
        var terms: Terms
        /// The parties; by default every member that confirmed its participation in the
        /// tender's pooled procurement.
        var partyIDs: [UUID]?
    }

    /// A contract from a lot's award: its winning suppliers (cheapest first, the ranking of a
    /// framework awarded on price) and the members that confirmed their participation.
    func createFromAward<Answer>(
        _ signedIn: Authenticated, tenderID: UUID, _ input: FromAward, answer: (Transaction, Contract) async throws -> Answer
    ) async throws -> Answer {
        try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                guard let tender = try await transaction.tender(id: tenderID) else { throw AppError.notFound("tender \(tenderID)") }
                guard let lot = try await transaction.lots(tenderID: tenderID).first(where: { $0.id == input.lotID }) else {
                    throw AppError.notFound("lot \(input.lotID)")
                }
                guard tender.schedule.awardDecisionOn != nil, tender.schedule.cancelledOn == nil else {
                    throw AppError.conflict("the tender has no award decision").swedish("Upphandlingen har inget tilldelningsbeslut ännu.")
                }
                let winners = try await transaction.bids(tenderID: tenderID).filter { $0.lotID == lot.id && $0.awarded }
                    .sorted { ($0.price, $0.receivedAt) < ($1.price, $1.receivedAt) }
                guard !winners.isEmpty else {
                    throw AppError.conflict("no bid of the lot is awarded").swedish("Inget anbud på delområdet har tilldelats.")
                }
                var parties = input.partyIDs ?? []
                if input.partyIDs == nil, let pooledID = tender.pooledProcurementID {
                    parties = try await transaction.participants(of: pooledID).filter { $0.status == .confirmed }.map(\.organisationID)
                }
                guard !parties.isEmpty else {
                    throw AppError.invalid("`partyIDs` names no member organisation").swedish("Välj minst en avtalspart.")
                }
                var reference = input.terms.reference
                if reference == nil, let assignmentID = tender.assignmentID,
                   let assignment = try await transaction.assignment(id: assignmentID) {
                    reference = "\(assignment.caseNumber)-\(lot.number)"
                }
                let contract = try await contract(
                    input.terms, reference: reference, title: input.terms.title ?? (lot.title == tender.title ? tender.title : "\(tender.title): \(lot.title)"),
                    description: tender.description, cpv: tender.cpv, framework: tender.framework, tenderID: tenderID, lotID: lot.id,
                    supplierIDs: winners.map(\.supplierID), partyIDs: parties, in: transaction)
                try await transaction.insertContract(contract, ranked: contract.callOffMethod == .ranking, createdBy: signedIn.userID)
                return try await answer(transaction, contract)
            }
        }
    }

    struct DirectAward: Decodable, Sendable {
        var terms: Terms
        var cpv: String
        var supplierID: UUID
        var partyIDs: [UUID]
        var documentation: Documentation?
    }

    struct Documentation: Decodable, Sendable {
        var competitionMethod: String
        var suppliersAsked: Int
        var answersReceived: Int
        var winnerReason: String
        var documentedOn: CalendarDate?
    }

    /// A direct award (*direktupphandling*): one supplier, no tender. At or above the
    /// documentation limit valid on its start, the documentation LOU 19 a kap. asks for must
    /// come with it.
    func createDirectAward<Answer>(
        _ signedIn: Authenticated, _ input: DirectAward, answer: (Transaction, Contract) async throws -> Answer
    ) async throws -> Answer {
        let today = configuration.today()
        return try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                let cpv = try await Input.cpv(input.cpv, in: transaction).code
                guard try await transaction.supplierDirectory()[input.supplierID] != nil else {
                    throw AppError.notFound("supplier \(input.supplierID)")
                }
                guard !input.partyIDs.isEmpty else {
                    throw AppError.invalid("`partyIDs` names no member organisation").swedish("Välj minst en avtalspart.")
                }
                let contract = try await contract(
                    input.terms, reference: input.terms.reference, title: input.terms.title, description: input.terms.description ?? "",
                    cpv: cpv, framework: false, tenderID: nil, lotID: nil, supplierIDs: [input.supplierID], partyIDs: input.partyIDs,
                    in: transaction)
                let documentation = try input.documentation.map { given in
                    DirectAwardDocumentation(
                        competitionMethod: try Input.text(given.competitionMethod, field: "documentation.competitionMethod",
                                                          label: "hur konkurrensen togs tillvara", maxLength: 2000),
                        suppliersAsked: given.suppliersAsked, answersReceived: given.answersReceived,
                        winnerReason: try Input.text(given.winnerReason, field: "documentation.winnerReason",
                                                     label: "skälet till valet av leverantör", maxLength: 2000),
                        documentedOn: given.documentedOn ?? today)
                }
                let limit = try await transaction.thresholdTable()
                    .applicable(law: .lou, kind: .directAwardDocumentation, buyer: .subCentral, on: contract.start)?.sek
                let problems = DirectAwardDocumentation.problems(documentation, value: contract.estimatedValue, limit: limit,
                                                                  contractDay: today)
                if let problem = problems.first(where: { if case .late = $0 { false } else { true } }) {
                    throw AppError.invalid(problem.message).swedish(problem.swedishMessage)
                }
                guard (documentation?.suppliersAsked ?? 0) >= 0, (documentation?.answersReceived ?? 0) >= 0 else {
                    throw AppError.invalid("counts cannot be negative").swedish("Antalen kan inte vara negativa.")
                }
                try await transaction.insertContract(contract, ranked: false, createdBy: signedIn.userID)
                if let documentation {
                    try await transaction.insertDirectAwardDocumentation(documentation, contractID: contract.id, by: signedIn.userID)
                }
                return try await answer(transaction, contract)
            }
        }
    }

    /// Activates a contract: the office has checked its suppliers (F-tax, taxes and debts,
    /// exclusion grounds, each current), the standstill is over, a direct award at the limit
    /// is documented.
    func activate<Answer>(
        _ signedIn: Authenticated, contractID: UUID, answer: (Transaction, Contract) async throws -> Answer
    ) async throws -> Answer {
        let today = configuration.today()
        return try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                let contract = try await lockedContract(contractID, in: transaction)
                guard contract.activatedAt == nil else {
                    throw AppError.conflict("the contract is active already").swedish("Avtalet är redan aktiverat.")
                }
                if let tenderID = contract.tenderID, let last = try await transaction.tender(id: tenderID)?.schedule.standstillLastDay,
                   today <= last {
                    throw AppError.conflict("the standstill lasts until \(last.iso)")
                        .swedish("Avtalsspärren löper till och med \(last.iso). Avtalet kan aktiveras tidigast dagen efter.")
                }
                let checks = try await transaction.supplierChecks(supplierIDs: contract.supplierIDs)
                let names = try await transaction.supplierDirectory()
                let uncleared = contract.supplierIDs.compactMap { id -> String? in
                    let missing = SupplierVetting.missingChecks(checks.filter { $0.supplierID == id }, on: today)
                    guard !missing.isEmpty else { return nil }
                    return "\(names[id]?.name ?? id.uuidString): \(missing.map(\.swedishName).joined(separator: ", "))"
                }
                if !uncleared.isEmpty {
                    throw AppError.conflict("a supplier lacks current checks: \(uncleared.joined(separator: "; "))")
                        .swedish("Seriositetsprövningen är inte klar. Saknas: \(uncleared.joined(separator: "; ")).")
                }
                // The database records the tender's contract day with the first activation.
                try await transaction.activateContract(id: contractID)
                return try await answer(transaction, try await transaction.contract(id: contractID) ?? contract)
            }
        }
    }

    // The same actions answering with the contract, for the pages (which redirect). The API
    // answers from inside the writing transaction instead: a database lost between a commit
    // and a second read would otherwise report a failure for a contract that was stored.
    func createFromAward(_ signedIn: Authenticated, tenderID: UUID, _ input: FromAward) async throws -> Contract {
        try await createFromAward(signedIn, tenderID: tenderID, input) { $1 }
    }

    func createDirectAward(_ signedIn: Authenticated, _ input: DirectAward) async throws -> Contract {
        try await createDirectAward(signedIn, input) { $1 }
    }

    func activate(_ signedIn: Authenticated, contractID: UUID) async throws -> Contract {
        try await activate(signedIn, contractID: contractID) { $1 }
    }

    struct OptionDecisionInput: Decodable, Sendable { var decision: OptionDecision; var decidedOn: CalendarDate? }

    /// Uses or declines the next open option (*förlängningsoption*), in order.
    func decideOption<Answer>(
        _ signedIn: Authenticated, contractID: UUID, ordinal: Int, _ input: OptionDecisionInput,
        answer: (Transaction, Contract) async throws -> Answer
    ) async throws -> Answer {
        guard input.decision != .open else {
            throw AppError.invalid("`decision` must be `exercised` or `declined`").swedish("Välj att utnyttja eller avstå optionen.")
        }
        return try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                let contract = try await lockedContract(contractID, in: transaction)
                guard contract.activatedAt != nil else {
                    throw AppError.conflict("the contract is not active").swedish("Avtalet är inte aktiverat.")
                }
                guard let option = contract.options.first(where: { $0.ordinal == ordinal }) else {
                    throw AppError.notFound("option \(ordinal)")
                }
                guard option.decision == .open else {
                    throw AppError.conflict("option \(ordinal) is \(option.decision.rawValue) already").swedish("Optionen är redan beslutad.")
                }
                guard contract.nextOpenOption?.ordinal == ordinal else {
                    guard let next = contract.nextOpenOption else {
                        // After a declined option none can be used: the contract is not extended further.
                        throw AppError.conflict("an earlier option was declined: no later option can be used")
                            .swedish("En tidigare option har avståtts, så senare optioner kan inte användas.")
                    }
                    throw AppError.conflict("options are used in order: decide option \(next.ordinal) first")
                        .swedish("Optionerna används i tur och ordning. Besluta om den tidigare först.")
                }
                try await transaction.decideOption(
                    contractID: contractID, ordinal: ordinal, decision: input.decision,
                    on: input.decidedOn ?? configuration.today(), by: signedIn.userID)
                return try await answer(transaction, try await transaction.contract(id: contractID) ?? contract)
            }
        }
    }

    func decideOption(_ signedIn: Authenticated, contractID: UUID, ordinal: Int, _ input: OptionDecisionInput) async throws -> Contract {
        try await decideOption(signedIn, contractID: contractID, ordinal: ordinal, input) { $1 }
    }

    struct Termination: Decodable, Sendable { var terminatedOn: CalendarDate }

    func terminate<Answer>(
        _ signedIn: Authenticated, contractID: UUID, _ input: Termination, answer: (Transaction, Contract) async throws -> Answer
    ) async throws -> Answer {
        try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                let contract = try await lockedContract(contractID, in: transaction)
                guard contract.activatedAt != nil, contract.terminatedOn == nil else {
                    throw AppError.conflict("only an active contract is terminated").swedish("Bara ett gällande avtal kan sägas upp.")
                }
                guard input.terminatedOn >= contract.start else {
                    throw AppError.invalid("`terminatedOn` is before the contract starts").swedish("Uppsägningen ligger före avtalets start.")
                }
                try await transaction.terminateContract(id: contractID, on: input.terminatedOn)
                return try await answer(transaction, try await transaction.contract(id: contractID) ?? contract)
            }
        }
    }

    func terminate(_ signedIn: Authenticated, contractID: UUID, _ input: Termination) async throws -> Contract {
        try await terminate(signedIn, contractID: contractID, input) { $1 }
    }

    struct Successor: Decodable, Sendable { var assignmentID: UUID? }

    /// Names the assignment that procures what follows the contract, so it is no longer
    /// flagged as expiring without a successor.
    func setSuccessor<Answer>(
        _ signedIn: Authenticated, contractID: UUID, _ input: Successor, answer: (Transaction, Contract) async throws -> Answer
    ) async throws -> Answer {
        try await refusingByRule {
            try await database.transaction(as: signedIn.identity) { transaction in
                let contract = try await lockedContract(contractID, in: transaction)
                if let assignmentID = input.assignmentID, try await transaction.assignment(id: assignmentID) == nil {
                    throw AppError.notFound("assignment \(assignmentID)")
                }
                try await transaction.setSuccessorAssignment(contractID: contractID, assignmentID: input.assignmentID)
                return try await answer(transaction, try await transaction.contract(id: contractID) ?? contract)
            }
        }
    }

    func setSuccessor(_ signedIn: Authenticated, contractID: UUID, _ input: Successor) async throws -> Contract {
        try await setSuccessor(signedIn, contractID: contractID, input) { $1 }
    }

    private func lockedContract(_ id: UUID, in transaction: Transaction) async throws -> Contract {
        if let contract = try await transaction.lockContract(id: id) { return contract }
        guard try await transaction.contract(id: id) != nil else { throw AppError.notFound("contract \(id)") }
        throw AppError.forbidden
    }

    private func contract(
        _ terms: Terms, reference: String?, title: String?, description: String, cpv: CPVCode, framework: Bool, tenderID: UUID?,
        lotID: UUID?, supplierIDs: [UUID], partyIDs: [UUID], in transaction: Transaction
    ) async throws -> Contract {
        guard terms.start <= terms.end else {
            throw AppError.invalid("`end` is before `start`").swedish("Avtalet kan inte sluta innan det börjar.")
        }
        let options = terms.optionMonths ?? []
        guard options.count <= 10, options.allSatisfy({ (1...120).contains($0) }) else {
            throw AppError.invalid("`optionMonths` takes at most ten options of 1 to 120 months")
                .swedish("Ange högst tio optioner om 1–120 månader vardera.")
        }
        let organisations = Set(try await transaction.organisations().map(\.id))
        if let unknown = partyIDs.first(where: { !organisations.contains($0) }) {
            throw AppError.notFound("organisation \(unknown)")
        }
        if let managerID = terms.managerID, try await transaction.user(id: managerID) == nil {
            throw AppError.notFound("user \(managerID)")
        }
        let estimated = try Input.money(terms.estimatedValue, field: "terms.estimatedValue", label: "det uppskattade värdet")
        let maximum = try Input.optionalMoney(terms.maximumValue, field: "terms.maximumValue", label: "takvärdet")
        if let maximum, maximum < estimated {
            throw AppError.invalid("`maximumValue` is below `estimatedValue`").swedish("Takvärdet kan inte vara lägre än det uppskattade värdet.")
        }
        if framework, maximum == nil {
            throw AppError.invalid("a framework agreement needs `maximumValue` (CJEU C-23/20)")
                .swedish("Ett ramavtal ska ha ett takvärde (EU-domstolen C-23/20).")
        }
        let id = UUID()
        return Contract(
            id: id,
            reference: try Input.text(reference ?? "AVT-\(terms.start.year)-\(id.uuidString.prefix(8))", field: "terms.reference",
                                      label: "avtalsnumret", maxLength: 60),
            title: try Input.text(title, field: "terms.title", label: "avtalets namn", maxLength: 200),
            description: try Input.text(description, field: "terms.description", label: "beskrivningen", maxLength: 4000, required: false),
            cpv: cpv, framework: framework, tenderID: tenderID, lotID: lotID, start: terms.start, end: terms.end,
            options: options.enumerated().map { ContractOption(ordinal: $0.offset + 1, months: $0.element) },
            estimatedValue: estimated, maximumValue: maximum,
            callOffMethod: terms.callOffMethod ?? (supplierIDs.count == 1 ? .singleSupplier : .ranking),
            managerID: terms.managerID, supplierIDs: supplierIDs, partyIDs: Array(Set(partyIDs)).sorted())
    }
}
