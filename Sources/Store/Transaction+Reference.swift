import Foundation
import Postgres
import Procurement

/// A code of the Common Procurement Vocabulary with its labels.
public struct CPVEntry: Sendable, Equatable {
    public var code: CPVCode
    public var labelSV: String
    public var labelEN: String
}

/// A threshold as stored: the rule's data plus its row id, for an administrator to complete.
public struct StoredThreshold: Sendable, Equatable {
    public var id: UUID
    public var threshold: Threshold
    public var changedAt: Date?
}

extension Transaction {
    /// The entry of a code, given in full (`30192000-1`) or by its eight digits; nil when the
    /// vocabulary has no such code, or the check digit is not the code's.
    public func cpv(_ text: String) async throws -> CPVEntry? {
        guard let lookup = CPVLookup(text) else { return nil }
        guard let entry = try await query("SELECT code, label_sv, label_en FROM cpv_codes WHERE left(code, 8) = \(lookup.digits)")
            .first.map(CPVEntry.init(row:)) else { return nil }
        return lookup.accepts(entry) ? entry : nil
    }

    /// The Swedish label of each code that `cpv(_:)` would find, by the code as given, in one
    /// query: a register of thousands of contracts names its categories without a round trip each.
    public func cpvLabels(_ codes: some Sequence<String>) async throws -> [String: String] {
        var lookups: [String: CPVLookup] = [:]
        for code in codes where lookups[code] == nil { lookups[code] = CPVLookup(code) }
        let digits = Set(lookups.values.map(\.digits)).sorted()
        guard !digits.isEmpty else { return [:] }
        var entries: [String: CPVEntry] = [:]
        for entry in try await query("SELECT code, label_sv, label_en FROM cpv_codes WHERE left(code, 8) = ANY (\(digits))")
            .map(CPVEntry.init(row:)) {
            entries[entry.code.digits] = entry
        }
        return lookups.compactMapValues { lookup in entries[lookup.digits].flatMap { lookup.accepts($0) ? $0.labelSV : nil } }
    }

    /// Codes whose digits start with `text`, or whose Swedish label contains it, broadest first.
    /// The Swedish labels of CPV groups (three digits), from each group's own code ("091" is 09100000).
    public func cpvGroupLabels(_ groups: [String]) async throws -> [String: String] {
        let codes = groups.filter { $0.count == 3 && $0.allSatisfy(\.isNumber) }.map { $0 + "00000" }
        guard !codes.isEmpty else { return [:] }
        var labels: [String: String] = [:]
        for row in try await query("SELECT left(code, 3), label_sv FROM cpv_codes WHERE left(code, 8) = ANY (\(codes))") {
            labels[try row.decode(0)] = try row.decode(1)
        }
        return labels
    }

    public func searchCPV(_ text: String, limit: Int = 20) async throws -> [CPVEntry] {
        let term = text.trimmingCharacters(in: .whitespaces)
        guard !term.isEmpty else { return [] }
        if term.allSatisfy(\.isNumber) || (term.count == 10 && term.dropLast(2).allSatisfy(\.isNumber)) {
            let digits = String(term.prefix(8))
            return try await query("""
                SELECT code, label_sv, label_en FROM cpv_codes WHERE left(code, 8) LIKE \(digits + "%")
                ORDER BY code LIMIT \(limit)
                """).map(CPVEntry.init(row:))
        }
        let pattern = "%" + term.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        return try await query("""
            SELECT code, label_sv, label_en FROM cpv_codes WHERE lower(label_sv) LIKE \(pattern)
            ORDER BY length(rtrim(left(code, 8), '0')), code LIMIT \(limit)
            """).map(CPVEntry.init(row:))
    }

    /// Every threshold period, newest first.
    public func thresholds() async throws -> [StoredThreshold] {
        try await query("""
            SELECT id, law::text, kind::text, buyer::text, valid_from, valid_to, eur, sek, source, changed_at
            FROM thresholds ORDER BY valid_from DESC, law, kind, buyer
            """).map(StoredThreshold.init(row:))
    }

    public func thresholdTable() async throws -> ThresholdTable {
        ThresholdTable(try await thresholds().map(\.threshold))
    }

    /// Completes a threshold that has only EUR with its official SEK amount (administrators).
    /// Nil when there is no such threshold; a conflict when it has an amount already.
    public func enterThresholdSEK(id: UUID, sek: Money) async throws -> StoredThreshold? {
        try await query("""
            SELECT id, law::text, kind::text, buyer::text, valid_from, valid_to, eur, sek, source, changed_at
            FROM enter_threshold_sek(\(id), \(sek))
            """).first.map(StoredThreshold.init(row:))
    }

    /// Adds a threshold period (administrators).
    public func addThreshold(_ threshold: Threshold) async throws -> StoredThreshold {
        let rows = try await query("""
            SELECT id, law::text, kind::text, buyer::text, valid_from, valid_to, eur, sek, source, changed_at
            FROM add_threshold(\(threshold.law.rawValue)::procurement_law, \(threshold.kind.rawValue)::threshold_kind,
                               \(threshold.buyer.rawValue)::buyer_category, \(threshold.validFrom), \(threshold.validTo),
                               \(threshold.eur)::numeric, \(threshold.sek), \(threshold.source))
            """)
        guard let row = rows.first else { throw PostgresError(kind: .decoding, context: "add_threshold returned nothing") }
        return try StoredThreshold(row: row)
    }
}

/// A code as typed, read the way the vocabulary is searched: by its eight digits, with the
/// check digit, when given, having to be the code's own.
struct CPVLookup {
    let trimmed: String
    let digits: String

    init?(_ text: String) {
        trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 8 || trimmed.count == 10 else { return nil }
        digits = String(trimmed.prefix(8))
        guard digits.allSatisfy(\.isNumber) else { return nil }
    }

    func accepts(_ entry: CPVEntry) -> Bool {
        trimmed.count == 8 || entry.code.code == trimmed
    }
}

extension CPVEntry {
    init(row: PostgresRow) throws {
        self.init(code: try row.decode(0), labelSV: try row.decode(1), labelEN: try row.decode(2))
    }
}

extension StoredThreshold {
    init(row: PostgresRow) throws {
        guard let law = ProcurementLaw(rawValue: try row.decode(1)),
              let kind = ThresholdKind(rawValue: try row.decode(2)),
              let buyer = BuyerCategory(rawValue: try row.decode(3)) else {
            throw PostgresError(kind: .decoding, context: "unknown threshold classification", column: "kind")
        }
        let eur: Money? = try row.decode(6)
        self.init(
            id: try row.decode(0),
            threshold: Threshold(
                law: law, kind: kind, buyer: buyer, validFrom: try row.decode(4), validTo: try row.decode(5),
                eur: eur.map { $0.ore / 100 }, sek: try row.decode(7), source: try row.decode(8)),
            changedAt: try row.decode(9))
    }
}
