import Foundation
import Postgres
import Procurement

/// A Swedish municipality from the reference register (Statistics Sweden's codes).
public struct Municipality: Sendable, Equatable, Codable {
    public var kommunkod: Kommunkod
    public var name: String
    public var countyCode: String
    public var countyName: String
}

extension Transaction {
    /// The register of all 290 municipalities, by code.
    public func municipalities() async throws -> [Municipality] {
        try await query("SELECT kommunkod, name, county_code, county_name FROM municipalities ORDER BY kommunkod")
            .map(Municipality.init(row:))
    }

    public func municipality(_ code: Kommunkod) async throws -> Municipality? {
        try await query("SELECT kommunkod, name, county_code, county_name FROM municipalities WHERE kommunkod = \(code.code)")
            .first.map(Municipality.init(row:))
    }
}

extension Municipality {
    init(row: PostgresRow) throws {
        guard let code = Kommunkod(try row.decode(0, as: String.self)) else {
            throw PostgresError(kind: .decoding, context: "stored kommunkod is invalid", column: "kommunkod")
        }
        self.init(kommunkod: code, name: try row.decode(1), countyCode: try row.decode(2), countyName: try row.decode(3))
    }
}
