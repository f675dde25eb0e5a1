import Foundation
import Postgres
import Procurement
import Testing
import TestSupport

@Suite struct RoundTripTests {
    @Test func awkwardTextSurvivesUnchanged() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool()
            let values = [
                "O'Brien \"quoted\"", "'; DROP TABLE organisations; --", "Östersund, Åre & Härjedalen",
                "emoji 🏔️🦌", "tab\tnew\nline\\backslash", "", String(repeating: "x", count: 100_000),
                "\u{202F}narrow no-break", "日本語",
            ]
            for value in values {
                let rows = try await pool.withConnection { try await $0.query("SELECT \(value)::text AS v, length(\(value)::text) AS n") }
                #expect(try rows.single?.decode("v", as: String.self) == value)
                #expect(try rows.single?.decode("n", as: Int.self) == value.unicodeScalars.count)
            }
        }
    }

    @Test func typedValuesAndNulls() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool()
            let id = UUID()
            let instant = Date(timeIntervalSince1970: 1_795_000_000.654321)
            let day = CalendarDate(iso: "2028-02-29")!
            let money = Money(ore: Int64.max)
            let nothing: String? = nil
            let row = try await pool.withConnection { connection in
                try await connection.query("""
                    SELECT \(id)::uuid, \(instant)::timestamptz, \(day)::date, \(money)::numeric,
                           \(Int64.min)::int8, \(Int32.max)::int4, \(true)::bool, \(nothing)::text,
                           \([1, 2, 3] as [Int])::int8[], \(["a,b", "c\"d", nil] as [String?])::text[],
                           '123456789012345678901234.56'::numeric AS huge
                    """).single!
            }
            #expect(try row.decode(0, as: UUID.self) == id)
            #expect(abs(try row.decode(1, as: Date.self).timeIntervalSince(instant)) < 0.000_001)
            #expect(try row.decode(2, as: CalendarDate.self) == day)
            #expect(try row.decode(3, as: Money.self) == money)
            #expect(try row.decode(4, as: Int64.self) == Int64.min)
            #expect(try row.decode(5, as: Int32.self) == Int32.max)
            #expect(try row.decode(6, as: Bool.self))
            #expect(try row.decode(7, as: String?.self) == nil)
            #expect(try row.decode(8, as: [Int].self) == [1, 2, 3])
            #expect(try row.decode(9, as: [String?].self) == ["a,b", "c\"d", nil])
            // Too large for öre in 64 bits: refused, not wrapped or rounded.
            #expect(throws: PostgresError.self) { try row.decode("huge", as: Money.self) }
            #expect(throws: PostgresError.self) { try row.decode(7, as: String.self) }
        }
    }

    @Test func aNulCharacterIsRefusedBeforeItIsSent() async throws {
        try await TestCluster.shared.withDatabase { database in
            let pool = await database.applicationPool(maxConnections: 1)
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { try await $0.query("SELECT \("a\u{0}b")::text") }
            }
            let one = try await pool.withConnection { try await $0.query("SELECT 1").single!.decode(0, as: Int.self) }
            #expect(one == 1)
        }
    }
}
