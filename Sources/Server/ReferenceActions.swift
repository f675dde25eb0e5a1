import Foundation
import Postgres
import Procurement
import Store

/// The reference data an administrator completes: the thresholds (*tröskelvärden*). The pages
/// and the API both come here; the database's functions check the role and the rules again.
struct ReferenceActions: Sendable {
    let database: Database

    struct NewThreshold: Decodable, Sendable {
        var law: ProcurementLaw
        var kind: ThresholdKind
        var buyer: BuyerCategory
        var validFrom: CalendarDate
        var validTo: CalendarDate?
        var eur: Int64?
        var sek: String?
        var source: String
    }

    /// Enters the official SEK amount of a threshold that has only EUR. One that has an amount
    /// keeps it: a change is a new period, so that what was classified stays explained.
    func enterThresholdSEK(_ signedIn: Authenticated, id: UUID, sek text: String?) async throws -> StoredThreshold {
        try Self.requireAdministrator(signedIn)
        let sek = try Input.money(text, field: "sek", label: "beloppet i kronor")
        guard sek.ore > 0 else { throw AppError.invalid("`sek` must be greater than zero").swedish("Beloppet måste vara större än noll.") }
        return try await database.transaction(as: signedIn.identity) { transaction in
            guard let existing = try await transaction.thresholds().first(where: { $0.id == id }) else {
                throw AppError.notFound("threshold \(id)")
            }
            guard existing.threshold.sek == nil else {
                throw AppError.conflict("the threshold has a SEK amount already; add a new period to change it")
                    .swedish("Tröskelvärdet har redan ett belopp i kronor. Lägg till en ny period för att ändra det.")
            }
            guard let stored = try await transaction.enterThresholdSEK(id: id, sek: sek) else { throw AppError.notFound("threshold \(id)") }
            return stored
        }
    }

    /// Adds a threshold period with its source.
    func addThreshold(_ signedIn: Authenticated, _ input: NewThreshold) async throws -> StoredThreshold {
        try Self.requireAdministrator(signedIn)
        let source = try Input.text(input.source, field: "source", label: "källan", maxLength: 500)
        let sek = try Input.optionalMoney(input.sek, field: "sek", label: "beloppet i kronor")
        guard sek != nil || (input.eur ?? 0) > 0 else {
            throw AppError.invalid("give `sek`, `eur` or both").swedish("Ange beloppet i kronor, i euro eller båda.")
        }
        if let eur = input.eur, eur <= 0 {
            throw AppError.invalid("`eur` must be greater than zero").swedish("Beloppet i euro måste vara större än noll.")
        }
        if let sek, sek.ore <= 0 {
            throw AppError.invalid("`sek` must be greater than zero").swedish("Beloppet i kronor måste vara större än noll.")
        }
        if let validTo = input.validTo, validTo < input.validFrom {
            throw AppError.invalid("`validTo` is before `validFrom`").swedish("Giltighetstiden kan inte sluta innan den börjar.")
        }
        let threshold = Threshold(
            law: input.law, kind: input.kind, buyer: input.buyer, validFrom: input.validFrom, validTo: input.validTo,
            eur: input.eur, sek: sek, source: source)
        do {
            return try await database.transaction(as: signedIn.identity) { try await $0.addThreshold(threshold) }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw AppError.conflict("a period of this law, kind and buyer starts on \(input.validFrom) already")
                .swedish("Det finns redan en period för samma lag, slag och upphandlande myndighet som börjar \(input.validFrom).")
        }
    }

    private static func requireAdministrator(_ signedIn: Authenticated) throws {
        guard signedIn.activeRole?.role == .administrator else {
            throw AppError.forbidden.swedish("Bara kontorets administratör ändrar tröskelvärdena.")
        }
    }
}
