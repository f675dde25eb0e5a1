import Foundation
@testable import Postgres
import Procurement
import Testing

@Suite struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeParameters() {
        let id = UUID(uuidString: "6F1D4C3E-2B7A-4D8E-9C10-0123456789AB")!
        let name = "'; DROP TABLE organisations; --"
        let query: PostgresQuery = "SELECT * FROM organisations WHERE id = \(id) AND name = \(name)"
        #expect(query.sql == "SELECT * FROM organisations WHERE id = $1 AND name = $2")
        #expect(query.binds == [
            PostgresBind(text: "6f1d4c3e-2b7a-4d8e-9c10-0123456789ab", type: .uuid),
            PostgresBind(text: name, type: .unknown),
        ])
        #expect(!query.description.contains("DROP"))
    }

    @Test func optionalsAndTypedValues() {
        let missing: Int? = nil
        let query: PostgresQuery = "VALUES (\(missing), \(Money(ore: 150)), \(CalendarDate(iso: "2026-01-31")!), \(true))"
        #expect(query.binds.map(\.text) == [nil, "1.50", "2026-01-31", "t"])
        #expect(query.binds.map(\.type) == [.int8, .numeric, .date, .bool])
    }

    @Test func fragmentsAreRenumbered() {
        let filter: PostgresQuery = "kind = \("municipality") AND name <> '$1 literal' AND \"$2\" = \(2)"
        let query: PostgresQuery = "SELECT \(1) WHERE \(fragment: filter) AND x = \(3)"
        #expect(query.sql == "SELECT $1 WHERE kind = $2 AND name <> '$1 literal' AND \"$2\" = $3 AND x = $4")
        #expect(query.binds.map(\.text) == ["1", "municipality", "2", "3"])
    }

    @Test func identifiersAreQuoted() {
        let query: PostgresQuery = "CREATE DATABASE \(identifier: "te\"st")"
        #expect(query.sql == "CREATE DATABASE \"te\"\"st\"")
        #expect(query.binds.isEmpty)
    }
}

@Suite struct PostgresTextFormatTests {
    @Test func arraysRoundTripAwkwardElements() {
        let elements: [String?] = ["plain", "with space", "quote\"d", "back\\slash", "", nil, "NULL", "{braces}", "a,b"]
        let literal = PostgresArrayLiteral.encode(elements)
        #expect(PostgresArrayLiteral.decode(literal) == elements)
        #expect(PostgresArrayLiteral.decode("{1,2,NULL}") == ["1", "2", nil])
        #expect(PostgresArrayLiteral.decode("{}") == [])
        #expect(PostgresArrayLiteral.decode("{\"unterminated}") == nil)
        #expect(PostgresArrayLiteral.decode("1,2") == nil)
        // Read byte by byte: text beyond ASCII comes through whole; NULL in any case is SQL NULL.
        #expect(PostgresArrayLiteral.decode("{Åre,\"Östersund, kommun\",null,\"null\",𝄞}") == ["Åre", "Östersund, kommun", nil, "null", "𝄞"])
        #expect(PostgresArrayLiteral.decode(PostgresArrayLiteral.encode(["Jämtkontor \"AB\"", "Nål\\tråd"])) == ["Jämtkontor \"AB\"", "Nål\\tråd"])
        #expect(PostgresArrayLiteral.decode("{a,}") == ["a", ""])
        #expect(PostgresArrayLiteral.decode("{\"a\"b}") == nil)
        #expect(PostgresArrayLiteral.decode("{") == nil)
    }

    @Test func timestampsKeepMicroseconds() throws {
        let instant = Date(timeIntervalSince1970: 1_795_000_000.123456)
        let text = PostgresTimestamp.format(instant)
        #expect(text == "2026-11-18 11:06:40.123456+00")
        let parsed = try #require(PostgresTimestamp.parse(text))
        #expect(abs(parsed.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
    }

    @Test func timestampsWithOffsetsAndBefore1970() throws {
        let stockholm = try #require(PostgresTimestamp.parse("2026-06-01 12:00:00+02"))
        let utc = try #require(PostgresTimestamp.parse("2026-06-01 10:00:00+00"))
        #expect(stockholm == utc)
        let india = try #require(PostgresTimestamp.parse("2026-06-01 15:30:00+05:30"))
        #expect(india == utc)
        let old = Date(timeIntervalSince1970: -86_400 * 365 - 0.5)
        #expect(PostgresTimestamp.format(old) == "1968-12-31 23:59:59.500000+00")
        #expect(PostgresTimestamp.parse(PostgresTimestamp.format(old)) == old)
        #expect(PostgresTimestamp.parse("2026-06-01") == nil)
        #expect(PostgresTimestamp.parse("2026-06-01 10:00:00+") == nil)
    }

    @Test func moneyDecodingRefusesRounding() throws {
        #expect(try Money(postgresText: "1234.50", type: .numeric) == Money(ore: 123_450))
        #expect(throws: PostgresDecodingFailure.self) { try Money(postgresText: "0.001", type: .numeric) }
        #expect(Int?.postgresNull() == nil)
        #expect(throws: PostgresDecodingFailure.unexpectedNull) { try Int.postgresNull() }
    }
}

@Suite struct PostgresErrorTests {
    @Test func descriptionLeavesOutServerTextThatMayHoldValues() {
        let error = PostgresError(
            kind: .server, sqlState: .uniqueViolation, table: "organisations",
            constraint: "organisations_office_id_organisation_number_key",
            serverMessage: "duplicate key value violates unique constraint",
            serverDetail: "Key (office_id, organisation_number)=(x, 5566778899) already exists.")
        #expect(error.description.contains("23505"))
        #expect(error.description.contains("organisations_office_id_organisation_number_key"))
        #expect(!error.description.contains("5566778899"))
        #expect(error.debugDescription.contains("5566778899"))
        #expect("\(error)" == error.description)
    }

    @Test func retryableStates() {
        #expect(PostgresError(kind: .server, sqlState: .serializationFailure).isRetryable)
        #expect(PostgresError(kind: .server, sqlState: .deadlockDetected).isRetryable)
        #expect(!PostgresError(kind: .server, sqlState: .uniqueViolation).isRetryable)
        #expect(SQLState.checkViolation.isIntegrityViolation)
    }
}

@Suite struct PostgresConfigurationTests {
    @Test func overridesComeAfterTheConnectionString() {
        var configuration = PostgresConfiguration(connectionString: "postgresql://app@db.example/samverkan?sslmode=verify-full")
        configuration = configuration.with(user: "other", database: "elsewhere")
        let parameters = configuration.connectParameters()
        let keywords = parameters.map(\.keyword)
        #expect(keywords.firstIndex(of: "dbname")! < keywords.firstIndex(of: "user")!)
        #expect(keywords.last == "client_encoding")
        #expect(parameters.first { $0.keyword == "dbname" }?.value.hasPrefix("postgresql://") == true)
        #expect(parameters.last { $0.keyword == "dbname" }?.value == "elsewhere")
    }

    @Test func emptyConnectionStringLeavesItToLibpqDefaults() {
        let keywords = PostgresConfiguration().connectParameters().map(\.keyword)
        #expect(!keywords.contains("dbname"))
        #expect(!keywords.contains("host"))
    }
}
