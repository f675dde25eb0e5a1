import Foundation
import OpenContracting
import Postgres
import Procurement

extension Transaction {
    /// The identity's office's OCID prefix, if it has set one.
    public func ocidPrefix() async throws -> String? {
        guard let row = try await query("SELECT ocid_prefix FROM offices WHERE id = current_office_id()").first else { return nil }
        return try row.decode(0, as: String?.self)
    }

    /// Sets (or, with nil, clears) the office's OCID prefix. False when the identity may not:
    /// only the administrator (or the system) changes the office.
    @discardableResult
    public func setOCIDPrefix(_ prefix: String?) async throws -> Bool {
        try await query("UPDATE offices SET ocid_prefix = \(prefix) WHERE id = current_office_id()").affectedRows == 1
    }
}

extension Database {
    /// Every office's OCID prefix, as each office's public reads it: the prefix is public,
    /// being part of every ocid the office publishes. Offices without one are left out.
    public func ocidPrefixes() async throws -> [UUID: String] {
        let offices = try await transaction(as: .anonymous, readOnly: true) { try await $0.officeDirectory() }
        var prefixes: [UUID: String] = [:]
        for office in offices {
            if let prefix = try await transaction(as: .publicReader(of: office.id), readOnly: true, { try await $0.ocidPrefix() }) {
                prefixes[office.id] = prefix
            }
        }
        return prefixes
    }
}

/// What came of changing an office's OCID prefix.
public enum OCIDPrefixChange: Sendable, Equatable {
    case changed
    /// Another office publishes under it: their ocids would collide.
    case takenByAnotherOffice
    /// The identity may not change the office.
    case refused
}

extension Database {
    /// Sets (nil: clears) the identity's office's OCID prefix, unless another office has it.
    /// The check reads the other offices' prefixes as their public (they are public), so two
    /// administrators setting the same prefix at the same moment could both succeed: the
    /// registry assigns each publisher its own prefix, which makes that a typing mistake.
    public func changeOCIDPrefix(to prefix: String?, as identity: Identity) async throws -> OCIDPrefixChange {
        if let prefix, let officeID = identity.officeID,
           try await ocidPrefixes().contains(where: { $0.key != officeID && $0.value == prefix }) {
            return .takenByAnotherOffice
        }
        return try await transaction(as: identity) { try await $0.setOCIDPrefix(prefix) } ? .changed : .refused
    }
}
