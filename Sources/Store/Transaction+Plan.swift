import Foundation
import Postgres
import Procurement

extension Transaction {
    /// The plan items the identity sees (drafts for office staff only), by deadline.
    public func planItems() async throws -> [PlanItem] {
        try await query("SELECT \(fragment: PlanItem.columns) FROM plan_items ORDER BY answer_deadline, planned_start, title")
            .map(PlanItem.init(row:))
    }

    public func planItem(id: UUID) async throws -> PlanItem? {
        try await query("SELECT \(fragment: PlanItem.columns) FROM plan_items WHERE id = \(id)").first.map(PlanItem.init(row:))
    }

    public func insertPlanItem(_ item: PlanItem, createdBy: UUID?) async throws {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        try await query("""
            INSERT INTO plan_items (office_id, id, title, description, cpv, contract_type, law, framework, planned_start,
                                    contract_months, option_months, answer_deadline, published_at, created_by)
            VALUES (\(officeID), \(item.id), \(item.title), \(item.description), \(item.cpv),
                    \(item.contractType.rawValue)::contract_type, \(item.law.rawValue)::procurement_law, \(item.framework),
                    \(item.period.start), \(item.period.months), \(item.period.optionMonths.map(Int32.init)),
                    \(item.answerDeadline), \(item.publishedAt), \(createdBy))
            """)
    }

    /// Publishes a draft to the members. False when there is no such draft the identity may publish.
    public func publishPlanItem(id: UUID) async throws -> Bool {
        try await query("UPDATE plan_items SET published_at = now() WHERE id = \(id) AND published_at IS NULL")
            .affectedRows == 1
    }

    /// The answers the identity sees: all for the office, a member's own otherwise.
    public func planAnswers(planItemID: UUID? = nil) async throws -> [PlanAnswer] {
        try await query("""
            SELECT \(fragment: PlanAnswer.columns) FROM plan_answers
            WHERE \(planItemID)::uuid IS NULL OR plan_item_id = \(planItemID)
            ORDER BY answered_at
            """).map(PlanAnswer.init(row:))
    }

    /// Records a member's answer, replacing an earlier one: the last answer before the
    /// deadline is the member's answer.
    public func savePlanAnswer(_ answer: PlanAnswer) async throws -> PlanAnswer {
        guard let officeID = identity.officeID else { throw StoreError.noOffice }
        let rows = try await query("""
            INSERT INTO plan_answers (office_id, id, plan_item_id, organisation_id, decision, quantity, unit, yearly_value,
                                      comment, answered_by, answered_at)
            VALUES (\(officeID), \(answer.id), \(answer.planItemID), \(answer.organisationID),
                    \(answer.decision.rawValue)::plan_decision, \(answer.volume?.quantity), \(answer.volume?.unit),
                    \(answer.volume?.yearlyValue), \(answer.comment), \(answer.answeredBy), now())
            ON CONFLICT (office_id, plan_item_id, organisation_id) DO UPDATE
                SET decision = EXCLUDED.decision, quantity = EXCLUDED.quantity, unit = EXCLUDED.unit,
                    yearly_value = EXCLUDED.yearly_value, comment = EXCLUDED.comment,
                    answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at
            RETURNING \(fragment: PlanAnswer.columns)
            """)
        guard let row = rows.first else { throw PostgresError(kind: .decoding, context: "the answer was not returned") }
        return try PlanAnswer(row: row)
    }
}

/// Why the store could not do what was asked, before the database was asked.
public enum StoreError: Error, Sendable, Equatable {
    /// The identity belongs to no office; nothing of a tenant can be written.
    case noOffice
}

extension PlanItem {
    static let columns: PostgresQuery = """
        id, title, description, cpv, contract_type::text, law::text, framework, planned_start, contract_months,
        option_months, answer_deadline, published_at
        """

    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(0), title: try row.decode(1), description: try row.decode(2), cpv: try row.decode(3),
            contractType: try row.decodeEnum(4), law: try row.decodeEnum(5), framework: try row.decode(6),
            period: try ContractPeriod.stored(start: try row.decode(7), months: try row.decode(8), optionMonths: try row.decode(9)),
            answerDeadline: try row.decode(10), publishedAt: try row.decode(11))
    }
}

extension PlanAnswer {
    static let columns: PostgresQuery = """
        id, plan_item_id, organisation_id, decision::text, quantity, unit, yearly_value, comment, answered_by, answered_at
        """

    init(row: PostgresRow) throws {
        let quantity: Quantity? = try row.decode(4)
        let unit: String? = try row.decode(5)
        let yearlyValue: Money? = try row.decode(6)
        var volume: Volume?
        if let quantity, let unit, let yearlyValue {
            volume = Volume(quantity: quantity, unit: unit, yearlyValue: yearlyValue)
        }
        self.init(
            id: try row.decode(0), planItemID: try row.decode(1), organisationID: try row.decode(2),
            decision: try row.decodeEnum(3), volume: volume, comment: try row.decode(7),
            answeredBy: try row.decode(8), answeredAt: try row.decode(9))
    }
}

extension PostgresRow {
    /// A column holding a PostgreSQL enum (selected as `::text`) as its Swift enum.
    func decodeEnum<T: RawRepresentable>(_ column: Int, as _: T.Type = T.self) throws -> T where T.RawValue == String {
        let text: String = try decode(column)
        guard let value = T(rawValue: text) else {
            throw PostgresError(kind: .decoding, context: "unknown value of \(T.self)", column: "\(column)")
        }
        return value
    }
}

extension ContractPeriod {
    /// A period read back from the database, whose checks allowed it in.
    static func stored(start: CalendarDate, months: Int, optionMonths: [Int]) throws -> ContractPeriod {
        do {
            return try ContractPeriod.make(start: start, months: months, optionMonths: optionMonths)
        } catch {
            throw PostgresError(kind: .decoding, context: "stored contract period is invalid", column: "contract_months")
        }
    }
}
