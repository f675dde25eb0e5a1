import Foundation
import Postgres

/// One entry of an office's audit trail: who, in which role and organisation, did what to
/// which row, with the row before and after (secrets left out).
public struct AuditEvent: Sendable, Equatable {
    public var seq: Int64
    public var occurredAt: Date
    public var actorUserID: UUID?
    public var actorRole: String?
    public var actorOrganisationID: UUID?
    public var action: String
    public var entity: String
    public var entityID: String?
    /// JSON text of the row before and after the change.
    public var before: String?
    public var after: String?
}

/// The result of checking an office's audit chain.
public enum AuditVerification: Sendable, Equatable {
    /// Every event is present, in order, and unaltered.
    case intact(events: Int64)
    /// The first event at which the chain breaks, and why.
    case broken(seq: Int64, reason: Break)

    public enum Break: String, Sendable, Equatable {
        /// The event's content no longer matches its hash: it was edited.
        case altered
        /// The event does not follow the one before it: an event before it was removed or inserted.
        case unlinked
        /// A number is missing before this one.
        case missing
        /// Events after this one, which the chain head records, are gone.
        case truncated
    }

    public var isIntact: Bool { if case .intact = self { true } else { false } }

    public var description: String {
        switch self {
        case .intact(let events): "the audit chain is intact: \(events) event(s)"
        case .broken(let seq, .altered): "the audit chain breaks at event \(seq): its content was changed after it was written"
        case .broken(let seq, .unlinked): "the audit chain breaks at event \(seq): it does not follow the event before it"
        case .broken(let seq, .missing): "the audit chain breaks at event \(seq): the event(s) before it are missing"
        case .broken(let seq, .truncated): "the audit chain breaks after event \(seq): later events recorded by the chain head are missing"
        }
    }
}

extension Transaction {
    /// The newest events first, `limit` at most, older than `beforeSeq` when given.
    public func auditEvents(limit: Int = 100, beforeSeq: Int64? = nil) async throws -> [AuditEvent] {
        try await query("""
            SELECT seq, occurred_at, actor_user_id, actor_role, actor_org_id, action, entity, entity_id,
                   before::text, after::text
            FROM audit_events WHERE \(beforeSeq)::int8 IS NULL OR seq < \(beforeSeq)
            ORDER BY seq DESC LIMIT \(Int64(limit))
            """).map { row in
            AuditEvent(
                seq: try row.decode(0), occurredAt: try row.decode(1), actorUserID: try row.decode(2),
                actorRole: try row.decode(3), actorOrganisationID: try row.decode(4), action: try row.decode(5),
                entity: try row.decode(6), entityID: try row.decode(7), before: try row.decode(8), after: try row.decode(9))
        }
    }

    /// Recomputes every hash of the identity's office and follows the links, in one pass in
    /// the database; names the first break.
    public func verifyAuditChain() async throws -> AuditVerification {
        let rows = try await query("""
            WITH checked AS (
                SELECT seq,
                       hash = audit_event_hash(e) AS intact,
                       prev_hash = coalesce(lag(hash) OVER (ORDER BY seq), '\\x'::bytea) AS linked,
                       seq = row_number() OVER (ORDER BY seq) AS numbered,
                       hash
                FROM audit_events e
            )
            SELECT (SELECT count(*) FROM checked)::int8,
                   b.seq, b.intact, b.numbered,
                   (SELECT max(seq) FROM checked)::int8,
                   (SELECT hash FROM checked ORDER BY seq DESC LIMIT 1) IS NOT DISTINCT FROM h.hash
                       AND (SELECT coalesce(max(seq), 0) FROM checked) = coalesce(h.seq, 0)
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (
                SELECT seq, intact, numbered FROM checked WHERE NOT (intact AND linked AND numbered) ORDER BY seq LIMIT 1
            ) b ON true
            LEFT JOIN audit_chain_heads h ON h.office_id = current_office_id()
            """)
        guard let row = rows.single else { throw PostgresError(kind: .unexpectedResponse, context: "no verification row") }
        let count: Int64 = try row.decode(0)
        if let seq = try row.decode(1, as: Int64?.self) {
            let intact: Bool = try row.decode(2)
            let numbered: Bool = try row.decode(3)
            return .broken(seq: seq, reason: !numbered ? .missing : !intact ? .altered : .unlinked)
        }
        guard try row.decode(5, as: Bool?.self) ?? (count == 0) else {
            return .broken(seq: try row.decode(4, as: Int64?.self) ?? 0, reason: .truncated)
        }
        return .intact(events: count)
    }
}
